package entity

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
)

// titles map the ways news writes an office to the role recorded.
// Longest first when matching.
var titles = func() [][2]string {
	ts := [][2]string{
		{"Menteri Luar Negeri", "Menteri Luar Negeri"}, {"Menlu", "Menteri Luar Negeri"},
		{"Menteri Dalam Negeri", "Menteri Dalam Negeri"}, {"Mendagri", "Menteri Dalam Negeri"},
		{"Menteri Pertahanan", "Menteri Pertahanan"}, {"Menhan", "Menteri Pertahanan"},
		{"Menteri Keuangan", "Menteri Keuangan"}, {"Menkeu", "Menteri Keuangan"},
		{"Menteri Kesehatan", "Menteri Kesehatan"}, {"Menkes", "Menteri Kesehatan"},
		{"Menteri Agama", "Menteri Agama"}, {"Menag", "Menteri Agama"},
		{"Menteri Perdagangan", "Menteri Perdagangan"}, {"Mendag", "Menteri Perdagangan"},
		{"Menteri Sekretaris Negara", "Menteri Sekretaris Negara"}, {"Mensesneg", "Menteri Sekretaris Negara"},
		{"Menteri Pemuda dan Olahraga", "Menteri Pemuda dan Olahraga"}, {"Menpora", "Menteri Pemuda dan Olahraga"},
		{"Menteri Koordinator", "Menteri Koordinator"}, {"Menko", "Menteri Koordinator"},
		{"Menteri", "Menteri"},
		{"Presiden", "Presiden"}, {"Ibu Negara", "Ibu Negara"}, {"Wakil Presiden", "Wakil Presiden"}, {"Wapres", "Wakil Presiden"},
		{"Perdana Menteri", "Perdana Menteri"}, {"PM", "Perdana Menteri"}, {"Kanselir", "Kanselir"},
		{"Raja", "Raja"}, {"Ratu", "Ratu"}, {"Putra Mahkota", "Putra Mahkota"}, {"Pemimpin Tertinggi", "Pemimpin Tertinggi"},
		{"Kepala", "Kepala"}, {"Ketua", "Ketua"}, {"Ketua Umum", "Ketua Umum"}, {"Ketum", "Ketua Umum"},
		{"Wakil Ketua", "Wakil Ketua"}, {"Sekretaris Jenderal", "Sekretaris Jenderal"}, {"Sekjen", "Sekretaris Jenderal"},
		{"Direktur Jenderal", "Direktur Jenderal"}, {"Dirjen", "Direktur Jenderal"}, {"Direktur", "Direktur"},
		{"Direktur Utama", "Direktur Utama"}, {"Dirut", "Direktur Utama"},
		{"Gubernur", "Gubernur"}, {"Wakil Gubernur", "Wakil Gubernur"}, {"Wagub", "Wakil Gubernur"},
		{"Bupati", "Bupati"}, {"Wakil Bupati", "Wakil Bupati"}, {"Wali Kota", "Wali Kota"}, {"Walikota", "Wali Kota"},
		{"Duta Besar", "Duta Besar"}, {"Dubes", "Duta Besar"}, {"Konsul Jenderal", "Konsul Jenderal"}, {"Konjen", "Konsul Jenderal"},
		{"Juru Bicara", "Juru Bicara"}, {"Jubir", "Juru Bicara"},
		{"Kasat Reskrim", "Kepala Satuan Reserse Kriminal"}, {"Kasat Lantas", "Kepala Satuan Lalu Lintas"},
		{"Kasat Narkoba", "Kepala Satuan Reserse Narkoba"}, {"Kasat", "Kepala Satuan"},
		{"Kapolri", "Kepala Kepolisian RI"}, {"Kapolda", "Kepala Kepolisian Daerah"}, {"Kapolres", "Kepala Kepolisian Resor"},
		{"Panglima TNI", "Panglima TNI"}, {"Jaksa Agung", "Jaksa Agung"}, {"Senator", "Senator"}, {"Anggota DPR", "Anggota DPR"},
		{"Foreign Minister", "Menteri Luar Negeri"}, {"President", "Presiden"}, {"Prime Minister", "Perdana Menteri"},
	}
	sort.SliceStable(ts, func(i, j int) bool { return len(ts[i][0]) > len(ts[j][0]) })
	return ts
}()

// regional are the offices whose title is followed by the region's name.
var regional = map[string]bool{"Bupati": true, "Wakil Bupati": true, "Wali Kota": true, "Gubernur": true, "Wakil Gubernur": true,
	"Kepala Kepolisian Daerah": true, "Kepala Kepolisian Resor": true}

