package entity

import (
	"sync"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/text/stem"

	"bufio"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"
)

// Tags the sequence tagger predicts, in BIO form over PER, ORG and LOC.
var tagSet = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}

// Tagger is an averaged-perceptron sequence tagger with greedy decoding:
// word, shape, affix, neighbour and previous-tag features. It is trained
// from CoNLL-style files by Train (warta train ner) and not yet used by
// Find, which stays rule- and knowledge-based (docs/understanding.md).
type Tagger struct {
	// Weights maps a feature to one weight per tag (index into tagSet).
	Weights map[string][]float32
}

// lexicon gives the tagger knowledge-file and dictionary evidence: which
// entity types a word starts or continues in the knowledge file, and
// whether it is an ordinary Indonesian word.
type lexicon struct {
	first, inner map[string]string // lower-cased word → types, e.g. "PER LOC"
	isWord       func(string) bool
}

var (
	lexOnce sync.Once
	lexVal  *lexicon
)

func defaultLexicon() *lexicon {
	lexOnce.Do(func() {
		lx := &lexicon{first: map[string]string{}, inner: map[string]string{}, isWord: stem.New().IsWord}
		ks, err := loadKnowledge()
		if err == nil {
			typ := map[warta.EntityType]string{warta.EntityPerson: "PER", warta.EntityOrganization: "ORG", warta.EntityLocation: "LOC"}
			for _, k := range ks {
				for _, a := range append([]string{k.name}, k.aliases...) {
					for i, w := range strings.Fields(strings.ToLower(a)) {
						m := lx.inner
						if i == 0 {
							m = lx.first
						}
						if !strings.Contains(m[w], typ[k.typ]) {
							m[w] += typ[k.typ] + " "
						}
					}
				}
			}
		}
		lexVal = lx
	})
	return lexVal
}

// Sentence is one annotated sentence: tokens and their tags.
type Sentence struct {
	Tokens, Tags []string
}

// ReadCoNLL reads token-per-line data: tab- or space-separated columns,
// tag last, BIO, blank line between sentences, CRLF tolerated. Tags map
// PERSON/PPL→PER, ORGANISATION/IND→ORG, PLACE/PLC→LOC; other types → O.
func ReadCoNLL(r io.Reader) ([]Sentence, error) {
	var out []Sentence
	var cur Sentence
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if len(cur.Tokens) > 0 {
				out = append(out, cur)
				cur = Sentence{}
			}
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: want token and tag, got %q", n, line)
		}
		cur.Tokens = append(cur.Tokens, f[0])
		cur.Tags = append(cur.Tags, mapTag(f[len(f)-1]))
	}
	if len(cur.Tokens) > 0 {
		out = append(out, cur)
	}
	return out, sc.Err()
}

func mapTag(t string) string {
	if t == "O" || len(t) < 3 || t[1] != '-' {
		return "O"
	}
	typ := map[string]string{"PERSON": "PER", "PPL": "PER", "PER": "PER", "ORGANISATION": "ORG", "ORGANIZATION": "ORG",
		"IND": "ORG", "ORG": "ORG", "PLACE": "LOC", "PLC": "LOC", "LOC": "LOC"}[t[2:]]
	if typ == "" {
		return "O"
	}
	return t[:2] + typ
}

func shape(w string) string {
	var b strings.Builder
	var last rune
	for _, r := range w {
		c := 'x'
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsDigit(r):
			c = 'd'
		case !unicode.IsLetter(r):
			c = r
		}
		if c != last {
			b.WriteRune(c)
			last = c
		}
	}
	return b.String()
}

func lowerAt(toks []string, i int) string {
	if i < 0 {
		return "<s>"
	}
	if i >= len(toks) {
		return "</s>"
	}
	return strings.ToLower(toks[i])
}

