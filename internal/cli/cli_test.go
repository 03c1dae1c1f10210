package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/entity"
	"github.com/warta-news/warta/internal/eval"
)

// run runs warta in process with a store in a temp dir.
func run(t *testing.T, dataDir string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain()
	m.Stdin, m.Stdout, m.Stderr = strings.NewReader(stdin), &out, &errb
	m.Getenv = func(string) string { return "" }
	err := m.Run(context.Background(), append(args, "--data-dir", dataDir))
	return out.String(), errb.String(), err
}

// examplePages is the folder the README's first command ingests.
func examplePages(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../examples/pages")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIngestSearchAndReingest(t *testing.T) {
	dir := t.TempDir()
	_, stderr, err := run(t, dir, "", "ingest", examplePages(t))
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	out, _, err := run(t, dir, "", "search", "kunjungan")
	if err != nil || !strings.Contains(out, "article(s)") || strings.HasPrefix(out, "0 article") {
		t.Fatalf("search kunjungan: %v\n%s", err, out)
	}
	// Stemming: a different form of the word finds the same articles.
	out2, _, _ := run(t, dir, "", "search", "berkunjung")
	if firstLine(out) != firstLine(out2) {
		t.Fatalf("kunjungan and berkunjung differ: %q vs %q", firstLine(out), firstLine(out2))
	}
	// Re-ingest changes nothing.
	_, stderr, err = run(t, dir, "", "ingest", examplePages(t))
	if err != nil || !strings.Contains(stderr, "new=0") {
		t.Fatalf("re-ingest: %v\n%s", err, stderr)
	}
	// Reprocess rebuilds from raw and keeps the counts.
	if _, stderr, err = run(t, dir, "", "reprocess"); err != nil {
		t.Fatalf("reprocess: %v\n%s", err, stderr)
	}
	out3, _, _ := run(t, dir, "", "search", "kunjungan")
	if firstLine(out3) != firstLine(out) {
		t.Fatalf("after reprocess: %q, before %q", firstLine(out3), firstLine(out))
	}
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

func TestAnalyzeJSONLAndBadInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "a.txt"), []byte("Jakarta, Warta.id - Menteri Luar Negeri Sugiono bertemu Menlu Tiongkok Wang Yi di Jakarta, Selasa (6/5/2025). Keduanya membahas kerja sama perdagangan.\n\"Kami siap bekerja sama dengan semua pihak,\" kata Sugiono.\n"), 0o644)
	os.WriteFile(filepath.Join(in, "b.jsonl"), []byte("{\"text\":\"Banjir merendam rumah warga di Semarang sejak kemarin sore, kata petugas BPBD.\"}\nbukan json\n"), 0o644)
	os.WriteFile(filepath.Join(in, "c.txt"), nil, 0o644)
	out, stderr, err := run(t, dir, "", "analyze", in)
	var pe *ProblemsError
	if !errors.As(err, &pe) || pe.N < 2 {
		t.Fatalf("want a problems error for the bad JSONL line and the empty file, got %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "b.jsonl:2") || !strings.Contains(stderr, "c.txt") {
		t.Fatalf("problems do not name file and line:\n%s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON lines, got %d:\n%s", len(lines), out)
	}
	var a map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "source", "outlet", "language", "published", "paragraphs", "captions", "related", "clutter", "problems", "entities", "quotes", "dates", "events"} {
		if _, ok := a[k]; !ok {
			t.Errorf("analyze JSON lacks %q", k)
		}
	}
	if a["published"] != "2025-05-06" || a["language"] != "id" {
		t.Errorf("published %v language %v", a["published"], a["language"])
	}
	if qs := a["quotes"].([]any); len(qs) != 1 || qs[0].(map[string]any)["speaker"] != "Sugiono" {
		t.Errorf("quotes = %v", a["quotes"])
	}
}

