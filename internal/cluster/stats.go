package cluster

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Stats are the document frequencies of content-word roots in Indonesian
// news, which weigh the terms of a profile: sharing "gempa" says more than
// sharing "jakarta". They are counted over the news corpus by `warta train
// events` (an unsupervised statistic) and shipped in model/df.tsv.gz.
type Stats struct {
	N  int              // documents counted
	DF map[string]int32 // root → documents holding it
}

//go:embed model/df.tsv.gz
var shippedDF []byte

var (
	statsOnce sync.Once
	shipped   *Stats
	statsErr  error
)

// ShippedStats returns the document frequencies shipped in the binary,
// read on first use (not at start-up).
func ShippedStats() (*Stats, error) {
	statsOnce.Do(func() { shipped, statsErr = ReadStats(bytes.NewReader(shippedDF)) })
	return shipped, statsErr
}

// IDF is the inverse document frequency of a root; a root never counted
// weighs as one seen in a single document.
func (st *Stats) IDF(t string) float64 {
	d := 1
	if st != nil {
		if n := st.DF[t]; n > 0 {
			d = int(n)
		}
	}
	n := 1
	if st != nil {
		n = st.N
	}
	return math.Log(float64(n+1) / float64(d))
}

// nameIDF weighs an entity by the rarest word of its name: "Joko Widodo"
// by "widodo", "Republik Indonesia" by "republik".
func (st *Stats) nameIDF(name string) float64 {
	best := 0.0
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 2 {
			continue
		}
		t := w
		if r := stemmer.Stem(w); len(r) >= 3 {
			t = r
		}
		best = math.Max(best, st.IDF(t))
	}
	if best == 0 {
		best = 1
	}
	return best
}

// Counter counts document frequencies for Stats.
type Counter struct {
	st   *Stats
	seen map[string]bool
}

// NewCounter returns an empty counter.
func NewCounter() *Counter {
	return &Counter{st: &Stats{DF: map[string]int32{}}, seen: map[string]bool{}}
}

// Add counts one document's text (headline and body).
func (c *Counter) Add(text string) {
	clear(c.seen)
	var st Stats
	for _, t := range st.terms(text, false) {
		if !c.seen[t] {
			c.seen[t] = true
			c.st.DF[t]++
		}
	}
	c.st.N++
}

// Stats returns what was counted, keeping roots seen in at least min
// documents (rarer ones weigh as unseen anyway).
func (c *Counter) Stats(min int) *Stats {
	out := &Stats{N: c.st.N, DF: map[string]int32{}}
	for t, n := range c.st.DF {
		if int(n) >= min {
			out.DF[t] = n
		}
	}
	return out
}

// WriteTo writes the stats as gzip-compressed TSV: a header line "N\t<n>",
// then "root\tdf" sorted by root, so the file is the same for the same
// counts.
func (st *Stats) WriteTo(w io.Writer) (int64, error) {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "N\t%d\n", st.N)
	keys := make([]string, 0, len(st.DF))
	for t := range st.DF {
		keys = append(keys, t)
	}
	sort.Strings(keys)
	for _, t := range keys {
		fmt.Fprintf(bw, "%s\t%d\n", t, st.DF[t])
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	return 0, zw.Close()
}

// ReadStats reads what WriteTo wrote.
func ReadStats(r io.Reader) (*Stats, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read term stats: %w", err)
	}
	st := &Stats{DF: map[string]int32{}}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		t, n, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		v, err := strconv.Atoi(n)
		if err != nil {
			return nil, fmt.Errorf("read term stats: bad count %q", n)
		}
		if t == "N" {
			st.N = v
			continue
		}
		st.DF[t] = int32(v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read term stats: %w", err)
	}
	return st, nil
}

// stopID are Indonesian function words and the words every report uses
// (days of the week, "kata", "ujar"): they tell no happening from another.
var stopID = wordSet(`yang dan di ke dari ini itu dengan untuk pada dalam tidak akan juga ada atau oleh karena saat bisa
	sudah telah kata ujar ucap tutur mengatakan menurut para sebagai lebih tersebut kepada bahwa agar namun tetapi hingga
	seperti masih belum adalah yakni yaitu secara setelah sebelum jadi mereka kami kita saya dia ia pun lagi bagi serta
	maka jika kalau hanya harus dapat sangat baru tak tidak bukan antara sejak sementara selain terhadap tentang tanpa
	senin selasa rabu kamis jumat sabtu minggu pukul wib wita wit lalu kemarin ini nanti kini hari tahun bulan pekan
	baca juga simak berita artikel foto video com www http https sebut jelas ungkap tambah lanjut imbuh terang
	begitu demikian sehingga meski walau karena oleh atas bawah sangat cukup banyak semua setiap sendiri tersebut
	nya lah kah pun ya tak jangan mari yuk kok sih dong nah the and of to in for on with that this was`)

