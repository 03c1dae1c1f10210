package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/sqlite"
	"github.com/warta-news/warta/internal/store/storetest"
)

// TestAlertsMigrationBackfills upgrades a store that has articles but not
// migration 0004: the filter keys it backfills must be the ones
// PutArticle writes, so old and new articles filter alike.
func TestAlertsMigrationBackfills(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d := storetest.MustDocument(t, "Sugiono bertemu Wang Yi")
	db.PutDocument(ctx, d)
	a := &warta.Article{ID: d.ID, Paragraphs: []string{"x"},
		Entities: []warta.Entity{{ID: "per:sugiono", Name: "Sugiono"}, {ID: "x:person:élodie", Name: "Élodie Dupont"}},
		Events:   []warta.Event{{Type: "CONSULT"}, {Type: "consult"}, {Type: "AGREE"}}}
	if err := db.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	db.Close()

	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	keys := func() []string {
		if _, err := raw.Exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.key_terms USING fts5vocab(main, article_keys, 'row')`); err != nil {
			t.Fatal(err)
		}
		rows, err := raw.Query(`SELECT term FROM temp.key_terms ORDER BY term`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var k string
			rows.Scan(&k)
			out = append(out, k)
		}
		return out
	}
	written := keys()
	if len(written) != 6 { // 2 IDs, 2 names, 2 types, and nothing twice
		t.Fatalf("PutArticle wrote %d keys (%v), want 6", len(written), written)
	}
	// Back to the state before 0004.
	for _, q := range []string{`DROP TABLE temp.key_terms`, `DROP TABLE article_keys`, `DROP TABLE alert_matches`, `DROP TABLE alert_deliveries`,
		`DROP TABLE alerts`, `DROP INDEX events_date`, `DELETE FROM schema_migrations WHERE name LIKE '%0004_%'`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer db.Close()
	backfilled := keys()
	sort.Strings(written)
	if strings.Join(written, " ") != strings.Join(backfilled, " ") {
		t.Fatalf("PutArticle wrote %v, the migration %v", written, backfilled)
	}
	res, err := db.SearchArticles(ctx, warta.SearchQuery{Entities: []string{"élodie dupont"}, EventTypes: []string{"agree"}})
	if err != nil || res.Total != 1 {
		t.Fatalf("filters after the upgrade: %v %v", res, err)
	}
}

// TestReadModelMigrationBackfills upgrades a store that has articles but
// not migration 0006: the rows it backfills must answer as PutArticle's do.
func TestReadModelMigrationBackfills(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d := storetest.MustDocument(t, "Jokowi menerima KPK")
	db.PutDocument(ctx, d)
	who := "Joko Widodo"
	a := &warta.Article{ID: d.ID, Paragraphs: []string{"x"},
		Entities: []warta.Entity{{ID: "per:joko-widodo", Name: "Joko Widodo"}, {ID: "org:kpk", Name: "KPK"}},
		Quotes:   []warta.Quote{{Text: "Tenang", Speaker: &who, SpeakerID: "per:joko-widodo"}}}
	if err := db.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE entity_rows`, `DROP TABLE quote_rows`, `DELETE FROM schema_migrations WHERE name LIKE '%0006_%'`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer db.Close()
	if n, ids, err := db.EntityArticles(ctx, "org:kpk", 0, 10); err != nil || n != 1 || ids[0] != d.ID {
		t.Fatalf("EntityArticles after the upgrade: %d %v %v", n, ids, err)
	}
	if n, qs, err := db.SpeakerQuotes(ctx, "per:joko-widodo", nil, 0, 10); err != nil || n != 1 || qs[0].ArticleID != d.ID {
		t.Fatalf("SpeakerQuotes after the upgrade: %d %v %v", n, qs, err)
	}
}

// TestConcurrentFirstOpen: several first opens of one fresh database at
// once (two `warta` commands started together) all succeed, and each
// migration is applied once.
func TestConcurrentFirstOpen(t *testing.T) {
	ctx := context.Background()
	for round := range 10 {
		path := filepath.Join(t.TempDir(), "w.db")
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				db, err := sqlite.Open(ctx, path)
				if err == nil {
					err = db.Close()
				}
				errs <- err
			}()
		}
		for range 4 {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: concurrent first open: %v", round, err)
			}
		}
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		var n, distinct int
		raw.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT name) FROM schema_migrations`).Scan(&n, &distinct)
		raw.Close()
		if n == 0 || n != distinct {
			t.Fatalf("round %d: %d migrations recorded, %d distinct", round, n, distinct)
		}
	}
}