// serveExamples runs `warta serve` on a temporary store loaded with the
// example pages, in process, and returns its base URL and a function that
// stops it and returns how it ended.
func serveExamples(t *testing.T) (base string, stop func() error) {
	t.Helper()
	m := NewMain()
	m.Stdout, m.Stderr, m.Getenv = io.Discard, io.Discard, func(string) string { return "" }
	return startServe(t, m, 90*time.Second, "--data-dir", t.TempDir(), "--ingest", examplePages(t))
}

// startServe runs `warta serve --addr 127.0.0.1:0 args...` with m in
// process, waits until it listens (at most wait), and returns its base
// URL and a function that stops it and returns how it ended.
func startServe(t *testing.T, m *Main, wait time.Duration, args ...string) (base string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ready := make(chan string, 1)
	m.ServeReady = func(u string) { ready <- u }
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(wait):
		t.Fatal("serve did not start")
	}
	return base, func() error { cancel(); return <-done }
}

func TestServeAPI(t *testing.T) {
	base, stop := serveExamples(t)
	get := func(path string) (int, map[string]any) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}
	code, v := get("/api/v1/articles?q=kunjungan")
	if code != 200 || v["total"].(float64) == 0 {
		t.Fatalf("search: %d %v", code, v)
	}
	id := v["hits"].([]any)[0].(map[string]any)["id"].(string)
	code, v = get("/api/v1/articles/" + id + "?raw=1")
	if code != 200 || v["raw"] == nil || v["paragraphs"] == nil {
		t.Fatalf("article: %d %v", code, v)
	}
	if code, _ := get("/api/v1/articles/nope"); code != 404 {
		t.Fatalf("missing article: %d", code)
	}
	code, v = get("/api/v1/timeline?entity=Sugiono&with=Wang%20Yi")
	evs, _ := v["events"].([]any)
	if code != 200 || len(evs) == 0 {
		t.Fatalf("timeline: %d %v", code, v)
	}
	// The timeline also holds the ministers' earlier meeting the Kompas
	// page recalls ("terakhir bertemu ... Juli tahun lalu"); the news is
	// the event with the most reports.
	ev := evs[0].(map[string]any)
	for _, e := range evs {
		if m := e.(map[string]any); len(m["reports"].([]any)) > len(ev["reports"].([]any)) {
			ev = m
		}
	}
	if reports := ev["reports"].([]any); len(reports) < 3 {
		t.Fatalf("the meeting should have the reports of three outlets, got %d", len(reports))
	}
	if code, _ := get("/api/v1/events/" + ev["id"].(string)); code != 200 {
		t.Fatalf("event: %d", code)
	}
	if code, _ := get("/api/v1/stories/" + ev["story_id"].(string)); code != 200 {
		t.Fatalf("story: %d", code)
	}
	if code, _ := get("/api/v1/timeline?entity=Nobody+Here"); code != 404 {
		t.Fatalf("unknown entity: %d", code)
	}
	// The API lists the offices an entity held, as the entity page and
	// `warta entities` do, by any name the resolver knows.
	for _, path := range []string{"/api/v1/entities/sugiono", "/api/v1/entities?q=Sugiono"} {
		code, v = get(path)
		ent := v
		if es, ok := v["entities"].([]any); ok && len(es) > 0 {
			ent = es[0].(map[string]any)
		}
		offices, _ := ent["offices"].([]any)
		if code != 200 || len(offices) == 0 {
			t.Fatalf("%s: %d, no offices in %v", path, code, ent)
		}
		if o := offices[0].(map[string]any); o["office"] != "Menteri Luar Negeri" || o["of"] != "Indonesia" || o["from"] != "2024-10-21" {
			t.Errorf("%s: office %v", path, o)
		}
	}
	resp, err := http.Get(base + "/")
	if err != nil || resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("UI home: %v %v", err, resp)
	}
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Fatalf("serve shutdown: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	m := NewMain()
	for _, args := range [][]string{{}, {"nope"}, {"ingest"}, {"search", "from:kemarin"}, {"ingest", "--workers", "x", "a"}} {
		var errb bytes.Buffer
		m.Stderr = &errb
		m.Stdout = io.Discard
		err := m.Run(context.Background(), append(args, "--data-dir", t.TempDir()))
		if code := m.ExitCode(err); code != 2 {
			t.Errorf("warta %v: exit %d (%v), want 2", args, code, err)
		}
	}
}

