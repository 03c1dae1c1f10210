package cli

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/eval"
)

// TestEvalEventKeys runs `warta eval events` over the news-corpus key and
// fails below the levels measured when the model shipped: the
// development half is what the model learned from (a regression guard, not
// a blind test; docs/evaluation.md has the cross-validated figure), and
// the test half must stay where it was scored once on 2026-12-02
// (B-cubed F1 0.785: P 0.903, R 0.695). Issue #12's bar, 0.90 on the test
// half, is NOT met; the floors only keep what was reached from slipping.
func TestEvalEventKeys(t *testing.T) {
	if eval.SharedDir() == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the news-corpus event keys")
	}
	keys, err := filepath.Abs(filepath.Join("..", "eval", "testdata", "events-corpus"))
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, t.TempDir(), "", "eval", "events", "--shuffles", "0", "--keys", keys)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out)
	floors := map[string]float64{"dev.tsv": 0.82, "test.tsv": 0.77}
	re := regexp.MustCompile(`(?m)^news-corpus key \S*/(\w+\.tsv):[^\n]*\n(?:.*\n)*?events B-cubed\s+\S+\s+\S+\s+(\S+)`)
	found := 0
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		f, _ := strconv.ParseFloat(m[2], 64)
		found++
		if floor, ok := floors[m[1]]; ok && f < floor {
			t.Errorf("%s: event B-cubed F1 %.3f, below the guarded %.2f", m[1], f, floor)
		}
	}
	if found == 0 {
		t.Fatalf("no key scored in:\n%s", out)
	}
}

// TestShippedEventModelIsReproducible checks that `warta train events`
// rebuilds the term statistics and the event model the binary embeds. It
// analyzes the key's reports and counts the whole corpus (about a minute
// of two cores, many under the race detector), so it runs only when
// WARTA_TEST_EVENTS is set; .ci/run sets it for a run without -race.
func TestShippedEventModelIsReproducible(t *testing.T) {
	dir := eval.SharedDir()
	if dir == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the event model reproduction check")
	}
	if os.Getenv("WARTA_TEST_EVENTS") == "" {
		t.Skip("set WARTA_TEST_EVENTS=1 to retrain the event model (.ci/run does, without -race)")
	}
	out := t.TempDir()
	key, _ := filepath.Abs(filepath.Join("..", "eval", "testdata", "events-corpus", "dev.tsv"))
	if _, _, err := run(t, t.TempDir(), "", "train", "events", "--key", key, "--out", out); err != nil {
		t.Fatal(err)
	}
	read := func(path string) *cluster.Model {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m cluster.Model
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return &m
	}
	got, shipped := read(filepath.Join(out, "events.json")), read(filepath.Join("..", "cluster", "model", "events.json"))
	if got.Threshold != shipped.Threshold || len(got.Trees) != len(shipped.Trees) || math.Abs(got.Base-shipped.Base) > 1e-6 {
		t.Fatalf("retrained event model differs from the shipped one (threshold %.3f vs %.3f, %d vs %d trees): run warta train events",
			got.Threshold, shipped.Threshold, len(got.Trees), len(shipped.Trees))
	}
	for i := range got.Trees {
		if len(got.Trees[i]) != len(shipped.Trees[i]) {
			t.Fatalf("tree %d differs: run warta train events", i)
		}
		for k := range got.Trees[i] {
			a, b := got.Trees[i][k], shipped.Trees[i][k]
			if a.Feature != b.Feature || a.Leaf != b.Leaf || math.Abs(a.Threshold-b.Threshold) > 1e-4 || math.Abs(a.Value-b.Value) > 1e-4 {
				t.Fatalf("tree %d node %d differs (%+v vs %+v): run warta train events", i, k, a, b)
			}
		}
	}
	df, err := os.ReadFile(filepath.Join(out, "df.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := cluster.ReadStats(bytes.NewReader(df))
	if err != nil {
		t.Fatal(err)
	}
	ship, err := cluster.ShippedStats()
	if err != nil {
		t.Fatal(err)
	}
	if st.N != ship.N || len(st.DF) != len(ship.DF) {
		t.Fatalf("term statistics differ (%d/%d vs %d/%d): run warta train events", st.N, len(st.DF), ship.N, len(ship.DF))
	}
}
