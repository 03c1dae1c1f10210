package cluster

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/event"
)

// Vec is a sparse term vector (term → weight), L2-normalized once built.
type Vec map[string]float32

// Profile is what the event model reads of one article: who, what, where
// and when, as sparse vectors a report of the same happening from another
// outlet shares (Miranda et al. 2018: sub-vectors of entities and words
// over title and body, plus time).
type Profile struct {
	Title Vec // content-word roots of the headline
	Lead  Vec // the first sentences of the body, dateline left out
	Body  Vec // the whole body, the heaviest terms only
	Ents  Vec // canonical entity ids, headline and lead weighing most
	// People are the persons of the headline and lead, HeadPeople those
	// of the headline: two reports whose headlines each name someone the
	// other does not tell two happenings apart (Anies and SBY visiting
	// the same patient on the same day).
	People, HeadPeople []string
	// HeadActors are the people and organizations of the headline.
	HeadActors []string
	// Speakers are who the headline and the lead quote ("PKB: Kita
	// Prihatin", "..., kata Imam"): one occasion's reports quote the same
	// people; reactions to it quote others.
	Speakers []string
	// HeadSpeakers speak in the headline ("Imam Nahrawi: Semoga Tak
	// Politis"); HeadVerbs are the roots of the headline's verbs, what was
	// done ("Ditutup Menguat": tutup, kuat).
	HeadSpeakers []string
	HeadVerbs    []string
	// Subject is who the lead's first sentence names first (a person or
	// organization, after the dateline): who did what the news tells.
	Subject string
	Nums    []string // numbers that are neither years nor dates ("7,4", "118")
	Date    string   // the main event's date (YYYY-MM-DD), "" when unknown
	// DateWritten is false when Date was taken from the report itself.
	DateWritten bool
	Pub         time.Time // publish time (zero when unknown)
	Type        string    // the main event's type
	// TypeScores weigh the kinds the report's headline and lead point to,
	// normalized to sum 1 (event.TypeScores); an event's kind is decided
	// over all its reports.
	TypeScores map[string]float64
	Outlet     string
	Lang       string

	norms profileNorms // of Title, Lead, Body, Ents (norms)
}

type profileNorms struct {
	ok                     bool
	title, lead, body, ent float64
}

// norm is the Euclidean length of v.
func norm(v Vec) float64 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	return math.Sqrt(n)
}

// vecNorms returns the lengths of the profile's vectors, computed once.
func (p *Profile) vecNorms() profileNorms {
	if !p.norms.ok {
		p.norms = profileNorms{true, norm(p.Title), norm(p.Lead), norm(p.Body), norm(p.Ents)}
	}
	return p.norms
}

// Caps on the terms a profile keeps per sub-vector, so that an event's
// centroid stays small in the store whatever its reports hold.
const (
	maxTitleTerms = 24
	maxLeadTerms  = 40
	maxBodyTerms  = 60
	maxEntTerms   = 24
	leadWords     = 70 // the lead: about the first two sentences
)

// NewProfile builds an article's profile. It reads the headline, the
// paragraphs, the entities and the main event (Event.Main) of a.
func NewProfile(a *warta.Article, st *Stats) *Profile {
	p := &Profile{Outlet: a.Outlet, Lang: a.Language, Pub: a.PublishedAt}
	en := a.Language == "en"
	p.Title = st.vector(st.terms(a.Title, en), maxTitleTerms)
	var lead, body []string
	for i, para := range a.Paragraphs {
		if i == 0 {
			para = stripDateline(para)
		}
		ts := st.terms(para, en)
		body = append(body, ts...)
		if len(lead) < leadWords {
			lead = append(lead, ts[:min(len(ts), leadWords-len(lead))]...)
		}
		if i < 8 {
			p.Nums = appendNumbers(p.Nums, para)
		}
	}
	p.Nums = appendNumbers(p.Nums, a.Title)
	p.Lead = st.vector(lead, maxLeadTerms)
	p.Body = st.vector(body, maxBodyTerms)
	p.Ents, p.People, p.HeadPeople = entityVector(a, st)
	p.HeadActors, p.Speakers, p.HeadSpeakers = headActors(a)
	p.HeadVerbs = headVerbs(a.Title, en)
	p.Subject = leadSubject(a)
	if ev := mainEvent(a); ev >= 0 {
		e := a.Events[ev]
		p.Type = e.Type
		if e.Date != nil && len(*e.Date) == 10 {
			p.Date, p.DateWritten = *e.Date, !e.DateGuessed
		}
	}
	sc, _ := event.TypeScores(a, a.Events)
	total := 0.0
	for _, v := range sc {
		total += v
	}
	p.TypeScores = map[string]float64{}
	for k, v := range sc {
		p.TypeScores[k] = v / total
	}
	if p.Date == "" && !p.Pub.IsZero() {
		p.Date = p.Pub.In(wib).Format("2006-01-02")
	}
	p.vecNorms()
	return p
}

