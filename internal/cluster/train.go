package cluster

import (
	"math"
	"sort"
)

// Example is one comparison the model learns from: a report's features
// against an event, and whether the report tells that event.
type Example struct {
	F     []float64
	Match bool
}

// Replay holds what GoldExamples saw, for reading: how often the indexes
// found the report's own event among the candidates.
type Replay struct {
	Reports   int // reports whose gold event already had a report
	Retrieved int // of those, how many found it through the indexes
	Compared  int // candidate events compared
}

// GoldGroups is GoldExamples with each report's comparisons kept
// together (reports with no candidate give an empty group).
func GoldGroups(ps []*Profile, gold []string) ([][]Example, [][]string) {
	var out [][]Example
	var ids [][]string
	replay(ps, gold, func(i int, ex []Example, cands []string) {
		out = append(out, ex)
		ids = append(ids, cands)
	})
	return out, ids
}

// GoldExamples replays reports in arrival order against the events the
// gold grouping has formed so far, looking candidates up through the same
// indexes as the clusterer: each candidate is an example, a match when it
// is the report's own event. gold[i] is profile i's event in the key.
func GoldExamples(ps []*Profile, gold []string) ([]Example, Replay) {
	var out []Example
	rp := replay(ps, gold, func(_ int, ex []Example, _ []string) { out = append(out, ex...) })
	return out, rp
}

// replay feeds each report's comparisons to fn in arrival order.
func replay(ps []*Profile, gold []string, fn func(i int, ex []Example, cands []string)) Replay {
	var rp Replay
	cents := map[string]*centroid{}
	index := map[string][]string{}
	indexed := map[[2]string]bool{}
	for i, p := range ps {
		seen := map[string]bool{}
		var cands []string
		for _, k := range dayKeys(probeDays(p), p.tokens()) {
			for _, g := range index[k] {
				if !seen[g] {
					seen[g] = true
					cands = append(cands, g)
				}
			}
		}
		sort.Strings(cands)
		if cents[gold[i]] != nil {
			rp.Reports++
			if seen[gold[i]] {
				rp.Retrieved++
			}
		}
		ex := make([]Example, 0, len(cands))
		for _, g := range cands {
			ex = append(ex, Example{F: features(p, cents[g]), Match: g == gold[i]})
		}
		fn(i, ex, cands)
		rp.Compared += len(cands)
		c := cents[gold[i]]
		if c == nil {
			c = &centroid{}
			cents[gold[i]] = c
		}
		c.add(p)
		for _, k := range dayKeys(c.fileDays(), c.Tokens) {
			if !indexed[[2]string{k, gold[i]}] {
				indexed[[2]string{k, gold[i]}] = true
				index[k] = append(index[k], gold[i])
			}
		}
	}
	return rp
}

// Fit trains logistic-regression weights over the examples by full-batch
// gradient descent with an L2 penalty (the bias unpenalized): the same
// examples in the same order give the same weights, so `warta train
// events` reproduces the shipped model. Matches are weighed up to balance
// the many more non-matches a report is compared with.
func Fit(ex []Example, l2 float64, iters int) []float64 {
	if len(ex) == 0 {
		return nil
	}
	n := len(ex[0].F)
	w := make([]float64, n)
	pos := 0
	for _, e := range ex {
		if e.Match {
			pos++
		}
	}
	wPos := 1.0
	if pos > 0 {
		wPos = float64(len(ex)-pos) / float64(pos)
	}
	grad := make([]float64, n)
	rate := 0.5
	for it := 0; it < iters; it++ {
		clear(grad)
		total := 0.0
		for _, e := range ex {
			z := 0.0
			for j, x := range e.F {
				z += w[j] * x
			}
			p := 1 / (1 + math.Exp(-z))
			y, c := 0.0, 1.0
			if e.Match {
				y, c = 1, wPos
			}
			total += c
			for j, x := range e.F {
				grad[j] += c * (p - y) * x
			}
		}
		for j := range w {
			g := grad[j] / total
			if j > 0 {
				g += l2 * w[j]
			}
			w[j] -= rate * g
		}
	}
	return w
}