// features of token i given the previous two predicted tags.
func features(toks []string, i int, prev, prev2 string) []string {
	f := baseFeatures(toks, i, prev, prev2)
	lx := defaultLexicon()
	lw := strings.ToLower(toks[i])
	if lx.isWord(lw) {
		f = append(f, "dict", "dict|"+shape(toks[i]))
	}
	for _, t := range strings.Fields(lx.first[lw]) {
		f = append(f, "gazB="+t)
	}
	for _, t := range strings.Fields(lx.inner[lw]) {
		f = append(f, "gazI="+t)
	}
	if i > 0 {
		for _, t := range strings.Fields(lx.first[lowerAt(toks, i-1)]) {
			f = append(f, "gazB-1="+t)
		}
	}
	return f
}

func baseFeatures(toks []string, i int, prev, prev2 string) []string {
	w := toks[i]
	lw := strings.ToLower(w)
	r := []rune(lw)
	f := []string{"b", "w=" + lw, "s=" + shape(w), "p-1=" + lowerAt(toks, i-1), "p+1=" + lowerAt(toks, i+1),
		"p-2=" + lowerAt(toks, i-2), "p+2=" + lowerAt(toks, i+2), "t-1=" + prev, "t-2=" + prev + "|" + prev2,
		"t-1w=" + prev + "|" + lw, "s-1=" + shapeAt(toks, i-1), "s+1=" + shapeAt(toks, i+1)}
	for k := 1; k <= 3 && k <= len(r); k++ {
		f = append(f, "pre"+string(rune('0'+k))+"="+string(r[:k]), "suf"+string(rune('0'+k))+"="+string(r[len(r)-k:]))
	}
	if i == 0 {
		f = append(f, "first")
	}
	return f
}

func shapeAt(toks []string, i int) string {
	if i < 0 || i >= len(toks) {
		return "-"
	}
	return shape(toks[i])
}

// Tag returns BIO tags for tokens.
func (t *Tagger) Tag(toks []string) []string {
	out := make([]string, len(toks))
	prev, prev2 := "<s>", "<s>"
	scores := make([]float32, len(tagSet))
	for i := range toks {
		for k := range scores {
			scores[k] = 0
		}
		for _, f := range features(toks, i, prev, prev2) {
			if ws, ok := t.Weights[f]; ok {
				for k, v := range ws {
					scores[k] += v
				}
			}
		}
		best := 0
		for k := range scores {
			if scores[k] > scores[best] {
				best = k
			}
		}
		tag := tagSet[best]
		// Repair BIO: I-X must follow B-X or I-X.
		if strings.HasPrefix(tag, "I-") && prev[min(2, len(prev)):] != tag[2:] {
			tag = "B-" + tag[2:]
		}
		out[i] = tag
		prev2, prev = prev, tag
	}
	return out
}

// TrainOptions configure Train.
type TrainOptions struct {
	Epochs int     // default 6
	Prune  float32 // drop averaged weights below this magnitude (default 0.05)
}

