package eval

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

//go:embed gold/fixtures.json
var fixturesGold []byte

// AccuracyReport counts right answers per source (seeds, fixtures).
type AccuracyReport struct {
	What   string
	Right  map[string]int
	Total  map[string]int
	Misses []string
}

func newAccuracy(what string) *AccuracyReport {
	return &AccuracyReport{What: what, Right: map[string]int{}, Total: map[string]int{}}
}

func (r *AccuracyReport) add(source string, ok bool, miss string) {
	r.Total[source]++
	if ok {
		r.Right[source]++
	} else {
		r.Misses = append(r.Misses, source+": "+miss)
	}
}

// Accuracy is the share of right answers over all sources.
func (r *AccuracyReport) Accuracy() float64 {
	right, total := 0, 0
	for s, n := range r.Total {
		total += n
		right += r.Right[s]
	}
	return float64(right) / float64(max(1, total))
}

// Print writes accuracy per source, the misses, and the total.
func (r *AccuracyReport) Print(w io.Writer) {
	var srcs []string
	for s := range r.Total {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	fmt.Fprintf(w, "%s:\n", r.What)
	for _, s := range srcs {
		fmt.Fprintf(w, "  %-9s %d/%d = %.3f\n", s, r.Right[s], r.Total[s], float64(r.Right[s])/float64(max(1, r.Total[s])))
	}
	for _, m := range r.Misses {
		fmt.Fprintf(w, "  miss %s\n", m)
	}
	fmt.Fprintf(w, "accuracy %.3f\n", r.Accuracy())
}

type fixtureGold struct {
	Pages map[string]struct {
		Quotes []struct {
			Starts  string  `json:"starts"`
			Speaker *string `json:"speaker"`
		} `json:"quotes"`
		Dates []struct {
			Text  string  `json:"text"`
			Value *string `json:"value"`
		} `json:"dates"`
	} `json:"pages"`
}

// analyzeFixtures runs analyze over the example pages named in the gold.
func analyzeFixtures(pagesDir string, analyze Analyze) (map[string]*warta.Article, *fixtureGold, error) {
	var g fixtureGold
	if err := json.Unmarshal(fixturesGold, &g); err != nil {
		return nil, nil, fmt.Errorf("parse fixture gold: %w", err)
	}
	out := map[string]*warta.Article{}
	for name := range g.Pages {
		raw, err := os.ReadFile(filepath.Join(pagesDir, name))
		if err != nil {
			return nil, nil, fmt.Errorf("read example page: %w", err)
		}
		d := &warta.Document{ID: warta.ContentID(raw), Source: name, Format: warta.FormatText, Raw: raw, Text: string(raw), TextFormat: warta.FormatText}
		if strings.HasSuffix(name, ".html") {
			d.Format, d.TextFormat = warta.FormatHTML, warta.FormatHTML
		}
		out[name] = analyze(d)
	}
	return out, &g, nil
}

func speakerOf(q *warta.Quote) string {
	if q == nil || q.Speaker == nil {
		return "null"
	}
	return *q.Speaker
}

// Quotes scores speaker attribution on the seeds (gold.json) and on the
// example pages (gold/fixtures.json).
func Quotes(sharedDir, pagesDir string, analyze Analyze) (*AccuracyReport, error) {
	r := newAccuracy("quote speakers")
	if sharedDir != "" {
		rep, err := Seeds(sharedDir, analyze)
		if err != nil {
			return nil, err
		}
		for _, c := range rep.Checks {
			if c.Area == "quotes" {
				r.add("seeds", c.Passed, c.What+": "+c.Detail)
			}
		}
	}
	arts, g, err := analyzeFixtures(pagesDir, analyze)
	if err != nil {
		return nil, err
	}
	for name, p := range g.Pages {
		for _, want := range p.Quotes {
			var got *warta.Quote
			for i, q := range arts[name].Quotes {
				if q.Direct && strings.HasPrefix(q.Text, want.Starts) {
					got = &arts[name].Quotes[i]
				}
			}
			w := "null"
			if want.Speaker != nil {
				w = *want.Speaker
			}
			r.add("fixtures", got != nil && speakerOf(got) == w, fmt.Sprintf("%s %q: got %s, want %s", name, want.Starts, speakerOf(got), w))
		}
	}
	sort.Strings(r.Misses)
	return r, nil
}

// Dates scores date values on the seeds and the example pages.
func Dates(sharedDir, pagesDir string, analyze Analyze) (*AccuracyReport, error) {
	r := newAccuracy("date values")
	if sharedDir != "" {
		rep, err := Seeds(sharedDir, analyze)
		if err != nil {
			return nil, err
		}
		for _, c := range rep.Checks {
			if c.Area == "dates" {
				r.add("seeds", c.Passed, c.What+": "+c.Detail)
			}
		}
	}
	arts, g, err := analyzeFixtures(pagesDir, analyze)
	if err != nil {
		return nil, err
	}
	for name, p := range g.Pages {
		for _, want := range p.Dates {
			ok, got := false, "not found"
			for _, d := range arts[name].Dates {
				if d.Text == want.Text {
					got = deref(d.Value)
					ok = deref(d.Value) == deref(want.Value)
				}
			}
			r.add("fixtures", ok, fmt.Sprintf("%s %q: got %s, want %s", name, want.Text, got, deref(want.Value)))
		}
	}
	sort.Strings(r.Misses)
	return r, nil
}