// titleWords are the titles split once; titleStarts their first words, so
// most capitalized words are rejected by one map lookup.
var titleWords, titleStarts = func() ([][]string, map[string]bool) {
	ws := make([][]string, len(titles))
	starts := map[string]bool{}
	for i, t := range titles {
		ws[i] = strings.Fields(t[0])
		starts[ws[i][0]] = true
	}
	return ws, starts
}()

// Keywords that type an unknown capitalized name by its first word.
var (
	orgHeads = set(`Kementerian Kemenko Badan Komisi Dinas Dewan Majelis Mahkamah Partai PT Universitas Institut Lembaga
		Bank Kepolisian Pemerintah Pemkot Pemprov Pemkab Komite Yayasan Asosiasi Persatuan Ikatan Organisasi
		Perusahaan Sekretariat Direktorat Biro Kedutaan Kedubes Konsulat Tentara Angkatan Korps Polda Polres Polsek
		Kodam Kejaksaan Pengadilan RS RSUD Puskesmas Sekolah SMA SMP SD Fakultas Kantor Perum Koperasi`)
	locHeads = set(`Gedung Istana Jalan Jl Bandara Pelabuhan Kota Kabupaten Provinsi Desa Kecamatan Kelurahan Pulau
		Gunung Sungai Danau Laut Selat Teluk Stasiun Terminal Hotel Wisma Masjid Gereja Candi Pantai Taman
		Lapangan Stadion Kampung Dusun Tol Jembatan Pasar Alun-alun Monumen Museum`)
	// Person cues: honorifics before a name, speech verbs around it.
	honorifics = set(`Bapak Ibu Pak Bu Sdr Saudara Saudari dr Dr Prof Haji Hj H KH Kiai Ustaz Ustazah Syekh Mr Mrs Ms Tuan Nyonya`)
	// honorificPhrases are words that make a fixed phrase with "Ibu" or
	// "Bapak" and name no one: Ibu Kota (the capital), Ibu Pertiwi (the
	// motherland), Bapak Bangsa (the father of the nation).
	honorificPhrases = set(`Kota Pertiwi Bangsa Teknologi Demokrasi Reformasi Pembangunan Proklamator Pendidikan
		Pers Pluralisme Koperasi`)
	// groupWords before a name make it a group's, whatever the tagger
	// says: an armed group, a band, a club, a company.
	groupWords = set(`kelompok milisi pemberontak faksi grup group band boyband girlband klub perusahaan organisasi geng`)
	// notNames are capitalized common nouns the tagger takes for a person
	// at the start of a sentence.
	notNames = set(`Netizen Warganet Netizens`)
	// portfolioAcronyms name a ministry's portfolio after "Menteri" or
	// "Menko" ("Menko Polhukam"); they are no person's name.
	portfolioAcronyms = set(`Polhukam PMK PPN PUPR ESDM LHK ATR PANRB PDTT PPPA Ekuin Kesra Marves BUMN Kominfo`)
	// Connectors allowed inside a multi-word name ("Badan Pengawas Obat dan
	// Makanan", "Kementerian Luar Negeri").
	connectors = set(`dan untuk bagi di de van bin binti al`)
	// missionHeads start names that go on with "di" and a place.
	missionHeads = set(`Kedutaan Kedubes Konsulat KBRI KJRI KRI Perwakilan Kantor Universitas`)
)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Find returns the entities named in the article body, each with all its
// mentions and the role and affiliation the text gives it.
func (r *Recognizer) Find(a *warta.Article) []warta.Entity {
	// The kicker and headline are the article's own words too (an
	// interview's subject is often named only there): paragraphs -2 and -1.
	var ms []mention
	if a.Kicker != "" {
		ms = append(ms, r.findParagraph(-2, a.Kicker)...)
	}
	if a.Title != "" {
		ms = append(ms, r.findParagraph(-1, a.Title)...)
	}
	var body []mention
	for pi, p := range a.Paragraphs {
		body = append(body, r.findParagraph(pi, p)...)
	}
	ms, body = r.splitTickets(ms), r.splitTickets(body)
	ms = headlineNames(ms, body, a.Kicker, a.Title)
	return r.aggregate(outletIsNoPerson(append(ms, body...), a.Outlet))
}

