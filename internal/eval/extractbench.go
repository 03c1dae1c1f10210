package eval

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
)

// BenchReport is the article-extraction benchmark score of one extractor,
// by the benchmark's own metric (its README): 4-token shingles over \w+
// tokens, per-page precision and recall averaged, F1 of the means.
type BenchReport struct {
	Name          string
	Pages         int
	P, R, F1, Acc float64
	Seconds       float64
}

// Print writes one line per report.
func (b *BenchReport) Print(w io.Writer) {
	pps := 0.0
	if b.Seconds > 0 {
		pps = float64(b.Pages) / b.Seconds
	}
	fmt.Fprintf(w, "%-28s pages %3d  P %.4f  R %.4f  F1 %.4f  accuracy %.3f  %.1f pages/s\n", b.Name, b.Pages, b.P, b.R, b.F1, b.Acc, pps)
}

// BenchPage is one benchmark page: its HTML and URL.
type BenchPage struct {
	ID, URL, HTML string
	Truth         string
}

// LoadBench reads the benchmark's pages and ground truth.
func LoadBench(sharedDir string) ([]BenchPage, error) {
	dir := filepath.Join(sharedDir, "data", "extraction-bench")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("read ground truth: %w", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return nil, fmt.Errorf("parse ground truth: %w", err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var pages []BenchPage
	for _, id := range ids {
		f, err := os.Open(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, fmt.Errorf("open page %s: %w", id, err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("read page %s: %w", id, err)
		}
		b, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read page %s: %w", id, err)
		}
		pages = append(pages, BenchPage{ID: id, URL: gt[id].URL, HTML: string(b), Truth: gt[id].ArticleBody})
	}
	return pages, nil
}

// LoadBenchOutput reads a published extractor output from output/NAME.json.gz.
func LoadBenchOutput(sharedDir, name string) (map[string]string, error) {
	f, err := os.Open(filepath.Join(sharedDir, "data", "extraction-bench", "output", name+".json.gz"))
	if err != nil {
		return nil, fmt.Errorf("open output %s: %w", name, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read output %s: %w", name, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read output %s: %w", name, err)
	}
	var wrapped struct {
		Output map[string]struct {
			ArticleBody string `json:"articleBody"`
		} `json:"output"`
	}
	var plain map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	out := map[string]string{}
	if json.Unmarshal(raw, &wrapped) == nil && len(wrapped.Output) > 0 {
		for k, v := range wrapped.Output {
			out[k] = v.ArticleBody
		}
		return out, nil
	}
	if err := json.Unmarshal(raw, &plain); err != nil {
		return nil, fmt.Errorf("parse output %s: %w", name, err)
	}
	for k, v := range plain {
		out[k] = v.ArticleBody
	}
	return out, nil
}

// ScoreBench scores predictions (page ID → text) against the pages.
func ScoreBench(name string, pages []BenchPage, pred map[string]string, seconds float64) *BenchReport {
	var sumP, sumR float64
	var nP, nR, exact int
	for _, pg := range pages {
		p, r, okP, okR := pagePR(pg.Truth, pred[pg.ID])
		if okP {
			sumP += p
			nP++
		}
		if okR {
			sumR += r
			nR++
		}
		if strings.Join(tokens(pg.Truth), " ") == strings.Join(tokens(pred[pg.ID]), " ") {
			exact++
		}
	}
	rep := &BenchReport{Name: name, Pages: len(pages), Seconds: seconds}
	if nP > 0 {
		rep.P = sumP / float64(nP)
	}
	if nR > 0 {
		rep.R = sumR / float64(nR)
	}
	if rep.P+rep.R > 0 {
		rep.F1 = 2 * rep.P * rep.R / (rep.P + rep.R)
	}
	rep.Acc = float64(exact) / float64(max(1, len(pages)))
	return rep
}

// RunBench extracts every page with fn, timing it, and scores the result.
func RunBench(name string, pages []BenchPage, fn func(html, url string) string) *BenchReport {
	pred := make(map[string]string, len(pages))
	start := time.Now()
	for _, pg := range pages {
		pred[pg.ID] = fn(pg.HTML, pg.URL)
	}
	return ScoreBench(name, pages, pred, time.Since(start).Seconds())
}

// tokens are the \w+ runs of the benchmark's metric (letters, digits,
// underscore; nothing lower-cased).
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r))
	})
}

func shingles(s string) map[string]int {
	ts := tokens(s)
	out := map[string]int{}
	if len(ts) == 0 {
		return out
	}
	if len(ts) < 4 {
		out[strings.Join(ts, " ")]++
		return out
	}
	for i := 0; i+4 <= len(ts); i++ {
		out[strings.Join(ts[i:i+4], " ")]++
	}
	return out
}

// pagePR is one page's precision and recall; ok is false when the value is
// undefined (skipped in the mean, as the benchmark does).
func pagePR(truth, pred string) (p, r float64, okP, okR bool) {
	t, q := shingles(truth), shingles(pred)
	var tp, fp, fn float64
	for k, c := range q {
		m := min(c, t[k])
		tp += float64(m)
		fp += float64(c - m)
	}
	for k, c := range t {
		if q[k] < c {
			fn += float64(c - q[k])
		}
	}
	total := tp + fp + fn
	if total == 0 {
		return 1, 1, true, true
	}
	tp, fp, fn = tp/total, fp/total, fn/total
	if fp == 0 && fn == 0 {
		return 1, 1, true, true
	}
	if tp+fp > 0 {
		p, okP = tp/(tp+fp), true
	}
	if tp+fn > 0 {
		r, okR = tp/(tp+fn), true
	}
	return p, r, okP, okR
}