var wib = time.FixedZone("WIB", 7*3600)

// stripDateline drops "Jakarta, CNBC Indonesia - " and "KOMPAS.com - ":
// where the outlet sits says nothing of what happened.
func stripDateline(s string) string {
	for _, sep := range []string{" - ", " -- ", " — ", " – "} {
		if i := strings.Index(s, sep); i >= 0 && i < 60 {
			return s[i+len(sep):]
		}
	}
	return s
}

// terms are the content-word roots of s in text order.
func (st *Stats) terms(s string, english bool) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if t := st.term(w, english); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// term maps one lower-cased word to its root, or "" for a function word,
// a number or a word too short to say anything.
func (st *Stats) term(w string, english bool) string {
	if len(w) < 3 || isNumber(w) {
		return ""
	}
	if english {
		if stopEN[w] {
			return ""
		}
		if id, ok := englishRoots[w]; ok {
			return id
		}
		return enStem(w)
	}
	if stopID[w] {
		return ""
	}
	r := stemmer.Stem(w)
	if len(r) < 3 || stopID[r] {
		return ""
	}
	return r
}

func isNumber(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// vector weighs terms by log term frequency times inverse document
// frequency, keeps the heaviest max, and normalizes.
func (st *Stats) vector(terms []string, max int) Vec {
	if len(terms) == 0 {
		return nil
	}
	tf := map[string]int{}
	for _, t := range terms {
		tf[t]++
	}
	v := make(Vec, len(tf))
	for t, n := range tf {
		v[t] = float32((1 + math.Log(float64(n))) * st.IDF(t))
	}
	return v.top(max).normalized()
}

// top keeps the max heaviest terms (ties by term, so profiles are
// deterministic).
func (v Vec) top(max int) Vec {
	if len(v) <= max {
		return v
	}
	type tw struct {
		t string
		w float32
	}
	all := make([]tw, 0, len(v))
	for t, w := range v {
		all = append(all, tw{t, w})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].w > all[j].w || all[i].w == all[j].w && all[i].t < all[j].t })
	out := make(Vec, max)
	for _, x := range all[:max] {
		out[x.t] = x.w
	}
	return out
}

func (v Vec) normalized() Vec {
	var n float64
	for _, w := range v {
		n += float64(w) * float64(w)
	}
	if n == 0 {
		return v
	}
	s := float32(1 / math.Sqrt(n))
	for t := range v {
		v[t] *= s
	}
	return v
}

// cosine of two vectors; either may be a sum of normalized vectors (an
// event's centroid), so both are normalized here.
// cosineN is cosine for vectors whose lengths are known: the dot product
// runs over the shorter one, and the centroid's long vectors are not
// walked again for every report compared with them.
func cosineN(a, b Vec, na, nb float64) float64 {
	if len(a) == 0 || len(b) == 0 || na == 0 || nb == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot float64
	for t, x := range a {
		dot += float64(x) * float64(b[t])
	}
	return dot / (na * nb)
}