// Train learns a tagger from sentences with the averaged perceptron. The
// order of sentences is fixed, so a run is reproducible.
func Train(sents []Sentence, opt TrainOptions) *Tagger {
	if opt.Epochs == 0 {
		opt.Epochs = 6
	}
	if opt.Prune == 0 {
		opt.Prune = 0.05
	}
	idx := map[string]int{}
	for i, t := range tagSet {
		idx[t] = i
	}
	w := map[string][]float32{}
	total := map[string][]float32{}
	stamp := map[string][]int{}
	step := 0
	update := func(f string, k int, d float32) {
		if w[f] == nil {
			w[f], total[f], stamp[f] = make([]float32, len(tagSet)), make([]float32, len(tagSet)), make([]int, len(tagSet))
		}
		total[f][k] += float32(step-stamp[f][k]) * w[f][k]
		stamp[f][k] = step
		w[f][k] += d
	}
	for ep := 0; ep < opt.Epochs; ep++ {
		for si := range sents {
			// Deterministic shuffle: a different fixed order each epoch.
			s := sents[(si*7919+ep*104729)%len(sents)]
			prev, prev2 := "<s>", "<s>"
			for i := range s.Tokens {
				step++
				fs := features(s.Tokens, i, prev, prev2)
				scores := make([]float32, len(tagSet))
				for _, f := range fs {
					if ws := w[f]; ws != nil {
						for k, v := range ws {
							scores[k] += v
						}
					}
				}
				best := 0
				for k := range scores {
					if scores[k] > scores[best] {
						best = k
					}
				}
				gold := idx[s.Tags[i]]
				if best != gold {
					for _, f := range fs {
						update(f, gold, 1)
						update(f, best, -1)
					}
				}
				// Train on gold history (standard for greedy taggers).
				prev2, prev = prev, s.Tags[i]
			}
		}
	}
	avg := map[string][]float32{}
	for f, ws := range w {
		keep := false
		out := make([]float32, len(tagSet))
		for k := range ws {
			t := total[f][k] + float32(step-stamp[f][k])*ws[k]
			out[k] = t / float32(step)
			if out[k] > opt.Prune || out[k] < -opt.Prune {
				keep = true
			}
		}
		if keep {
			avg[f] = out
		}
	}
	return &Tagger{Weights: avg}
}

// Save writes the tagger as gzip-compressed gob.
func (t *Tagger) Save(w io.Writer) error {
	zw := gzip.NewWriter(w)
	if err := gob.NewEncoder(zw).Encode(t); err != nil {
		return fmt.Errorf("encode tagger: %w", err)
	}
	return zw.Close()
}

// LoadTagger reads a tagger written by Save.
func LoadTagger(r io.Reader) (*Tagger, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read tagger: %w", err)
	}
	var t Tagger
	if err := gob.NewDecoder(zr).Decode(&t); err != nil {
		return nil, fmt.Errorf("decode tagger: %w", err)
	}
	return &t, nil
}

// ReadCoNLLFile reads a CoNLL file from disk.
func ReadCoNLLFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	s, err := ReadCoNLL(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return s, nil
}

// Span is a typed entity span over token indices [Start, End).
type Span struct {
	Start, End int
	Type       string
}

// Spans turns BIO tags into spans.
func Spans(tags []string) []Span {
	var out []Span
	for i := 0; i < len(tags); i++ {
		if tags[i] == "O" {
			continue
		}
		typ := tags[i][2:]
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+typ {
			j++
		}
		out = append(out, Span{i, j, typ})
		i = j - 1
	}
	return out
}

// Score is entity-level precision/recall counts per type (CoNLL style:
// exact span and type).
type Score struct {
	TP, FP, FN map[string]int
}

// NewScore returns empty counts.
func NewScore() *Score {
	return &Score{TP: map[string]int{}, FP: map[string]int{}, FN: map[string]int{}}
}

// Add counts one sentence.
func (s *Score) Add(gold, pred []string) {
	g := map[Span]bool{}
	for _, sp := range Spans(gold) {
		g[sp] = true
	}
	p := map[Span]bool{}
	for _, sp := range Spans(pred) {
		p[sp] = true
		if g[sp] {
			s.TP[sp.Type]++
		} else {
			s.FP[sp.Type]++
		}
	}
	for sp := range g {
		if !p[sp] {
			s.FN[sp.Type]++
		}
	}
}

// PRF returns precision, recall and F1 for a type ("" for all).
func (s *Score) PRF(typ string) (p, r, f float64) {
	var tp, fp, fn int
	for _, t := range []string{"PER", "ORG", "LOC"} {
		if typ == "" || typ == t {
			tp, fp, fn = tp+s.TP[t], fp+s.FP[t], fn+s.FN[t]
		}
	}
	p = float64(tp) / float64(max(1, tp+fp))
	r = float64(tp) / float64(max(1, tp+fn))
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// Types lists the types in a fixed order.
func (s *Score) Types() []string {
	out := []string{"PER", "ORG", "LOC"}
	sort.Strings(out)
	return out
}
