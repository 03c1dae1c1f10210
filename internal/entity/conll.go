package entity

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Sentence is one annotated sentence: tokens and their tags.
type Sentence struct {
	Tokens, Tags []string
	// Domain names the corpus the sentence comes from, for training a
	// tagger that learns the corpora's conventions apart; "" for none.
	Domain string
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

// mapTag maps a corpus tag to tagSet. The BIO prefix and the type are
// read in any case ("b-ind" is B-ORG); anything else is O (FuzzReadCoNLL
// found "0-ORG" passing through as a tag of its own).
func mapTag(t string) string {
	if len(t) < 3 || t[1] != '-' {
		return "O"
	}
	prefix := strings.ToUpper(t[:1])
	if prefix != "B" && prefix != "I" {
		return "O"
	}
	typ := map[string]string{"PERSON": "PER", "PPL": "PER", "PER": "PER", "ORGANISATION": "ORG", "ORGANIZATION": "ORG",
		"IND": "ORG", "ORG": "ORG", "PLACE": "LOC", "PLC": "LOC", "LOC": "LOC"}[strings.ToUpper(t[2:])]
	if typ == "" {
		return "O"
	}
	return prefix + "-" + typ
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
