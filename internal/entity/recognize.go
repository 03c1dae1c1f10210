package entity

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/text/stem"
)

// modelFS holds the tagger model that `warta train ner` writes.
//
//go:embed model
var modelFS embed.FS

// Recognizer finds and links entities. It is immutable after Load and safe
// for concurrent use.
type Recognizer struct {
	// tagger types capitalized names the rules and the knowledge file do
	// not know; nil when no model is embedded.
	tagger  *Tagger
	byAlias map[string][]*known // folded alias → entities
	// starts maps an alias's first folded word to the most words any alias
	// starting with it has, so most positions are rejected by one lookup.
	starts map[string]int
	byID   map[string]*known
	maxLen int // longest alias in tokens
	words  *stem.Stemmer
	// offices is who held which office when (knowledge/offices).
	offices *Offices
}

// Offices is the table of office holders over time.
func (r *Recognizer) Offices() *Offices { return r.offices }

const shippedModel = "model/ner.gob.gz"

// ShippedTagger loads the tagger model embedded in the binary (the one
// `warta train ner` writes).
func ShippedTagger() (*Tagger, error) {
	// Open, not ReadFile: the model is decompressed straight from the
	// binary's data instead of from a 1 MB copy of it.
	f, err := modelFS.Open(shippedModel)
	if err != nil {
		return nil, fmt.Errorf("read NER model: %w", err)
	}
	defer f.Close()
	t, err := LoadTagger(f)
	if err != nil {
		return nil, fmt.Errorf("load NER model: %w", err)
	}
	return t, nil
}

// Load builds a recognizer from the embedded knowledge file.
func Load() (*Recognizer, error) {
	ks, err := loadKnowledge()
	if err != nil {
		return nil, err
	}
	r := &Recognizer{byAlias: map[string][]*known{}, byID: map[string]*known{}, starts: map[string]int{}, words: stem.New()}
	if _, err := fs.Stat(modelFS, shippedModel); err == nil {
		// The tagger's lexicon (word classes, knowledge names) and the
		// stemming dictionary do not depend on the model: build them on
		// another core while the model decodes, instead of on the first
		// sentence tagged.
		done := make(chan struct{})
		go func() {
			defer close(done)
			stem.Preload()
			baseLexicon()
		}()
		t, err := ShippedTagger()
		<-done
		if err != nil {
			return nil, err
		}
		t.init()
		r.tagger = t
	}
	offices, extra, err := loadOffices(ks)
	if err != nil {
		return nil, err
	}
	r.offices = offices
	// Office holders the knowledge file lacks become known people, unless
	// many others share the name ("Budi Santoso").
	for _, k := range extra {
		if !k.common {
			ks = append(ks, k)
		} else {
			r.byID[k.id] = k
		}
	}
	for _, k := range ks {
		r.byID[k.id] = k
		for _, a := range append([]string{k.name}, k.aliases...) {
			key := fold(a)
			r.byAlias[key] = append(r.byAlias[key], k)
			words := strings.Fields(key)
			if len(words) > 0 && len(words) > r.starts[words[0]] {
				r.starts[words[0]] = len(words)
			}
			if n := len(tokenize(a)); n > r.maxLen {
				r.maxLen = n
			}
		}
	}
	return r, nil
}

// token is a word or punctuation mark with its byte offsets.
type token struct {
	text       string
	start, end int
	word       bool
	fold       string // lower case without dots and apostrophes (words only)
}

// tokenize splits text into words (letters and digits, with inner dots,
// hyphens and apostrophes: "B.J.", "Covid-19", "Ma'ruf") and single
// punctuation tokens.
func tokenize(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += n2
					continue
				}
				if (r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.') && j+n2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+n2:])
					if unicode.IsLetter(r3) || unicode.IsDigit(r3) {
						j += n2
						continue
					}
					if r2 == '.' && isInitials(s[i:j]) { // "B.J." keeps its last dot
						j += n2
						continue
					}
				}
				break
			}
			out = append(out, token{text: s[i:j], start: i, end: j, word: true, fold: foldWord(s[i:j])})
			i = j
			continue
		}
		out = append(out, token{text: s[i : i+n], start: i, end: i + n})
		i += n
	}
	return out
}