func cosine(a, b Vec) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot, na, nb float64
	for t, x := range a {
		dot += float64(x) * float64(b[t])
		na += float64(x) * float64(x)
	}
	for _, y := range b {
		nb += float64(y) * float64(y)
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// entityVector weighs the article's people, organizations and places:
// named in the headline 3, in the lead 2, elsewhere 1 per mention, damped
// by how common the name is in news ("Indonesia" says little). It also
// returns the people of the headline and lead, and of the headline.
func entityVector(a *warta.Article, st *Stats) (v Vec, people, headPeople []string) {
	v = Vec{}
	for _, e := range a.Entities {
		w, lead, head := 0.0, false, false
		for _, m := range e.Mentions {
			switch {
			case m.Paragraph < 0:
				w += 3
				lead, head = true, true
			case m.Paragraph <= 1:
				w += 2
				lead = lead || m.Paragraph == 0
			default:
				w++
			}
		}
		if w == 0 {
			continue
		}
		v[e.ID] = float32(math.Log1p(w) * st.nameIDF(e.Name))
		if e.Type == warta.EntityPerson {
			if lead {
				people = append(people, e.ID)
			}
			if head {
				headPeople = append(headPeople, e.ID)
			}
		}
	}
	sort.Strings(people)
	sort.Strings(headPeople)
	return v.top(maxEntTerms).normalized(), people, headPeople
}

// decimalComma reads "7,4" as 7.4 and "1.000" as 1000. Replacers are
// built once: a strings.Replacer builds its lookup table on first use, and
// the ones built per call allocated 0.9 GB over the news corpus's ingest
// (heap profile, docs/performance.md).
var decimalComma = strings.NewReplacer(".", "", ",", ".")

// appendNumbers adds the numbers of s that can tell one happening from
// another (a death toll, a magnitude, a sum): two digits or more, or with
// a decimal comma; years and parts of dates are left out.
func appendNumbers(out []string, s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsDigit(r) && r != ',' && r != '.' && r != '/'
	})
	for _, f := range fields {
		f = strings.Trim(f, ",./")
		if f == "" || strings.Contains(f, "/") || !unicode.IsDigit(rune(f[0])) {
			continue
		}
		n := decimalComma.Replace(f)
		digits := 0
		for _, r := range n {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < 2 && !strings.Contains(n, ".") {
			continue
		}
		if len(n) == 4 && (strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20")) {
			continue // a year
		}
		if len(out) < 24 && !contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// headActors returns the people and organizations the headline names,
// the speakers of the headline ("X: ...") and of the lead's quotes, and
// those of the headline alone.
func headActors(a *warta.Article) (actors, speakers, headSpeakers []string) {
	colon := strings.Index(a.Title, ":")
	for _, e := range a.Entities {
		if e.Type == warta.EntityLocation {
			continue
		}
		for _, m := range e.Mentions {
			if m.Paragraph != -1 {
				continue
			}
			if !contains(actors, e.ID) {
				actors = append(actors, e.ID)
			}
			// "Imam Nahrawi: Semoga Tak Politis", "..., PKB: Kita
			// Prihatin": the name right before the colon speaks.
			if colon > 0 && m.End <= colon && strings.TrimSpace(a.Title[m.End:colon]) == "" && !contains(speakers, e.ID) {
				speakers = append(speakers, e.ID)
				headSpeakers = append(headSpeakers, e.ID)
			}
		}
	}
	for _, q := range a.Quotes {
		if q.Paragraph <= 3 && q.SpeakerID != "" && !contains(speakers, q.SpeakerID) {
			speakers = append(speakers, q.SpeakerID)
		}
	}
	sort.Strings(actors)
	sort.Strings(speakers)
	sort.Strings(headSpeakers)
	return actors, speakers, headSpeakers
}

// headVerbs are the roots of the headline's verbs: its affixed words
// whose root the stemmer knows ("Ditutup" → tutup, "Menguat" → kuat) and
// the bare verbs headlines favour ("Tolak", "Sahkan" → sah). What was done
// tells one happening of a topic from the next: a session opened and a
// session closed, a law passed and a law challenged.
func headVerbs(title string, english bool) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) < 4 || stopID[w] {
			continue
		}
		r := ""
		switch {
		case english:
			if id, ok := englishRoots[w]; ok {
				r = id
			}
		case bareVerbs[w]:
			r = w
		case strings.HasSuffix(w, "kan") && bareVerbs[strings.TrimSuffix(w, "kan")]:
			r = strings.TrimSuffix(w, "kan")
		default:
			if s := stemmer.Stem(w); s != w && len(s) >= 3 && hasPrefixAny(w, "me", "di", "ber", "ter", "per", "ke") && stemmer.IsWord(s) {
				r = s
			}
		}
		if r != "" && !stopID[r] && !contains(out, r) {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// bareVerbs are verbs headlines write without a prefix.
var bareVerbs = wordSet(`tolak minta sebut ungkap kritik sah tunda tetap periksa panggil tangkap tahan beri kirim bantah akui
	dukung buka tutup gelar jadi bakal ajak desak usul tuding tuduh lapor gugat bahas temu tinjau resmi serah terima rilis
	luncur umum bentuk pecat copot lantik pilih tanggap kecam puji sambut cabut hapus larang izin batal ganti tambah kurang
	turun naik kalah menang tewas bunuh serang bakar jual beli pinjam bayar tagih sita geledah segel usir kawal jemput`)

// leadSubject is the first person or organization the first paragraph
// names after its dateline ("Jakarta, Kompas.com - ").
func leadSubject(a *warta.Article) string {
	if len(a.Paragraphs) == 0 {
		return ""
	}
	p0 := a.Paragraphs[0]
	from := len(p0) - len(stripDateline(p0))
	best, at := "", -1
	for _, e := range a.Entities {
		if e.Type == warta.EntityLocation {
			continue
		}
		for _, m := range e.Mentions {
			if m.Paragraph == 0 && m.Start >= from && (at < 0 || m.Start < at) {
				best, at = e.ID, m.Start
			}
		}
	}
	return best
}
