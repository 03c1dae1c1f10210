package cli

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/warta-news/warta/internal/eval"
)

// TestEvalQuotes runs `warta eval quotes`: the seeds and the example pages
// must all hold; on the news-corpus quote key the development half must
// not fall below what warta reached when the floors were set (a
// regression guard: the rules were tuned on it), and neither may the test
// half, scored once on 2026-12-02 (accuracy 196/298 = 0.658, precision
// 177/249 = 0.711). Issue #17's bar (0.92 and 0.95) is NOT met; these
// floors only keep what was reached from slipping.
func TestEvalQuotes(t *testing.T) {
	if eval.SharedDir() == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the quote evaluation")
	}
	keys, err := filepath.Abs(filepath.Join("..", "eval", "testdata", "quotes-corpus"))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := filepath.Abs(filepath.Join("..", "..", "examples", "pages"))
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, t.TempDir(), "", "eval", "quotes", "--keys", keys, "--pages", pages)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out)
	for _, src := range []string{"seeds", "fixtures"} {
		m := regexp.MustCompile(`(?m)^\s+` + src + `\s+(\d+)/(\d+)`).FindStringSubmatch(out)
		if m == nil || m[1] != m[2] {
			t.Errorf("%s: want every quote right, got %v", src, m)
		}
	}
	floors := map[string][2]float64{"dev.tsv": {0.70, 0.76}, "test.tsv": {0.64, 0.69}}
	re := regexp.MustCompile(`(?m)^news-corpus quote key \S*/(\w+\.tsv):.*\n\s+accuracy\s+\S+ = (\S+)\n\s+precision of non-null speakers \S+ = (\S+)`)
	found := 0
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		found++
		acc, _ := strconv.ParseFloat(m[2], 64)
		prec, _ := strconv.ParseFloat(m[3], 64)
		f := floors[m[1]]
		if acc < f[0] || prec < f[1] {
			t.Errorf("%s: accuracy %.3f, precision %.3f; floors %.2f, %.2f", m[1], acc, prec, f[0], f[1])
		}
	}
	if found == 0 {
		t.Fatalf("no quote key scored in:\n%s", out)
	}
}

// TestEntitiesShowOffices checks that `warta entities` lists the offices a
// person held, with dates, from the knowledge file's table.
func TestEntitiesShowOffices(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, err := run(t, dir, "", "ingest", examplePages(t)); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	out, _, err := run(t, dir, "", "entities", "Sugiono")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\s+office: Menteri Luar Negeri, Indonesia 2024-10-21–$`).MatchString(out) {
		t.Fatalf("no office with its dates in:\n%s", out)
	}
}
