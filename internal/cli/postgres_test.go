package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/postgres"
	"github.com/warta-news/warta/internal/store/postgres/pgtest"
)

// searchQueries are asked of both stores; they cover single words, OR,
// phrases, exclusions, filters and a query that lists everything.
var searchQueries = []string{"menlu", "kunjungan", "wang yi", `"luar negeri"`, "gempa OR banjir", "menlu -tiongkok",
	"bank indonesia", "outlet:kompas.com", "cianjur", "presiden", ""}

// storeCounts opens the store run would open and returns its counts.
func storeCounts(t *testing.T, dir string, extra ...string) *warta.Stats {
	t.Helper()
	m := NewMain()
	m.Getenv = func(string) string { return "" }
	m.Stdout, m.Stderr = &strings.Builder{}, &strings.Builder{}
	fs := m.flagSet("t", "")
	if err := m.parse(fs, append([]string{"--data-dir", dir}, extra...)); err != nil {
		t.Fatal(err)
	}
	st, err := m.openStore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

// TestPostgresIngestMatchesSQLite ingests the example pages into both
// stores and asks both the same searches: the same articles, in the same
// order, and the same counts.
func TestPostgresIngestMatchesSQLite(t *testing.T) {
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	if _, stderr, err := run(t, dir, "", "ingest", examplePages(t)); err != nil {
		t.Fatalf("sqlite ingest: %v\n%s", err, stderr)
	}
	if _, _, err := run(t, dir, "", "ingest", examplePages(t), "--db", dsn); err == nil || !strings.Contains(err.Error(), "warta migrate") {
		t.Fatalf("ingest into an unmigrated database: %v, want a hint to run warta migrate", err)
	}
	if out, stderr, err := run(t, dir, "", "migrate", "--db", dsn); err != nil || !strings.Contains(out, "migrated") {
		t.Fatalf("migrate: %v\n%s%s", err, out, stderr)
	}
	if out, _, err := run(t, dir, "", "migrate", "--db", dsn); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate: %v\n%s", err, out)
	}
	_, stderr, err := run(t, dir, "", "ingest", examplePages(t), "--db", dsn)
	if err != nil || !strings.Contains(stderr, "jobs done") || !strings.Contains(stderr, "discarded=0") {
		t.Fatalf("postgres ingest: %v\n%s", err, stderr)
	}
	t.Logf("postgres ingest:\n%s", stderr)
	compareStores(t, dir, dsn)
}

// compareStores checks that the SQLite store in dir and the PostgreSQL
// store at dsn hold the same counts and answer the searches alike.
func compareStores(t *testing.T, dir, dsn string) {
	t.Helper()
	a, b := storeCounts(t, dir), storeCounts(t, dir, "--db", dsn)
	if a.Documents != b.Documents || a.Articles != b.Articles || a.Events != b.Events || a.Stories != b.Stories || a.Problems != b.Problems {
		t.Errorf("counts differ: sqlite %+v, postgres %+v", a, b)
	}
	if a.Articles == 0 {
		t.Fatal("nothing was ingested")
	}
	for _, q := range searchQueries {
		want, _, err := run(t, dir, "", "search", q, "--limit", "50")
		if err != nil {
			t.Fatalf("sqlite search %q: %v", q, err)
		}
		got, _, err := run(t, dir, "", "search", q, "--limit", "50", "--db", dsn)
		if err != nil {
			t.Fatalf("postgres search %q: %v", q, err)
		}
		if got != want {
			t.Errorf("search %q differs:\nsqlite:\n%s\npostgres:\n%s", q, want, got)
		}
	}
}

// TestCopy moves a SQLite store with a source, an alert and its matches
// into PostgreSQL, verifies it, and runs the copy again to show that it
// changes nothing.
func TestCopy(t *testing.T) {
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	if out, stderr, err := run(t, dir, "", "alerts", "add", "menlu", "--q", "menlu"); err != nil {
		t.Fatalf("alerts add: %v\n%s%s", err, out, stderr)
	}
	if out, stderr, err := run(t, dir, "", "sources", "add", "https://contoh.id/rss", "--kind", "feed"); err != nil {
		t.Fatalf("sources add: %v\n%s%s", err, out, stderr)
	}
	bad := filepath.Join(t.TempDir(), "rusak.jsonl")
	os.WriteFile(bad, []byte("{not json\n"), 0o644)
	if _, stderr, err := run(t, dir, "", "ingest", examplePages(t), bad); err != nil && !strings.Contains(err.Error(), "problem") {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	db := filepath.Join(dir, "warta.db")
	out, stderr, err := run(t, dir, "", "copy", "--from", db, "--to", dsn)
	if err != nil || !strings.Contains(out, "copy verified") {
		t.Fatalf("copy: %v\n%s%s", err, out, stderr)
	}
	compareStores(t, dir, dsn)
	first := out
	out, stderr, err = run(t, dir, "", "copy", "--from", db, "--to", dsn)
	if err != nil {
		t.Fatalf("second copy: %v\n%s%s", err, out, stderr)
	}
	// The second run finds everything there: each table's count before
	// equals its count after, and both equal the first run's.
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 5 && f[4] == "ok" && f[2] != f[3] {
			t.Errorf("second copy changed %s: %s", f[0], line)
		}
	}
	if !strings.Contains(first, "alert_matches") || !strings.Contains(out, "copy verified") {
		t.Fatalf("copy output:\n%s", out)
	}
	// Matches and the alert's mark came along: matching again finds
	// nothing old.
	pg, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	alerts, _ := pg.Alerts(context.Background())
	if len(alerts) != 1 {
		t.Fatalf("alerts after copy: %+v", alerts)
	}
	srcs, _ := pg.Sources(context.Background())
	if len(srcs) != 1 || srcs[0].URL != "https://contoh.id/rss" {
		t.Fatalf("sources after copy: %+v", srcs)
	}
	n, err := pg.MatchAlert(context.Background(), alerts[0].ID, warta.SearchQuery{Terms: [][]string{{"menlu"}}}, alerts[0].CreatedAt)
	if err != nil || n != 0 {
		t.Fatalf("MatchAlert after copy = %d, %v; want 0 (the mark came along)", n, err)
	}
}