// TestEvalSeeds runs `warta eval seeds`: the quality bar of the seeds
// (cleaning, metadata, entities, quotes, dates, events) must hold.
func TestEvalSeeds(t *testing.T) {
	if eval.SharedDir() == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the seed evaluation")
	}
	out, _, err := run(t, t.TempDir(), "", "eval", "seeds")
	if err != nil {
		t.Fatalf("eval seeds: %v\n%s", err, out)
	}
	t.Log("\n" + out)
}

var _ = warta.FormatText

// TestExtractionBenchmark measures warta's HTML extraction on the Zyte
// benchmark. The goal is F1 ≥ 0.962 (go-trafilatura's figure);
// warta reaches 0.961 (docs/extraction.md), and this test fails below
// 0.958 so that a regression shows.
func TestExtractionBenchmark(t *testing.T) {
	dir := eval.SharedDir()
	if dir == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the extraction benchmark")
	}
	pages, err := eval.LoadBench(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep := eval.RunBench("warta extract", pages, extractHTML)
	t.Logf("P %.3f R %.3f F1 %.3f", rep.P, rep.R, rep.F1)
	if rep.F1 < 0.960 {
		t.Fatalf("F1 %.4f below 0.960", rep.F1)
	}
}

// TestEvalQuotesAndDates runs the quote and date evaluations: every seed
// answer right, and at least 0.95 on the example pages.
func TestEvalQuotesAndDates(t *testing.T) {
	an, err := analyzer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	shared := eval.SharedDir() // "" skips the seed part
	for _, fn := range []func(string, string, eval.Analyze) (*eval.AccuracyReport, error){eval.Quotes, eval.Dates} {
		rep, err := fn(shared, examplePages(t), an)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		rep.Print(&b)
		t.Log("\n" + b.String())
		if rep.Right["seeds"] != rep.Total["seeds"] {
			t.Errorf("%s: seeds %d/%d", rep.What, rep.Right["seeds"], rep.Total["seeds"])
		}
		if f := float64(rep.Right["fixtures"]) / float64(rep.Total["fixtures"]); f < 0.95 {
			t.Errorf("%s: fixtures accuracy %.3f below 0.95", rep.What, f)
		}
	}
}