// stopEN are English function words and reporting verbs.
var stopEN = wordSet(`the and for with that this from was were are has have had been will would could should not but
	its their his her they them which who whom whose what when where while also said says say told according than
	into over after before about more most other such only some any all can may might just very there here then
	one two three monday tuesday wednesday thursday friday saturday sunday reporters statement news jakarta`)

// englishRoots maps English news words to the Indonesian roots the stemmer
// gives their usual translations, so that an English report of a
// happening shares terms with the Indonesian ones ("earthquake" and
// "gempa", "met" and "bertemu").
var englishRoots = func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(`temu: meet meets met meeting meetings
		kunjung: visit visits visited visiting
		bicara: talk talks talked discuss discussed discussion discussions
		menteri: minister ministers ministry
		luar: foreign
		negeri: affairs
		presiden: president presidential
		gempa: earthquake earthquakes quake tremor
		banjir: flood floods flooding flooded
		longsor: landslide landslides
		bakar: fire fires burning burned
		hutan: forest forests
		asap: haze smoke
		tangkap: arrest arrests arrested
		tahan: detain detained detention
		korupsi: corruption graft
		suap: bribe bribery bribes
		sangka: suspect suspects
		revisi: revision revise revised
		undang: law laws
		kesah: pass passed passage ratify ratified
		tandatangan: sign signed signing
		sepakat: agree agreed agreement agreements deal
		dagang: trade
		investasi: investment investments invest
		sehat: health
		vaksin: vaccine vaccines vaccination
		tinggal: died dies death passed_away
		tewas: killed dead
		korban: victim victims casualties
		polisi: police
		adil: court tribunal
		vonis: verdict sentenced sentence
		pilih: election elect elected vote votes voting voted
		komisi: commission
		hasil: result results
		harga: price prices
		minyak: oil
		beras: rice
		demonstrasi: protest protests protesters demonstration demonstrators rally
		mahasiswa: students student
		bantu: aid assistance help helped
		serah: handed hand
		kerja: cooperation cooperate work
		ekonomi: economy economic
		perang: war
		serang: attack attacks attacked
		bom: bomb bombing
		damai: peace
		pandemi: pandemic
		duta: ambassador embassy
		wakil: vice deputy
		ketua: chairman chair head speaker
		partai: party
		calon: candidate candidates
		umum: general announce announced announcement
		hakim: judge judges
		jaksa: prosecutor prosecutors
		gunung: mount mountain volcano
		erupsi: eruption erupted
		tsunami: tsunami
		kapal: ship vessel boat
		pesawat: plane aircraft flight
		jatuh: crash crashed
		celaka: accident
		pemerintah: government
		rakyat: people
		bangsa: nation national
		negara: state country countries
		kota: city
		provinsi: province
		bupati: regent
		gubernur: governor
		walikota: mayor
		tentara: army troops soldiers military
		latih: exercise drill drills training
		laut: sea maritime naval navy
		dana: fund funds funding
		utang: debt
		pajak: tax taxes
		listrik: electricity power
		jalan: road roads
		sekolah: school schools
		rumah: house houses home
		sakit: hospital ill sick
		obat: medicine drugs
		narkoba: narcotics
		teroris: terrorist terrorists terrorism
		ungsi: refugees displaced evacuees
		evakuasi: evacuate evacuated evacuation
		selamat: rescue rescued survivors
		hilang: missing
		kabinet: cabinet
		lantik: inaugurate inaugurated inauguration sworn
		mundur: resign resigned resignation
		tolak: reject rejected refuse refused
		minta: ask asked request requested urge urged demand demanded
		kecam: condemn condemned criticize criticized
		dukung: support supported
		ancam: threaten threatened threat
		sanksi: sanction sanctions
		ekspor: export exports
		impor: import imports
		tambang: mining mine
		batu: coal
		emas: gold
		saham: stock stocks shares
		bank: bank banks
		bunga: interest
		inflasi: inflation
		tumbuh: growth
		juara: champion champions won winner
		menang: win wins victory
		kalah: lose lost defeat defeated
		laga: match game
		piala: cup
		film: film movie
		nikah: married marriage wedding
		cerai: divorce divorced`, "\n") {
		root, words, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		for _, w := range strings.Fields(words) {
			m[w] = root
		}
	}
	return m
}()

// enStem strips the commonest English inflections: enough for two reports
// in English to share "attacks" and "attacked".
func enStem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