// outletIsNoPerson types the reporting outlet, named in its own text
// ("kata Irfan kepada Okezone", "dihimpun Okezone"), as the organization
// it is: the tagger takes a one-word name after a speech cue for a person.
func outletIsNoPerson(ms []mention, outlet string) []mention {
	short := warta.OutletKey(outlet)
	if short == "" {
		return ms
	}
	for i, m := range ms {
		if m.k == nil && m.typ == warta.EntityPerson && warta.OutletKey(m.name) == short {
			ms[i].typ = warta.EntityOrganization
		}
	}
	return ms
}

// headlineNames keeps what a Title Case kicker or headline names only when
// the body or the knowledge file confirms it: there every word is
// capitalized, so "Gunung Semeru Erupsi" and "Ratusan Warga" look like
// names. A name cut short to what the body says ("Gunung Semeru") stays;
// in a headline written in sentence case, capitals mean names as anywhere.
func headlineNames(head, body []mention, kicker, title string) []mention {
	known := map[string]bool{}
	for _, m := range body {
		known[m.text] = true
		known[m.name] = true
	}
	var out []mention
	for _, m := range head {
		line := title
		if m.para == -2 {
			line = kicker
		}
		// A name after a title ("Dengan Dubes Malaysia Hermono") is a
		// person whatever the casing: an interview's subject is often
		// named only there.
		if m.k != nil || m.role != "" || !titleCase(line) || known[m.text] || known[m.name] {
			out = append(out, m)
			continue
		}
		// The longest leading words of the span that the body names.
		ws := strings.Fields(m.text)
		for n := len(ws) - 1; n >= 1; n-- {
			pre := strings.Join(ws[:n], " ")
			if known[pre] && strings.HasPrefix(m.text, pre) {
				m.end = m.start + len(pre)
				m.text, m.name = pre, pre
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// titleCase tells whether most words of a line of three words or more
// start with a capital letter.
func titleCase(line string) bool {
	ws := strings.Fields(line)
	if len(ws) < 3 {
		return false
	}
	caps := 0
	for _, w := range ws {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			caps++
		}
	}
	return float64(caps) >= 0.7*float64(len(ws))
}

// findParagraph scans one paragraph left to right. At each position it
// tries, in order: an abbreviation definition, a title followed by a name,
// a knowledge alias, and a capitalized name typed by keyword or context.
func (r *Recognizer) findParagraph(pi int, p string) []mention {
	toks := tokenize(p)
	var tags []string
	if r.tagger != nil {
		texts := make([]string, len(toks))
		for i, t := range toks {
			texts[i] = t.text
		}
		tags = r.tagger.Tag(texts)
	}
	var out []mention
	for i := 0; i < len(toks); {
		if !toks[i].word || !isCap(toks[i].text) {
			i++
			continue
		}
		if ms, n := r.titled(pi, p, toks, i, tags); n > 0 {
			out = append(out, ms...)
			i += n
			continue
		}
		if m, n := r.defined(pi, p, toks, i); n > 0 {
			out = append(out, m)
			i += n
			continue
		}
		if k, n := r.aliasAt(toks, i); k != nil {
			out = append(out, mention{para: pi, start: toks[i].start, end: toks[i+n-1].end, text: p[toks[i].start:toks[i+n-1].end], k: k, name: k.name, typ: k.typ})
			i += n
			continue
		}
		if m, n := r.capitalized(pi, p, toks, i, tags); n > 0 {
			if m.typ != "" {
				out = append(out, m)
			}
			i += n
			continue
		}
		i++
	}
	return out
}

// capSpan returns how many tokens from i form a capitalized name, letting
// lower-case connectors stand inside ("Badan Pengawas Obat dan Makanan").
func capSpan(toks []token, i int) int {
	n := 0
	for j := i; j < len(toks) && j-i < 8; j++ {
		t := toks[j]
		if t.word && isCap(t.text) {
			n = j - i + 1
			continue
		}
		// A connector joins words of one name, but not two names: "Dinas
		// Pangan dan Badan POM" is two organizations.
		// "di" belongs inside the names of missions abroad ("Kedutaan
		// Besar RI di Moskow"); after other names it starts a place: the
		// "Sidang Majelis Umum PBB di New York" is held in New York.
		if t.text == "di" && !missionHeads[toks[i].text] {
			break
		}
		if t.word && connectors[t.text] && j+1 < len(toks) && toks[j+1].word && isCap(toks[j+1].text) && n > 0 &&
			!orgHeads[toks[j+1].text] && !locHeads[toks[j+1].text] && !honorifics[toks[j+1].text] && !isTitleWord(toks[j+1].text) {
			continue
		}
		break
	}
	return n
}

func words(toks []token) []string {
	var out []string
	for _, t := range toks {
		if t.word {
			out = append(out, t.text)
		}
	}
	return out
}

// titled reads "Title [Affiliation] Name": "Menteri Luar Negeri Rusia
// Sergei Lavrov", "Presiden Jokowi", "Dubes RI untuk Rusia Jose Tavares".
func (r *Recognizer) titled(pi int, p string, toks []token, i int, tags []string) ([]mention, int) {
	role, n := r.titleAt(toks, i)
	if n == 0 {
		return nil, 0
	}
	j := i + n
	var out []mention
	affil := ""
	// Optional affiliation: a country or organization from the knowledge
	// file, possibly after "untuk" (Dubes RI untuk Rusia).
	for step := 0; step < 3 && j < len(toks); step++ {
		if toks[j].text == "untuk" && j+1 < len(toks) {
			j++
		}
		k, m := r.aliasAt(toks, j)
		if k == nil && j+1 < len(toks) && isAllCaps(toks[j].text) && len(toks[j].text) >= 3 && toks[j+1].word && isCap(toks[j+1].text) {
			// An unknown agency acronym ("Kepala BPBD Kota Semarang ..."):
			// the affiliation, not the start of the name.
			if affil == "" {
				affil = toks[j].text
			}
			out = append(out, mention{para: pi, start: toks[j].start, end: toks[j].end, text: toks[j].text, name: toks[j].text, typ: warta.EntityOrganization})
			j++
			continue
		}
		if k == nil && j+2 < len(toks) && (toks[j].text == "Kota" || toks[j].text == "Kabupaten" || toks[j].text == "Provinsi") && isCap(toks[j+1].text) {
			// "Kota Semarang": a place qualifying the office.
			if pk, pm := r.aliasAt(toks, j+1); pk != nil && pk.typ == warta.EntityLocation {
				out = append(out, mention{para: pi, start: toks[j+1].start, end: toks[j+pm].end, text: p[toks[j+1].start:toks[j+pm].end], k: pk, name: pk.name, typ: pk.typ})
				j += 1 + pm
			} else {
				j += 2
			}
			continue
		}
		if k == nil || k.typ == warta.EntityPerson {
			break
		}
		// A country-less word like "Luar" cannot start here; only known
		// places and organizations.
		if affil == "" {
			affil = k.name
		}
		out = append(out, mention{para: pi, start: toks[j].start, end: toks[j+m-1].end, text: p[toks[j].start:toks[j+m-1].end], k: k, name: k.name, typ: k.typ})
		j += m
	}
	if j >= len(toks) || !toks[j].word || !isCap(toks[j].text) {
		// A title without a name ("Presiden Rusia" alone): keep the
		// affiliation mentions only.
		if len(out) > 0 {
			return out, j - i
		}
		return nil, 0
	}
	// The name: a known person, or one to four capitalized words.
	var who mention
	if k, m := r.aliasAt(toks, j); k != nil && k.typ == warta.EntityPerson {
		who = mention{para: pi, start: toks[j].start, end: toks[j+m-1].end, text: p[toks[j].start:toks[j+m-1].end], k: k, name: k.name, typ: k.typ}
		j += m
	} else if k, from, to := r.personAfterOffice(toks, j); k != nil {
		// "Menteri Perindustrian Airlangga Hartarto", "Menko Maritim
		// Luhut Binsar Panjaitan", "Kapolri Jenderal Tito Karnavian": the
		// words before a known person name the office (or are a rank),
		// not another name of the person.
		for _, w := range words(toks[j:from]) {
			if !nameRanks[w] {
				role += " " + w
			}
		}
		who = mention{para: pi, start: toks[from].start, end: toks[to-1].end, text: p[toks[from].start:toks[to-1].end], k: k, name: k.name, typ: k.typ}
		j = to
	} else {
		// "Menteri Perhubungan", "Menko Polhukam", "Menteri Perencanaan
		// Pembangunan Nasional": the portfolio belongs to the office,
		// and an office named without its holder names no one.
		if role == "Menteri" || role == "Menteri Koordinator" {
			for j < len(toks) && toks[j].word && (portfolioAcronyms[toks[j].text] || r.derivedNoun(toks[j].text) ||
				j > i+1 && r.words.IsWord(strings.ToLower(toks[j].text)) && (r.derivedNoun(toks[j-1].text) || portfolioAcronyms[toks[j-1].text])) {
				role += " " + toks[j].text
				j++
			}
			if j >= len(toks) || !toks[j].word || !isCap(toks[j].text) {
				if len(out) > 0 {
					return out, j - i
				}
				return nil, 0
			}
		}
		m := 0
		for m < 5 && j+m < len(toks) && toks[j+m].word && isCap(toks[j+m].text) {
			m++
		}
		// "Menteri Perikanan dan Kelautan ...": a ministry named in two
		// parts. Without a known person after it there is no telling where
		// the office ends, and "Perikanan" is no person.
		if j+m+1 < len(toks) && toks[j+m].text == "dan" && isCap(toks[j+m+1].text) {
			if len(out) > 0 {
				return out, j + m - i
			}
			return nil, 0
		}
		// Regional offices name their region first: "Bupati Sumber Jaya
		// Arif Hidayatullah". The tagger's place span, or else the first
		// two of four or more words, is the region.
		if regional[role] && m >= 3 {
			reg := 0
			// Leave at least two words for the person (one when there are
			// only three words in all).
			most := max(1, m-2)
			if tags != nil && tags[j] == "B-LOC" {
				reg = 1
				for reg < most && tags[j+reg] == "I-LOC" {
					reg++
				}
			} else if m >= 4 {
				reg = 2
			}
			if reg > 0 && reg < m {
				place := strings.Join(words(toks[j:j+reg]), " ")
				if affil == "" {
					affil = place
				}
				out = append(out, mention{para: pi, start: toks[j].start, end: toks[j+reg-1].end, text: p[toks[j].start:toks[j+reg-1].end], name: place, typ: warta.EntityLocation})
				j += reg
				m -= reg
			}
		}
		// "Panglima TNI Marsekal Hadi Tjahjanto": the rank after the
		// office is neither office nor name.
		for m > 1 && nameRanks[toks[j].text] {
			j++
			m--
		}
		if m > 4 {
			m = 4
		}
		name := strings.Join(words(toks[j:j+m]), " ")
		if m == 0 || orgHeads[toks[j].text] || locHeads[toks[j].text] || r.commonWords(toks[j:j+m]) {
			if len(out) > 0 {
				return out, j - i
			}
			return nil, 0
		}
		who = mention{para: pi, start: toks[j].start, end: toks[j+m-1].end, text: name, name: name, typ: warta.EntityPerson}
		j += m
	}
	who.role, who.affil = role, affil
	if who.affil == "" && who.k != nil {
		who.affil = who.k.affiliation
	}
	if strings.HasPrefix(strings.ToLower(p[max(0, toks[i].start-7):toks[i].start]), "mantan") {
		who.role = "mantan " + who.role
	}
	out = append(out, who)
	return out, j - i
}

// titleAt returns the office a title at token i names and how many tokens
// it covers (0 when none starts there), longest title first.
func (r *Recognizer) titleAt(toks []token, i int) (role string, n int) {
	if !titleStarts[toks[i].text] {
		return "", 0
	}
	for ti, t := range titles {
		tw := titleWords[ti]
		if i+len(tw) > len(toks) {
			continue
		}
		ok := true
		for k, w := range tw {
			if toks[i+k].text != w {
				ok = false
				break
			}
		}
		if ok {
			return t[1], len(tw)
		}
	}
	return "", 0
}

// splitTickets splits a person read from a hyphenated pair of names — a
// ticket or a pairing, "Jokowi-Ma'ruf Amin", "Joko Widodo-Jusuf Kalla",
// "Jokowi-JK" — into the known people it names. The pair is no person of
// its own; a part the knowledge file does not know is dropped with it.
func (r *Recognizer) splitTickets(ms []mention) []mention {
	out := ms[:0:0]
	for _, m := range ms {
		if m.k != nil || m.typ != warta.EntityPerson || !strings.Contains(m.text, "-") {
			out = append(out, m)
			continue
		}
		var parts []mention
		start := 0
		for i := 0; i <= len(m.text); i++ {
			if i < len(m.text) && !(m.text[i] == '-' && i+1 < len(m.text) && isCap(m.text[i+1:])) {
				continue
			}
			part := strings.TrimSpace(m.text[start:i])
			if ks := r.byAlias[fold(part)]; len(ks) > 0 && ks[0].typ == warta.EntityPerson && part != "" {
				off := m.start + start + strings.Index(m.text[start:i], part)
				parts = append(parts, mention{para: m.para, start: off, end: off + len(part), text: part, k: ks[0], name: ks[0].name, typ: ks[0].typ})
			}
			start = i + 1
		}
		if len(parts) == 0 || start == 0 {
			out = append(out, m) // no hyphen between names, or nobody known
			continue
		}
		out = append(out, parts...)
	}
	return out
}

// nameRanks are ranks written before a name, never part of it.
var nameRanks = set(`Jenderal Pol Polisi Letjen Mayjen Brigjen Marsekal Laksamana Komjen Irjen Kombes AKBP AKP Kolonel Letkol
	Mayor Kapten Tun Datuk Dato Sir`)

// personAfterOffice looks, in the capitalized words from j on, for a known
// person after one to three words of office or rank; it returns the person
// and the tokens [from, to) the mention covers: the alias and the rest of
// the capitalized run ("Luhut" alone would leave "Binsar Panjaitan" to be
// read as somebody else). A ministry in two parts joined by "dan" is
// crossed.
func (r *Recognizer) personAfterOffice(toks []token, j int) (k *known, from, to int) {
	end := j
	for end < len(toks) && end-j < 8 && toks[end].word && (isCap(toks[end].text) ||
		toks[end].text == "dan" && end+1 < len(toks) && isCap(toks[end+1].text)) {
		end++
	}
	for s := j + 1; s < end && s <= j+4; s++ {
		if toks[s].text == "dan" {
			continue
		}
		kn, n := r.aliasAt(toks, s)
		if kn == nil || kn.typ != warta.EntityPerson || s+n > end {
			continue
		}
		to := s + n
		for to < end && to-s < 4 && toks[to].text != "dan" {
			to++
		}
		return kn, s, to
	}
	return nil, 0, 0
}

// commonWords reports whether every word is an ordinary Indonesian word:
// "Dalam Pertemuan" capitalized in a heading is not a name.
// derivedNoun tells a capitalized noun made from a dictionary word with
// pe(r)-/ke- ... -an (Perhubungan, Perencanaan, Kelautan): the words of a
// ministry's portfolio, which a person's name hardly ever is.
func (r *Recognizer) derivedNoun(w string) bool {
	lw := strings.ToLower(w)
	if len(lw) < 7 || !strings.HasSuffix(lw, "an") || !isCap(w) || r.words.IsWord(lw) {
		return false
	}
	if !strings.HasPrefix(lw, "pe") && !strings.HasPrefix(lw, "ke") {
		return false
	}
	st := r.words.Stem(lw)
	return st != lw && len(st) >= 3 && r.words.IsWord(st)
}

func (r *Recognizer) commonWords(toks []token) bool {
	for _, t := range toks {
		if t.word && !r.words.IsWord(strings.ToLower(t.text)) {
			return false
		}
	}
	return true
}

// defined reads "Long Name (ACR)", optionally followed by "RI": the long
// form and the acronym name one entity, and the acronym becomes an alias
// for the rest of the article.
func (r *Recognizer) defined(pi int, p string, toks []token, i int) (mention, int) {
	n := capSpan(toks, i)
	// "Ketua Komite Olahraga Nasional Indonesia (KONI)": the office
	// before the organization is no part of its name.
	if n >= 3 && isTitleWord(toks[i].text) && orgHeads[toks[i+1].text] {
		if m, k := r.defined(pi, p, toks, i+1); k > 0 {
			return m, k + 1
		}
		return mention{}, 0
	}
	if n < 2 || i+n+2 >= len(toks) || toks[i+n].text != "(" || toks[i+n+2].text != ")" ||
		!toks[i+n+1].word || !isCap(toks[i+n+1].text) || len(toks[i+n+1].text) > 12 {
		return mention{}, 0
	}
	acr := toks[i+n+1].text
	long0 := strings.Join(words(toks[i:i+n]), " ")
	for _, t := range titles {
		if t[0] == long0 {
			return mention{}, 0 // "Menteri Luar Negeri (Menlu)": a title, not an organization
		}
	}
	end := i + n + 3
	if end < len(toks) && (toks[end].text == "RI" || toks[end].text == "Indonesia") {
		end++
	}
	long := strings.Join(words(toks[i:i+n]), " ")
	m := mention{para: pi, start: toks[i].start, end: toks[end-1].end, text: p[toks[i].start:toks[end-1].end]}
	k := r.byAliasFirst(acr, long+" "+acr, long)
	if k != nil {
		m.k, m.name, m.typ = k, k.name, k.typ
	} else {
		m.name, m.typ = long, warta.EntityOrganization
		if locHeads[toks[i].text] {
			m.typ = warta.EntityLocation
		}
		m.role = "alias:" + acr // carried to aggregation, not output as a role
	}
	return m, end - i
}

func (r *Recognizer) byAliasFirst(keys ...string) *known {
	for _, k := range keys {
		if ks := r.byAlias[fold(k)]; len(ks) > 0 {
			return ks[0]
		}
	}
	return nil
}

// capitalized types a capitalized name that is not in the knowledge file
// by its head word (Kementerian…, Gedung…) or, for people, by an
// honorific before it. Names that are ordinary words at a sentence start
// are skipped.
func (r *Recognizer) capitalized(pi int, p string, toks []token, i int, tags []string) (mention, int) {
	n := capSpan(toks, i)
	if n == 0 {
		return mention{}, 1
	}
	// "Kepala Dinas Pangan": the office title before an organization is
	// not part of its name.
	if n >= 3 && isTitleWord(toks[i].text) && orgHeads[toks[i+1].text] {
		m, k := r.capitalized(pi, p, toks, i+1, tags)
		return m, k + 1
	}
	span := toks[i : i+n]
	name := strings.Join(words(span), " ")
	m := mention{para: pi, start: span[0].start, end: span[n-1].end, text: p[span[0].start:span[n-1].end], name: name}
	switch {
	case orgHeads[span[0].text] && n >= 2:
		m.typ = warta.EntityOrganization
	case locHeads[span[0].text] && n >= 2:
		m.typ = warta.EntityLocation
	case (honorifics[strings.TrimSuffix(span[0].text, ".")] || nameRanks[span[0].text]) && n >= 2:
		// "Pak Jokowi", "Bapak Presiden Jokowi", "Pak JK": a known person
		// after the honorific (and any title) is that person, not a new
		// one named "Jokowi" or "Presiden Jokowi".
		if honorificPhrases[toks[i+1].text] {
			return mention{}, 2
		}
		j := i + 1
		for j < i+n-1 && (honorifics[strings.TrimSuffix(toks[j].text, ".")] || nameRanks[toks[j].text] || titleStarts[toks[j].text]) {
			if _, tn := r.titleAt(toks, j); tn > 0 {
				j += tn
				continue
			}
			j++
		}
		if k, kn := r.aliasAt(toks, j); k != nil && j+kn <= i+n {
			m.end, m.text = toks[j+kn-1].end, p[toks[i].start:toks[j+kn-1].end]
			m.k, m.name, m.typ = k, k.name, k.typ
			return m, j + kn - i
		}
		// "Pak Presiden", "Bapak Menteri Keuangan": a title after the
		// honorific with no name is someone the reader must work out,
		// not a person called "Presiden".
		if _, tn := r.titleAt(toks, j); j >= i+n || tn > 0 && j+tn >= i+n {
			return mention{}, n
		}
		// A rank is no part of the name: "Marsekal Hadi Tjahjanto" is
		// Hadi Tjahjanto, as he is once he retires.
		m.typ = warta.EntityPerson
		m.name = strings.Join(words(toks[j:i+n]), " ")
	}
	if m.typ == "" && tags != nil && strings.HasPrefix(tags[i], "B-") && !r.commonWords(span) &&
		!r.words.IsWord(strings.ToLower(toks[i].text)) && !englishArticles[strings.ToLower(toks[i].text)] {
		// The statistical tagger types a name the rules do not know, when
		// its span starts here and stays within capitalized words.
		typ := tags[i][2:]
		if _, tn := r.titleAt(toks, i); tn > 0 && typ == "PER" {
			// A title the rules found no name after ("Kasat Reskrim
			// Polres ...") is an office, not a person called "Kasat".
			return mention{}, tn
		}
		j := i + 1
		for j < len(toks) && tags[j] == "I-"+typ && toks[j].word && (isCap(toks[j].text) || connectors[toks[j].text]) {
			j++
		}
		if j <= i+n {
			m.end, m.text = toks[j-1].end, p[toks[i].start:toks[j-1].end]
			m.name = strings.Join(words(toks[i:j]), " ")
			m.typ = map[string]warta.EntityType{"PER": warta.EntityPerson, "ORG": warta.EntityOrganization, "LOC": warta.EntityLocation}[typ]
			if m.typ == warta.EntityPerson && i > 0 && groupWords[strings.ToLower(toks[i-1].text)] {
				// "kelompok Houthi", "girlband Twice": the word before
				// says the name is a group's.
				m.typ = warta.EntityOrganization
			}
			if m.typ == warta.EntityPerson && j == i+1 && notNames[toks[i].text] {
				return mention{}, 1
			}
			return m, j - i
		}
	}
	if m.typ == "" {
		// Untyped: move on one word so that a title or known name inside a
		// Title Case headline ("... Dengan Menlu Rusia Sergey Lavrov") is
		// still found.
		return mention{}, 1
	}
	return m, n
}

// aggregate groups mentions into entities: by knowledge ID, by defined
// acronym, and by name; a one-word mention of an earlier person's first or
// last name ("Retno" after "Retno Marsudi") joins that person.
func (r *Recognizer) aggregate(ms []mention) []warta.Entity {
	type agg struct {
		e     warta.Entity
		order int
	}
	byKey := map[string]*agg{}
	var keys []string
	aliases := map[string]string{} // acronym → key
	keyOf := func(m mention) string {
		if m.k != nil {
			return m.k.id
		}
		name := m.name
		if m.typ == warta.EntityLocation {
			// "Kabupaten Cianjur" and "Cianjur" are one place to a reader
			// of one story; the administrative word is dropped from the
			// key (the name keeps it).
			for _, p := range []string{"Kabupaten ", "Kota ", "Provinsi ", "Gunung "} {
				if rest, ok := strings.CutPrefix(name, p); ok && rest != "" {
					name = rest
					break
				}
			}
		}
		return "x:" + string(m.typ) + ":" + slug(name)
	}
	var persons []string
	for _, m := range ms {
		key := keyOf(m)
		if m.k == nil && (strings.HasSuffix(key, ":") || m.typ == warta.EntityPerson && utf8.RuneCountInString(m.name) < 2) {
			// A name with no Latin letter or digit (Arabic script, or
			// what is left of it after a wrong decoding) has no key to
			// link it by; a lone initial ("kata M.") names no one.
			continue
		}
		if m.k == nil {
			if k, ok := aliases[m.name]; ok {
				key = k
			} else if m.typ == warta.EntityPerson && !strings.Contains(m.name, " ") {
				for _, pk := range persons {
					if nameHas(byKey[pk].e.Name, m.name) {
						key = pk
						break
					}
				}
			}
		}
		a := byKey[key]
		if a == nil {
			a = &agg{e: warta.Entity{ID: key, Name: m.name, Type: m.typ}, order: len(keys)}
			if m.k != nil {
				a.e.Name, a.e.Type = m.k.name, m.k.typ
			}
			byKey[key] = a
			keys = append(keys, key)
			if a.e.Type == warta.EntityPerson {
				persons = append(persons, key)
			}
		}
		if strings.HasPrefix(m.role, "alias:") {
			aliases[strings.TrimPrefix(m.role, "alias:")] = key
			m.role = ""
		}
		if m.k == nil && a.e.Name == strings.ToUpper(a.e.Name) && m.name != strings.ToUpper(m.name) {
			a.e.Name = m.name // "Lumajang", not the dateline's "LUMAJANG"
		}
		a.e.Mentions = append(a.e.Mentions, warta.Mention{Text: m.text, Paragraph: m.para, Start: m.start, End: m.end})
		if a.e.Role == "" && m.role != "" {
			a.e.Role = m.role
		}
		if a.e.Affiliation == "" && m.affil != "" {
			a.e.Affiliation = m.affil
		}
	}
	// Acronyms used before anything else: "BPOM" found as unknown
	// capitalized text is linked by the alias map above only after its
	// definition; mentions of the acronym alone are caught here.
	out := make([]warta.Entity, 0, len(keys))
	for _, k := range keys {
		e := byKey[k].e
		if e.Type == warta.EntityPerson && e.Affiliation == "" {
			if kn := r.byID[e.ID]; kn != nil {
				e.Affiliation = kn.affiliation
			}
		}
		out = append(out, e)
	}
	return out
}

// englishArticles never start a name the tagger may type ("The United
// Nations" is the United Nations).
var englishArticles = map[string]bool{"the": true, "a": true, "an": true}

func isTitleWord(w string) bool {
	switch w {
	case "Kepala", "Ketua", "Direktur", "Wakil", "Sekretaris", "Anggota", "Juru", "Pimpinan", "Pejabat":
		return true
	}
	return false
}

func nameHas(full, part string) bool {
	for _, w := range strings.Fields(full) {
		if w == part {
			return true
		}
	}
	return false
}

func slug(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		for _, r := range w {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