// TestEvalNER scores the shipped tagger (which
// TestShippedModelIsReproducible keeps equal to a fresh training) on
// NERGrit's validation split. The goal is F1 ≥ 0.83; the tagger
// reaches 0.759 (docs/understanding.md) and this test guards that level.
func TestEvalNER(t *testing.T) {
	dir := eval.SharedDir()
	if dir == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the NER evaluation")
	}
	out, _, err := run(t, t.TempDir(), "", "eval", "ner", filepath.Join(dir, "data/ner/nergrit_ner-grit/valid_preprocess.txt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out)
	var f1 float64
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if _, err := fmt.Sscanf(lines[len(lines)-1], "F1 %f", &f1); err != nil || f1 < 0.75 {
		t.Fatalf("NERGrit F1 %.3f (%v), want ≥ 0.75", f1, err)
	}
}

// TestShippedModelIsReproducible checks that `warta train ner` rebuilds
// exactly the model the binary embeds, given the embedded word classes
// (TestShippedWordClassesAreReproducible rebuilds those).
func TestShippedModelIsReproducible(t *testing.T) {
	dir := eval.SharedDir()
	if dir == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the model reproduction check")
	}
	out := filepath.Join(t.TempDir(), "ner.gob.gz")
	if _, _, err := run(t, t.TempDir(), "", "train", "ner", "--out", out); err != nil {
		t.Fatal(err)
	}
	read := func(path string) *entity.Tagger {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		tg, err := entity.LoadTagger(f)
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	got, shipped := read(out), read("../entity/model/ner.gob.gz")
	if !reflect.DeepEqual(got.Keys, shipped.Keys) || !reflect.DeepEqual(got.Weights, shipped.Weights) || !reflect.DeepEqual(got.Trans, shipped.Trans) ||
		!reflect.DeepEqual(got.Phrases, shipped.Phrases) || !reflect.DeepEqual(got.Domains, shipped.Domains) || got.Domain != shipped.Domain {
		t.Fatalf("retrained model differs from the shipped one (%d vs %d features): run warta train ner", len(got.Keys), len(shipped.Keys))
	}
}

// TestShippedWordClassesAreReproducible checks that `warta train words`
// rebuilds the embedded word classes byte for byte. It takes about 15 s
// of two cores (minutes under the race detector), so it runs only when
// WARTA_TEST_WORDS is set; .ci/run sets it for a run without -race.
func TestShippedWordClassesAreReproducible(t *testing.T) {
	dir := eval.SharedDir()
	if dir == "" {
		t.Skip("../shared not found (set WARTA_SHARED): skipping the word-class reproduction check")
	}
	if os.Getenv("WARTA_TEST_WORDS") == "" {
		t.Skip("set WARTA_TEST_WORDS=1 to rebuild the word classes from the news corpus (about 15 s)")
	}
	out := filepath.Join(t.TempDir(), "words.tsv.gz")
	if _, _, err := run(t, t.TempDir(), "", "train", "words", "--out", out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile("../entity/model/words.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, shipped) {
		t.Fatalf("rebuilt word classes (%d bytes) differ from the shipped ones (%d bytes): run warta train words, then warta train ner", len(got), len(shipped))
	}
}

// TestEvalEvents runs the event development set (ours, in the repository,
// so it needs no shared data) and fails below the bar, event
// B-cubed F1 0.95, or when three shuffled arrival orders fall below 0.93.
// The set was read while the coder and clusterer were written, so this is
// a regression guard, not a blind test (docs/evaluation.md).
func TestEvalEvents(t *testing.T) {
	rec, err := entity.Load()
	if err != nil {
		t.Fatal(err)
	}
	canonical := func(name string) string { id, _ := rec.Canonical(name); return id }
	dev := filepath.Join("..", "eval", "testdata", "events")
	rep, err := eval.Events(dev, func() (eval.Analyze, error) { return analyzer(context.Background()) }, canonical, 3)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	rep.Print(&b)
	t.Log("\n" + b.String())
	// Our written pages are a regression check of the event model (which
	// learns from real reports, docs/understanding.md): issue #12 keeps
	// them at 0.90 or more in publication order; arrival order must not
	// undo it by much (0.845-0.906 over three orders with the model
	// retrained on the merged code of 2026-12-02; 0.854 before).
	const bar, shuffledFloor = 0.90, 0.84
	if rep.EventB3.F < bar {
		t.Errorf("event B-cubed F1 %.3f, below the regression bar %.2f", rep.EventB3.F, bar)
	}
	if lo := slices.Min(rep.Shuffled); lo < shuffledFloor {
		t.Errorf("event B-cubed F1 %.3f in a shuffled arrival order, below %.2f", lo, shuffledFloor)
	}
	if rep.StoryB3.P < 0.95 || rep.DupFound != rep.DupGold || rep.DupWrong > 0 {
		t.Errorf("stories B-cubed precision %.3f (want >= 0.95); copies found %d/%d, wrongly %d", rep.StoryB3.P, rep.DupFound, rep.DupGold, rep.DupWrong)
	}
}
