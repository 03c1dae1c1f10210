package search

import (
	"html"
	"strings"
	"time"
	"unicode"

	"github.com/warta-news/warta"
	"golang.org/x/text/unicode/norm"
)

// Searcher holds the word normalization shared by indexing and querying.
// Index and query must use the same Stem, or nothing matches.
type Searcher struct {
	// Stem reduces a lower-cased word to its root. Nil means identity.
	Stem func(word string) string
}

// stopwords are Indonesian and English function words dropped from queries
// and the index: they match nearly every article and only dilute ranking.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`yang dan di ke dari ini itu dengan untuk pada dalam adalah
		akan juga tidak atau oleh sebagai telah sudah bagi karena para serta tersebut
		the of and a an to in on for is are was were be by with at from as that this it`) {
		m[w] = true
	}
	return m
}()

func (s *Searcher) stem(w string) string {
	if s.Stem == nil {
		return w
	}
	if r := s.Stem(w); r != "" {
		return r
	}
	return w
}

// words splits text into lower-cased word tokens. Letters and digits make
// words; everything else separates them, as in SQLite's unicode61
// tokenizer, so index and query agree.
func words(text string, fn func(w string, start, end int)) {
	start := -1
	for i, r := range text {
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if isWord && start < 0 {
			start = i
		} else if !isWord && start >= 0 {
			fn(strings.ToLower(text[start:i]), start, i)
			start = -1
		}
	}
	if start >= 0 {
		fn(strings.ToLower(text[start:]), start, len(text))
	}
}

// Lexemes splits text into the tokens a full-text index holds: words as
// words splits them, lower-cased, with diacritics removed ("Café" becomes
// "cafe"), as SQLite's unicode61 tokenizer with remove_diacritics does. A
// store that builds its own index from IndexText's output (PostgreSQL's
// tsvector) or reads query stems uses it so that both backends index and
// match the same tokens.
func Lexemes(text string) []string {
	var out []string
	words(text, func(w string, _, _ int) {
		if f := foldDiacritics(w); f != "" {
			out = append(out, f)
		}
	})
	return out
}

// foldDiacritics removes combining marks after canonical decomposition;
// ASCII words, nearly all of Indonesian news, pass through untouched.
func foldDiacritics(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// IndexText returns the stemmed title and body text a store should index
// for a. Kicker and title count as title.
func (s *Searcher) IndexText(a *warta.Article) (title, body string) {
	return s.stemText(a.Kicker + " " + a.Title), s.stemText(strings.Join(a.Paragraphs, "\n"))
}

func (s *Searcher) stemText(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	words(text, func(w string, _, _ int) {
		if stopwords[w] {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.stem(w))
	})
	return b.String()
}

// Parse turns a query string into a SearchQuery. The syntax:
//
//	kunjungan menlu        both words (any form: kunjungan finds berkunjung)
//	"luar negeri"          the words next to each other
//	banjir OR longsor      either word
//	-pilkada               without this word
//	outlet:kompas.com      one outlet        lang:id   one language
//	from:2021-07-01        published on or after (a day, in WIB)
//	to:2021-07-31          published on or before (inclusive)
//
// Parse returns EINVALID for a filter it cannot read.
func (s *Searcher) Parse(q string) (warta.SearchQuery, error) {
	var out warta.SearchQuery
	if len(q) > MaxQueryBytes {
		return out, warta.Errorf(warta.EINVALID, "the query is %d bytes long; at most %d (MaxQueryBytes) are searched", len(q), MaxQueryBytes)
	}
	pendingOr := false
	for _, tok := range splitQuery(q) {
		if tok.phrase {
			var ph []string
			words(tok.text, func(w string, _, _ int) { ph = append(ph, s.stem(w)) })
			if len(ph) > 0 {
				out.Phrases = append(out.Phrases, ph)
			}
			pendingOr = false
			continue
		}
		t := tok.text
		if t == "OR" {
			pendingOr = len(out.Terms) > 0
			continue
		}
		if k, v, ok := strings.Cut(t, ":"); ok && v != "" {
			switch strings.ToLower(k) {
			case "outlet":
				out.Outlet = v
				continue
			case "lang", "language", "bahasa":
				out.Language = strings.ToLower(v)
				continue
			case "from", "dari":
				if err := SetDay(&out, "from", v); err != nil {
					return out, err
				}
				continue
			case "to", "sampai":
				if err := SetDay(&out, "to", v); err != nil {
					return out, err
				}
				continue
			}
		}
		neg := strings.HasPrefix(t, "-") && len(t) > 1
		if neg {
			t = t[1:]
		}
		var stems []string
		words(t, func(w string, _, _ int) {
			if !stopwords[w] {
				stems = append(stems, s.stem(w))
			}
		})
		if len(stems) == 0 {
			continue
		}
		switch {
		case neg:
			out.Not = append(out.Not, stems...)
		case len(stems) > 1: // "anti-virus" is a phrase of its parts
			out.Phrases = append(out.Phrases, stems)
		case pendingOr:
			last := len(out.Terms) - 1
			out.Terms[last] = append(out.Terms[last], stems[0])
		default:
			out.Terms = append(out.Terms, []string{stems[0]})
		}
		pendingOr = false
	}
	return out, checkSize(dedupQuery(&out))
}

// Limits on one query. Each word is a term of the full-text expression,
// whose cost grows with its size: 256 exclusions made FTS5 refuse the
// expression ("fts5 expression tree is too large", a 500), and one word
// repeated 4,000 times took 17 s. A repeated word is searched once.
const (
	MaxQueryBytes  = 4096
	MaxTerms       = 32 // words to find, alternatives and phrase words included
	MaxExclusions  = 16 // -words
	MaxPhraseWords = 16
)

// dedupQuery drops repeated terms, phrases and exclusions, keeping the
// first of each, and returns q.
func dedupQuery(q *warta.SearchQuery) *warta.SearchQuery {
	seen := map[string]bool{}
	terms := q.Terms[:0]
	for _, alts := range q.Terms {
		k := "t\x00" + strings.Join(alts, "\x00")
		if !seen[k] {
			seen[k] = true
			terms = append(terms, alts)
		}
	}
	q.Terms = terms
	phrases := q.Phrases[:0]
	for _, ph := range q.Phrases {
		k := "p\x00" + strings.Join(ph, "\x00")
		if !seen[k] {
			seen[k] = true
			phrases = append(phrases, ph)
		}
	}
	q.Phrases = phrases
	not := q.Not[:0]
	for _, n := range q.Not {
		if !seen["n\x00"+n] {
			seen["n\x00"+n] = true
			not = append(not, n)
		}
	}
	q.Not = not
	return q
}

// checkSize refuses a query over the limits, naming the one it broke.
func checkSize(q *warta.SearchQuery) error {
	n := 0
	for _, alts := range q.Terms {
		n += len(alts)
	}
	for _, ph := range q.Phrases {
		if len(ph) > MaxPhraseWords {
			return warta.Errorf(warta.EINVALID, "a phrase of %d words; at most %d (MaxPhraseWords)", len(ph), MaxPhraseWords)
		}
		n += len(ph)
	}
	if n > MaxTerms {
		return warta.Errorf(warta.EINVALID, "%d different words to find; at most %d (MaxTerms)", n, MaxTerms)
	}
	if len(q.Not) > MaxExclusions {
		return warta.Errorf(warta.EINVALID, "%d different -words to exclude; at most %d (MaxExclusions)", len(q.Not), MaxExclusions)
	}
	return nil
}

type queryToken struct {
	text   string
	phrase bool
}

// splitQuery splits on spaces outside double quotes. An unclosed quote
// runs to the end: users forget them, and an error would help nobody.
func splitQuery(q string) []queryToken {
	var out []queryToken
	for {
		q = strings.TrimLeft(q, " \t\r\n")
		if q == "" {
			return out
		}
		if q[0] == '"' {
			end := strings.IndexByte(q[1:], '"')
			if end < 0 {
				out = append(out, queryToken{q[1:], true})
				return out
			}
			out = append(out, queryToken{q[1 : end+1], true})
			q = q[end+2:]
			continue
		}
		end := strings.IndexAny(q, " \t\r\n")
		if end < 0 {
			end = len(q)
		}
		out = append(out, queryToken{q[:end], false})
		q = q[end:]
	}
}

// Snippet returns an HTML-escaped excerpt of a's body of about n words
// around the densest match, with matched words wrapped in <mark>. Without a
// match it returns the start of the body.
func (s *Searcher) Snippet(a *warta.Article, q warta.SearchQuery, n int) string {
	want := map[string]bool{}
	for _, alts := range q.Terms {
		for _, t := range alts {
			want[t] = true
		}
	}
	for _, ph := range q.Phrases {
		for _, t := range ph {
			want[t] = true
		}
	}
	type span struct{ start, end int }
	bestPara, bestHits := -1, 0
	var bestSpans []span
	for i, p := range a.Paragraphs {
		var spans []span
		words(p, func(w string, st, en int) {
			if want[s.stem(w)] {
				spans = append(spans, span{st, en})
			}
		})
		if len(spans) > bestHits {
			bestPara, bestHits, bestSpans = i, len(spans), spans
		}
	}
	if bestPara < 0 {
		if len(a.Paragraphs) == 0 {
			return ""
		}
		return html.EscapeString(clip(a.Paragraphs[0], 0, n))
	}
	p := a.Paragraphs[bestPara]
	// Start a few words before the first match.
	from := bestSpans[0].start
	for back := 0; from > 0 && back < 8; back++ {
		j := strings.LastIndexByte(strings.TrimRight(p[:from], " "), ' ')
		from = j + 1
		if j < 0 {
			from = 0
		}
	}
	excerpt := clip(p, from, n)
	to := from + len(strings.TrimSuffix(excerpt, "…"))
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, sp := range bestSpans {
		if sp.start < pos || sp.end > to {
			continue
		}
		b.WriteString(html.EscapeString(p[pos:sp.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(p[sp.start:sp.end]))
		b.WriteString("</mark>")
		pos = sp.end
	}
	b.WriteString(html.EscapeString(p[pos:to]))
	if to < len(p) {
		b.WriteString("…")
	}
	return b.String()
}

// clip returns about n words of s starting at byte from, with "…" appended
// when cut.
func clip(s string, from, n int) string {
	rest := s[from:]
	count, inWord := 0, false
	for i, r := range rest {
		if r == ' ' {
			inWord = false
			continue
		}
		if !inWord {
			count++
			inWord = true
			if count > n {
				return strings.TrimRight(rest[:i], " ") + "…"
			}
		}
	}
	return rest
}

// WithAny narrows q to articles that contain at least one word of text
// (any form): a speaker named "Retno Marsudi" may appear as "Retno".
func (s *Searcher) WithAny(q warta.SearchQuery, text string) warta.SearchQuery {
	var alts []string
	words(text, func(w string, _, _ int) {
		if !stopwords[w] {
			alts = append(alts, s.stem(w))
		}
	})
	if len(alts) > 0 {
		q.Terms = append(q.Terms, alts)
	}
	return q
}

var wib = time.FixedZone("WIB", 7*3600)

// SetDay sets q's date range from a day written 2021-07-06: "from" starts
// at midnight WIB that day, "to" includes the whole day. An empty day
// leaves q unchanged; a malformed one is EINVALID.
func SetDay(q *warta.SearchQuery, bound, day string) error {
	if day == "" {
		return nil
	}
	d, err := time.ParseInLocation("2006-01-02", day, wib)
	if err != nil {
		return warta.Errorf(warta.EINVALID, "%s: want a day like 2021-07-06, got %q", bound, day)
	}
	if bound == "from" {
		q.From = d
	} else {
		q.To = d.AddDate(0, 0, 1)
	}
	return nil
}