func isInitials(s string) bool {
	return len(s) >= 1 && len(s) <= 4 && strings.Contains(s+".", ".") && unicode.IsUpper(rune(s[0])) && strings.Count(s, ".") >= 1
}

var foldReplacer = strings.NewReplacer(".", "", "'", "", "’", "")

// foldWord is a word's lookup key. A clitic joined by a hyphen is not
// part of the name: "Jokowi-nya" and "Jokowi-lah" are Jokowi, and were
// stored as entities of their own before.
func foldWord(w string) string {
	w = strings.ToLower(foldReplacer.Replace(w))
	for _, c := range []string{"-nya", "-lah", "-pun", "-kah"} {
		if rest, ok := strings.CutSuffix(w, c); ok && rest != "" {
			return rest
		}
	}
	return w
}

// fold is the alias lookup key: lower case, single spaces, no dots or
// apostrophes, and no punctuation between words, as aliasAt reads the
// text: "Badan Meteorologi, Klimatologi, dan Geofisika" is found with or
// without its commas.
func fold(s string) string {
	var b strings.Builder
	for _, t := range tokenize(s) {
		if !t.word {
			continue
		}
		w := foldWord(t.text)
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isAllCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters >= 2
}

// mention is a found span, before aggregation.
type mention struct {
	para, start, end int
	text             string
	k                *known // nil for entities outside the knowledge file
	name             string
	typ              warta.EntityType
	role, affil      string
}

// aliasAt returns the longest knowledge alias starting at token i and the
// number of tokens it covers. Acronyms must match in case ("AS" is the
// United States, "as" is not); other aliases must be capitalized in the
// text.
func (r *Recognizer) aliasAt(toks []token, i int) (*known, int) {
	if !toks[i].word {
		return nil, 0
	}
	limit := r.starts[toks[i].fold]
	if limit == 0 {
		return nil, 0
	}
	var key strings.Builder
	for n := min(limit+2, len(toks)-i); n >= 1; n-- {
		if !toks[i+n-1].word {
			continue
		}
		key.Reset()
		for _, t := range toks[i : i+n] {
			if t.word && t.fold != "" {
				if key.Len() > 0 {
					key.WriteByte(' ')
				}
				key.WriteString(t.fold)
			}
		}
		ks := r.byAlias[key.String()]
		if len(ks) == 0 {
			continue
		}
		first := toks[i].text
		if !isCap(first) {
			continue
		}
		if n == 1 && len(first) <= 4 && !isAllCaps(first) && !(len(first) >= 3 && isCap(first)) {
			continue
		}
		// A short all-caps alias must be written in caps: "AS", "RI", "MA".
		if n == 1 && len(first) <= 3 && !isAllCaps(first) && strings.ToUpper(first) == first {
			continue
		}
		if n == 1 && len(first) <= 3 && !isAllCaps(first) {
			// "Xi", "Abe" are names; "As", "Ma" at a sentence start are not.
			if i == 0 || toks[i-1].text == "." {
				continue
			}
		}
		return ks[0], n
	}
	return nil, 0
}

// Canonical returns the ID and canonical name of the entity a bare name
// refers to: a known alias ("Menlu Retno", "RRT") gives its entity; any
// other name gives the stable ID it would get in an article. Evaluations
// use it to compare gold names with linked entities.
func (r *Recognizer) Canonical(name string) (id, canonical string) {
	if k := r.byAlias[fold(name)]; len(k) > 0 {
		return k[0].id, k[0].name
	}
	a := &warta.Article{Paragraphs: []string{name}}
	for _, e := range r.Find(a) {
		for _, m := range e.Mentions {
			if m.Start == 0 && m.End == len(name) {
				return e.ID, e.Name
			}
		}
	}
	return "x:" + slug(name), name
}
