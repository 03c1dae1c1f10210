package eval

import (
	"math"
	"testing"
)

// TestMetricReproducesPublishedScores checks our implementation of the
// benchmark metric against the scores its README publishes for outputs
// included in ../shared.
func TestMetricReproducesPublishedScores(t *testing.T) {
	dir := SharedDir()
	if dir == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the extraction benchmark metric check")
	}
	pages, err := LoadBench(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		p, r, f1 float64
	}{
		{"go_trafilatura", 0.940, 0.980, 0.960},
		{"html-text", 0.500, 0.994, 0.665},
	} {
		pred, err := LoadBenchOutput(dir, tc.name)
		if err != nil {
			t.Fatal(err)
		}
		rep := ScoreBench(tc.name, pages, pred, 0)
		if math.Abs(rep.P-tc.p) > 0.0015 || math.Abs(rep.R-tc.r) > 0.0015 || math.Abs(rep.F1-tc.f1) > 0.0015 {
			t.Errorf("%s: P %.3f R %.3f F1 %.3f, published %.3f %.3f %.3f", tc.name, rep.P, rep.R, rep.F1, tc.p, tc.r, tc.f1)
		}
	}
}

func TestPagePR(t *testing.T) {
	for _, tc := range []struct {
		truth, pred string
		p, r        float64
	}{
		{"satu dua tiga empat lima", "satu dua tiga empat lima", 1, 1},
		{"satu dua tiga empat lima", "satu dua tiga empat", 1, 0.5},
		{"satu dua tiga empat", "satu dua tiga empat lima", 0.5, 1},
		{"", "", 1, 1},
	} {
		p, r, _, _ := pagePR(tc.truth, tc.pred)
		if math.Abs(p-tc.p) > 1e-9 || math.Abs(r-tc.r) > 1e-9 {
			t.Errorf("pagePR(%q, %q) = %v %v, want %v %v", tc.truth, tc.pred, p, r, tc.p, tc.r)
		}
	}
}
