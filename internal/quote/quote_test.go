package quote

import (
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

// person declares a person entity found by its surface forms.
func person(id, name string, paras []string, forms ...string) warta.Entity {
	e := warta.Entity{ID: id, Name: name, Type: warta.EntityPerson}
	for pi, p := range paras {
		for _, f := range forms {
			if i := strings.Index(p, f); i >= 0 {
				e.Mentions = append(e.Mentions, warta.Mention{Text: f, Paragraph: pi, Start: i, End: i + len(f)})
			}
		}
	}
	return e
}

type qcase struct {
	name    string
	paras   []string
	speaker string // "" means nil
	cue     string
	starts  string
	direct  bool
}

func TestQuotes(t *testing.T) {
	tests := []qcase{
		{"verb after with name", []string{`Sugiono tiba pagi ini.`, `"Kami siap bekerja sama dengan semua pihak," kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami siap", true},
		{"ujar with name and place", []string{`"Persiapan sudah selesai sepenuhnya," ujar Sugiono di Jakarta.`}, "Sugiono", "ujar Sugiono", "Persiapan", true},
		{"ucap dia resolves to last speaker", []string{`"Kami siap bekerja sama sepenuhnya," kata Sugiono.`, `"Diskusi kami terbuka dan produktif," ucap dia.`}, "Sugiono", "ucap dia", "Diskusi", true},
		{"-nya form", []string{`"Kami siap bekerja sama sepenuhnya," kata Sugiono.`, `"Semua akan berjalan dengan baik," sambungnya.`}, "Sugiono", "sambungnya", "Semua", true},
		{"imbuhnya", []string{`Sugiono berbicara kepada wartawan.`, `"Hal itu sudah kami bicarakan kemarin," imbuhnya.`}, "Sugiono", "imbuhnya", "Hal itu", true},
		{"tegasnya", []string{`Sugiono berbicara.`, `"Tidak ada kompromi untuk itu," tegasnya.`}, "Sugiono", "tegasnya", "Tidak ada", true},
		{"curly quotes", []string{`“Kami akan memperkuat kerja sama ini,” kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami akan", true},
		{"title before name", []string{`"Kami akan memperkuat kerja sama ini," kata Menlu Sugiono.`}, "Sugiono", "kata Menlu Sugiono", "Kami akan", true},
		{"verb before with comma", []string{`Sugiono mengatakan, "Kami akan memperkuat kerja sama ini."`}, "Sugiono", "Sugiono mengatakan,", "Kami akan", true},
		{"menurut before", []string{`Menurut Sugiono, "kerja sama ini akan diperkuat tahun depan."`}, "Sugiono", "menurut Sugiono", "kerja sama", true},
		{"colon before", []string{`Sugiono: "Kami tidak akan mundur dari kesepakatan ini."`}, "Sugiono", "Sugiono:", "Kami tidak", true},
		{"no speaker stays nil", []string{`"Semua harus siap sebelum musim hujan tiba," demikian bunyi pengumuman itu.`}, "", "", "Semua harus", true},
		{"scare quotes ignored", []string{`Program "Merdeka Belajar" terus berjalan.`}, "", "", "", false},
		{"single quotes ignored", []string{`Gelar 'Sayyid' itu jadi sorotan warganet yang ramai.`}, "", "", "", false},
		{"multi-paragraph quote", []string{`"Kami sudah bekerja keras selama ini.`, `Hasilnya akan terlihat dalam waktu dekat," kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami sudah bekerja keras selama ini. Hasilnya", true},
		{"missing opening mark", []string{`Kami sudah bekerja keras untuk itu,” kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami sudah", true},
		{"said in English", []string{`"We are ready to work together," said Sugiono.`}, "Sugiono", "said Sugiono", "We are", true},
		{"organization speaks", []string{`"Kami menolak tuduhan itu sepenuhnya," kata Kremlin.`}, "Kremlin", "kata Kremlin", "Kami menolak", true},
		{"indirect speech with bahwa", []string{`Sugiono menuturkan bahwa kunjungan itu akan segera dilakukan.`}, "Sugiono", "Sugiono menuturkan", "kunjungan itu", false},
		{"indirect speech menyebut", []string{`Lebih lanjut, Sugiono menyebut Rusia merupakan mitra penting.`}, "Sugiono", "Sugiono menyebut", "Rusia merupakan", false},
		{"indirect with pronoun", []string{`Sugiono hadir di sana.`, `Ia mengungkapkan bahwa pertemuan berlangsung lancar sekali.`}, "Sugiono", "Ia mengungkapkan", "pertemuan berlangsung", false},

		// Speech verbs after the quote, each form.
		{"ungkap", []string{`"Proyek ini selesai tepat waktu," ungkap Sugiono.`}, "Sugiono", "ungkap Sugiono", "Proyek ini", true},
		{"tutur", []string{`"Kami menunggu hasil resmi dari panitia," tutur Sugiono.`}, "Sugiono", "tutur Sugiono", "Kami menunggu", true},
		{"jelas", []string{`"Anggarannya sudah disetujui sejak bulan lalu," jelas Sugiono.`}, "Sugiono", "jelas Sugiono", "Anggarannya", true},
		{"tegas", []string{`"Tidak ada toleransi bagi pelanggar aturan," tegas Sugiono.`}, "Sugiono", "tegas Sugiono", "Tidak ada toleransi", true},
		{"sebut", []string{`"Angka itu masih bisa bertambah lagi," sebut Sugiono.`}, "Sugiono", "sebut Sugiono", "Angka itu", true},
		{"papar", []string{`"Ada tiga tahap yang harus dilalui semua peserta," papar Sugiono.`}, "Sugiono", "papar Sugiono", "Ada tiga", true},
		{"terang", []string{`"Kami sudah berkoordinasi dengan pemerintah daerah," terang Sugiono.`}, "Sugiono", "terang Sugiono", "Kami sudah berkoordinasi", true},
		{"imbuh with name", []string{`"Semua pihak diminta tenang dan menunggu," imbuh Sugiono.`}, "Sugiono", "imbuh Sugiono", "Semua pihak", true},
		{"tambah", []string{`"Bantuan akan tiba besok pagi di lokasi," tambah Sugiono.`}, "Sugiono", "tambah Sugiono", "Bantuan akan", true},
		{"lanjut", []string{`"Evaluasi dilakukan setiap tiga bulan sekali," lanjut Sugiono.`}, "Sugiono", "lanjut Sugiono", "Evaluasi", true},
		{"sambung with name", []string{`"Kami tidak akan berhenti sampai tuntas," sambung Sugiono.`}, "Sugiono", "sambung Sugiono", "Kami tidak akan berhenti", true},
		{"tulis", []string{`"Terima kasih atas dukungan semua warga," tulis Sugiono.`}, "Sugiono", "tulis Sugiono", "Terima kasih", true},
		{"kata with trailing place", []string{`"Pertemuan berjalan lancar dan hangat," kata Sugiono di Bandung.`}, "Sugiono", "kata Sugiono", "Pertemuan berjalan", true},
		{"kata with kepada", []string{`"Kami siap menerima kritik dari siapa pun," kata Sugiono kepada wartawan.`}, "Sugiono", "kata Sugiono", "Kami siap menerima", true},
		{"ujar with saat", []string{`"Program ini dimulai pekan depan di lima kota," ujar Sugiono saat ditemui.`}, "Sugiono", "ujar Sugiono", "Program ini dimulai", true},
		{"ucapnya", []string{`Sugiono hadir.`, `"Semua berjalan baik sejauh ini," ucapnya.`}, "Sugiono", "ucapnya", "Semua berjalan", true},
		{"ungkapnya", []string{`Sugiono hadir.`, `"Kami masih menghitung kerugian," ungkapnya.`}, "Sugiono", "ungkapnya", "Kami masih menghitung", true},
		{"tuturnya", []string{`Sugiono hadir.`, `"Warga diminta tetap waspada malam ini," tuturnya.`}, "Sugiono", "tuturnya", "Warga diminta", true},
		{"jelasnya", []string{`Sugiono hadir.`, `"Prosesnya memang memakan waktu cukup lama," jelasnya.`}, "Sugiono", "jelasnya", "Prosesnya", true},
		{"katanya", []string{`Sugiono hadir.`, `"Hasil rapat akan diumumkan sore ini," katanya.`}, "Sugiono", "katanya", "Hasil rapat", true},
		{"ujarnya", []string{`Sugiono hadir.`, `"Kami berharap semua pihak bisa menahan diri," ujarnya.`}, "Sugiono", "ujarnya", "Kami berharap", true},
		{"pungkasnya", []string{`Sugiono hadir.`, `"Itu saja yang bisa saya sampaikan hari ini," pungkasnya.`}, "Sugiono", "pungkasnya", "Itu saja", true},
		// Pronouns.
		{"kata dia", []string{`Sugiono datang pagi.`, `"Saya belum menerima laporan lengkapnya," kata dia.`}, "Sugiono", "kata dia", "Saya belum", true},
		{"ujar ia", []string{`Sugiono datang pagi.`, `"Kita tunggu saja hasil penyelidikannya," ujar ia.`}, "Sugiono", "ujar ia", "Kita tunggu", true},
		{"kata beliau", []string{`Sugiono datang pagi.`, `"Pendidikan adalah kunci masa depan bangsa," kata beliau.`}, "Sugiono", "kata beliau", "Pendidikan adalah", true},
		{"pronoun after earlier speaker", []string{`"Kami bekerja sepanjang malam," kata Sugiono.`, `Rapat berlanjut hingga pagi.`, `"Besok kami lanjutkan lagi pembahasannya," ucap dia.`}, "Sugiono", "ucap dia", "Besok kami", true},
		{"pronoun without any speaker", []string{`"Semua sudah selesai dengan baik sekali," ucap dia.`}, "", "ucap dia", "Semua sudah", true},
		// Before the quote.
		{"menyatakan before", []string{`Sugiono menyatakan, "Indonesia tidak memihak dalam konflik itu."`}, "Sugiono", "Sugiono menyatakan,", "Indonesia tidak", true},
		{"menegaskan before", []string{`Sugiono menegaskan: "Kedaulatan tidak bisa ditawar oleh siapa pun."`}, "Sugiono", "Sugiono menegaskan:", "Kedaulatan", true},
		{"menjelaskan before", []string{`Sugiono menjelaskan, "Ada dua jalur yang bisa ditempuh pemerintah."`}, "Sugiono", "Sugiono menjelaskan,", "Ada dua jalur", true},
		{"said before in English", []string{`Sugiono said, "We will keep working with all partners."`}, "Sugiono", "Sugiono said,", "We will keep", true},
		{"menurut with title", []string{`Menurut Menlu Sugiono, "kerja sama maritim masih jadi prioritas utama."`}, "Sugiono", "menurut Menlu Sugiono", "kerja sama maritim", true},
		{"colon with title", []string{`Menlu Sugiono: "Kami menghormati keputusan pengadilan itu."`}, "Sugiono", "Menlu Sugiono:", "Kami menghormati", true},
		// Entity resolution.
		{"short name resolves to full", []string{`Menteri Luar Negeri Sugiono tiba di Jakarta.`, `"Kunjungan ini sangat penting bagi kami," kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kunjungan ini", true},
		{"unknown capitalized speaker kept", []string{`"Air naik sangat cepat malam itu," kata Budiman, warga setempat.`}, "Budiman", "kata Budiman", "Air naik", true},
		{"common noun is not a speaker", []string{`"Air naik sangat cepat malam itu," kata seorang warga.`}, "", "kata seorang warga", "Air naik", true},
		{"institution speaks", []string{`"Penerbangan ke Bali tetap normal hari ini," kata Kemenhub.`}, "Kemenhub", "kata Kemenhub", "Penerbangan ke Bali", true},
		{"embassy speaks", []string{`"Warga diminta menjauhi lokasi unjuk rasa," tulis Kedutaan Besar Rusia.`}, "Kedutaan Besar Rusia", "tulis Kedutaan Besar Rusia", "Warga diminta menjauhi", true},
		// Marks and shapes.
		{"curly quotes with ujarnya", []string{`Sugiono hadir.`, `“Kami bangga dengan hasil ini,” ujarnya.`}, "Sugiono", "ujarnya", "Kami bangga", true},
		{"quote mid paragraph, pronoun subject", []string{`Dalam pidatonya ia berkata "kita harus bersatu menghadapi krisis ini" di depan ratusan warga, kata Sugiono.`}, "Sugiono", "berkata", "kita harus bersatu", true},
		{"two quotes in one paragraph", []string{`"Kami siap," kata Sugiono. "Semua tim sudah berada di lokasi sejak pagi," tambahnya.`}, "Sugiono", "tambahnya", "Semua tim", true},
		{"three-paragraph quote", []string{`"Kami sudah bekerja keras.`, `Semua tim turun ke lapangan.`, `Hasilnya akan terlihat dalam waktu dekat," kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami sudah bekerja keras. Semua tim", true},
		{"unclosed quote at article end", []string{`"Kami akan terus memantau perkembangan situasi di lapangan`}, "", "", "Kami akan terus", true},
		{"quote of a title in quotes ignored", []string{`Film "Gadis Kretek" tayang di Netflix.`}, "", "", "", false},
		{"short quoted term with verb kept", []string{`"Siap," kata Sugiono.`}, "Sugiono", "kata Sugiono", "Siap", true},
		{"German quote marks", []string{`„Kami akan datang lagi tahun depan ke sini,” kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami akan datang", true},
		// Reported speech.
		{"indirect mengatakan bahwa", []string{`Sugiono mengatakan bahwa pemerintah akan menambah anggaran bantuan.`}, "Sugiono", "Sugiono mengatakan", "pemerintah akan", false},
		{"indirect menjelaskan", []string{`Sugiono menjelaskan proses evakuasi masih berlangsung hingga sore.`}, "Sugiono", "Sugiono menjelaskan", "proses evakuasi", false},
		{"indirect menegaskan", []string{`Sugiono menegaskan Indonesia tetap netral dalam konflik tersebut.`}, "Sugiono", "Sugiono menegaskan", "Indonesia tetap", false},
		{"indirect menilai", []string{`Sugiono menilai langkah itu akan memperkuat hubungan kedua negara.`}, "Sugiono", "Sugiono menilai", "langkah itu", false},
		{"indirect with title", []string{`Menlu Sugiono mengungkapkan rencana itu sudah dibahas sejak tahun lalu.`}, "Sugiono", "Menlu Sugiono mengungkapkan", "rencana itu", false},
		{"indirect with beliau", []string{`Sugiono hadir di sana.`, `Beliau menambahkan bahwa persiapan sudah mencapai sembilan puluh persen.`}, "Sugiono", "Beliau menambahkan", "persiapan sudah", false},
		{"indirect by common noun skipped", []string{`Warga mengatakan bahwa air mulai naik sejak tengah malam tadi.`}, "", "", "", false},
		{"indirect English", []string{`Sugiono said the talks would continue next month in Jakarta.`}, "", "", "", false},
		{"no speech at all", []string{`Banjir merendam ratusan rumah di Semarang sejak Senin malam.`}, "", "", "", false},
		{"quote then indirect in separate paragraphs", []string{`"Kami siap bekerja sama dengan semua pihak," kata Sugiono.`, `Sugiono menuturkan bahwa pertemuan berikutnya digelar bulan depan.`}, "Sugiono", "Sugiono menuturkan", "pertemuan berikutnya", false},
		{"Kremlin as speaker after", []string{`"Tidak ada rencana pertemuan dalam waktu dekat," kata Kremlin.`}, "Kremlin", "kata Kremlin", "Tidak ada rencana", true},
		{"speaker with apostrophe name", []string{`"Kami menyambut baik putusan itu," kata Ma'ruf.`}, "Ma'ruf", "kata Ma'ruf", "Kami menyambut", true},
		{"speaker followed by comma apposition", []string{`"Pasokan beras aman hingga Lebaran," kata Budiman, Kepala Bulog setempat.`}, "Budiman", "kata Budiman", "Pasokan beras", true},
		{"question quoted", []string{`"Apakah ini adil bagi warga kecil?" tanya Sugiono.`}, "Sugiono", "tanya Sugiono", "Apakah ini adil", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &warta.Article{Paragraphs: tc.paras}
			a.Entities = []warta.Entity{person("p:sugiono", "Sugiono", tc.paras, "Menlu Sugiono", "Sugiono")}
			qs := Find(a, Options{})
			if tc.starts == "" {
				if len(qs) != 0 {
					t.Fatalf("want no quote, got %+v", qs)
				}
				return
			}
			var q *warta.Quote
			for i := range qs {
				if strings.HasPrefix(qs[i].Text, tc.starts) {
					q = &qs[i]
				}
			}
			if q == nil {
				t.Fatalf("no quote starting %q in %+v", tc.starts, qs)
			}
			got := ""
			if q.Speaker != nil {
				got = *q.Speaker
			}
			if got != tc.speaker || q.Cue != tc.cue || q.Direct != tc.direct {
				t.Fatalf("quote %q: speaker %q cue %q direct %v; want %q %q %v", q.Text, got, q.Cue, q.Direct, tc.speaker, tc.cue, tc.direct)
			}
		})
	}
}

func TestInterview(t *testing.T) {
	paras := []string{"Apa prioritas kerja sama kedua negara?", "Prioritas kami adalah energi dan pendidikan."}
	a := &warta.Article{Type: "interview", Kicker: "Wawancara Dengan Menlu Rusia Sergey Lavrov", Paragraphs: paras,
		Entities: []warta.Entity{{ID: "p:lavrov", Name: "Sergey Lavrov", Type: warta.EntityPerson, Mentions: []warta.Mention{{Text: "Sergey Lavrov", Paragraph: -2}}}}}
	qs := Find(a, Options{})
	if len(qs) != 2 || qs[0].Speaker != nil || qs[1].Speaker == nil || *qs[1].Speaker != "Sergey Lavrov" {
		t.Fatalf("interview quotes = %+v", qs)
	}
}

func FuzzFind(f *testing.F) {
	f.Add(`"Kami siap," kata Sugiono.`, `“Dua” ucap dia`)
	f.Fuzz(func(t *testing.T, a, b string) {
		Find(&warta.Article{Paragraphs: []string{a, b}}, Options{})
	})
}

// holders is a small office table for tests: the foreign minister changes
// on 21 October 2024.
func holders(title string, on time.Time) (string, string, bool) {
	if title != "Menlu" && title != "Menlu RI" {
		return "", "", false
	}
	if on.Before(time.Date(2024, 10, 21, 0, 0, 0, 0, time.UTC)) {
		return "Retno Marsudi", "per:retno-marsudi", true
	}
	return "Sugiono", "per:sugiono", true
}

func TestSpeakersOnRealShapes(t *testing.T) {
	july2021 := time.Date(2021, 7, 15, 0, 0, 0, 0, time.UTC)
	march2025 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		paras   []string
		ents    []warta.Entity
		on      time.Time
		starts  string
		speaker string // "" means nil
		note    string // the SpeakerNote wanted, when set
	}{
		{"title alone resolves to the holder on the day", []string{`"Kerja sama kedua negara terus kami perkuat," kata Menlu RI.`}, nil, july2021,
			"Kerja sama", "Retno Marsudi", ""},
		{"same title, another year", []string{`"Kerja sama kedua negara terus kami perkuat," kata Menlu RI.`}, nil, march2025,
			"Kerja sama", "Sugiono", ""},
		{"title resolves to the person the article names with it first", []string{`Menlu Budi Santoso tiba di Kairo.`, `"Kami membawa bantuan obat-obatan," kata Menlu.`},
			nil, july2021, "Kami membawa", "Budi Santoso", ""},
		{"a title nobody holds is no speaker", []string{`"Laporan akan kami serahkan pekan depan," kata Kapolsek.`}, nil, july2021,
			"Laporan akan", "", "Kapolsek"},
		{"the head of an office named later in the article", []string{`"Pelaku sudah kami tahan sejak semalam," kata Kapolres.`, `Kapolres Demak AKBP Yuniar Hadi menyebut kasus masih didalami.`},
			[]warta.Entity{{ID: "loc:demak", Name: "Demak", Type: warta.EntityLocation, Mentions: []warta.Mention{{Text: "Demak", Paragraph: 1, Start: 9, End: 14}}}}, july2021,
			"Pelaku sudah", "Yuniar Hadi", ""},
		{"a cut name becomes the article's full name", []string{`Kepala Pusat Data Agus Wibowo meninjau lokasi.`, `"Dua pesawat tambahan tiba hari ini," kata Agus.`}, nil, july2021,
			"Dua pesawat", "Agus Wibowo", ""},
		{"ranks are no part of a name", []string{`"Korban sudah dirujuk ke rumah sakit," kata AKP Rudi Hartono.`}, nil, july2021,
			"Korban sudah", "Rudi Hartono", ""},
		{"a descriptor points back to the subject", []string{`Ketua Umum Partai Nasdem, Surya Paloh mengaku belum mendengar usulan itu.`, `"Saya belum pelajari aturannya sama sekali," tegas politikus senior itu.`},
			nil, july2021, "Saya belum pelajari", "Surya Paloh", ""},
		{"ujarnya: the speech-verb subject, not the last name read", []string{`Staf KJRI Endang Djumali menambahkan, aturan itu diumumkan Wakil Menteri Haji Sulaiman.`, `"Aturan baru ini sudah kami konfirmasi," ujarnya.`},
			nil, july2021, "Aturan baru", "Endang Djumali", ""},
		{"anonymous source is null with its description", []string{`"Pertemuan itu dibatalkan pada menit terakhir," kata seorang sumber di Kremlin.`}, nil, july2021,
			"Pertemuan itu", "", "seorang sumber di Kremlin"},
		{"English: name then said", []string{`"We will keep the corridor open for aid," Blinken said in a statement.`}, nil, july2021,
			"We will keep", "Blinken", ""},
		{"English: according to", []string{`According to Lavrov, "the talks in Jakarta were useful for both sides."`}, nil, july2021,
			"the talks", "Lavrov", ""},
		{"English: he told reporters", []string{`Blinken arrived in Jakarta on Monday.`, `"Indonesia is a key partner for us," he told reporters.`}, nil, july2021,
			"Indonesia is", "Blinken", ""},
		{"a bare quote goes on with the quote before it", []string{`"Kami siap membantu warga terdampak," ungkap Heru Sutadi. "Jangan lelet seperti kasus sebelumnya."`}, nil, july2021,
			"Jangan lelet", "Heru Sutadi", ""},
		{"an acronym the article defines speaks by its long name", []string{`Peneliti Indonesia Corruption Watch (ICW) menyoroti kasus itu.`, `"Hilang sejak masuk ke gedung itu," tulis ICW.`}, nil, july2021,
			"Hilang sejak", "Indonesia Corruption Watch", ""},
		{"a person's initials the article defines", []string{`Guru besar Prof Bungaran Antonius Simanjuntak (BAS) bercerita.`, `"Saya punya teman orang Amerika di sana," kata BAS.`}, nil, july2021,
			"Saya punya", "Bungaran Antonius Simanjuntak", ""},
		{"a member described by the party is not the party", []string{`Bambang Soesatyo menyampaikan usul itu di Senayan.`, `"Kami minta semua pihak menahan diri," kata Politikus Partai Golkar ini.`},
			[]warta.Entity{{ID: "org:golkar", Name: "Partai Golkar", Type: warta.EntityOrganization, Mentions: []warta.Mention{{Text: "Partai Golkar", Paragraph: 1, Start: 61, End: 74}}}}, july2021,
			"Kami minta", "Bambang Soesatyo", ""},
		{"the outlet does not speak", []string{`"Banjir surut pada Selasa pagi di sebagian besar wilayah," tulis Kompas.com.`}, nil, july2021,
			"Banjir surut", "", ""},
		{"an institution speaks", []string{`"Kami menyampaikan duka cita yang mendalam atas wafatnya beliau," kata Kedutaan Besar Jerman.`},
			[]warta.Entity{{ID: "org:kedubes-jerman", Name: "Kedutaan Besar Jerman", Type: warta.EntityOrganization, Mentions: []warta.Mention{{Text: "Kedutaan Besar Jerman", Paragraph: 0, Start: 73, End: 95}}}}, july2021,
			"Kami menyampaikan", "Kedutaan Besar Jerman", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &warta.Article{Paragraphs: tc.paras, PublishedAt: tc.on, Outlet: "kompas.com", Entities: tc.ents}
			for _, n := range []string{"Surya Paloh", "Endang Djumali", "Sulaiman", "Blinken", "Lavrov", "Budi Santoso", "Bambang Soesatyo"} {
				if e := person("x:"+n, n, tc.paras, n); len(e.Mentions) > 0 {
					a.Entities = append(a.Entities, e)
				}
			}
			qs := Find(a, Options{Holder: holders})
			var q *warta.Quote
			for i := range qs {
				if strings.HasPrefix(qs[i].Text, tc.starts) {
					q = &qs[i]
				}
			}
			if q == nil {
				t.Fatalf("no quote starting %q in %+v", tc.starts, qs)
			}
			got := ""
			if q.Speaker != nil {
				got = *q.Speaker
			}
			if got != tc.speaker || tc.note != "" && q.SpeakerNote != tc.note {
				t.Fatalf("speaker %q (note %q, cue %q); want %q (note %q)", got, q.SpeakerNote, q.Cue, tc.speaker, tc.note)
			}
		})
	}
}
