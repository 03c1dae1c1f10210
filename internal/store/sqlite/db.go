package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/warta-news/warta"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

var _ warta.Store = (*DB)(nil)

// MaxConns bounds the connections a DB opens.
var MaxConns = max(4, 2*runtime.GOMAXPROCS(0))

// DB is a warta.Store backed by one SQLite file.
type DB struct {
	db   *sql.DB
	path string

	// Index turns an article into the title and body text that go into the
	// full-text index. The search package supplies a stemming indexer; the
	// default lower-cases the raw text, which is enough for tests.
	Index func(a *warta.Article) (title, body string)
	// Now returns the current time; tests replace it.
	Now    func() time.Time
	Logger *slog.Logger
}

// Open opens (creating if needed) the database at path and migrates it.
// ":memory:" is not supported because each pooled connection would see its
// own empty database; tests use a file in t.TempDir().
func Open(ctx context.Context, path string) (*DB, error) {
	// WAL lets readers (the API) run while the pipeline writes; NORMAL
	// synchronous is safe in WAL mode and avoids an fsync per commit;
	// busy_timeout turns writer contention into waiting instead of errors.
	// cache_size is 32 MiB a connection instead of SQLite's 2 MiB: the LSH
	// band and filter-key indexes are written at random places, and with
	// the small cache most inserts read their page back from the OS
	// (ingesting 3,000 corpus documents: 24,833 preads and 40,500 pwrites
	// before, 10,534 and 31,518 after, and 16.3 instead of 18.2 CPU
	// seconds; strace -c, docs/performance.md). Pages are allocated as they
	// are used, so a small store or a search stays small.
	//
	// busy_timeout comes first so that switching a fresh file to WAL
	// waits for another process doing the same instead of failing.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-32768)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	// A bounded pool: each connection holds up to 32 MiB of page cache,
	// and 64 clients at once opened 64 connections (177 → 707 MB). Past
	// the bound, requests wait for a connection; WAL lets the pooled
	// readers run beside the one writer.
	db.SetMaxOpenConns(MaxConns)
	db.SetMaxIdleConns(MaxConns)
	s := &DB{db: db, path: path, Index: plainIndex, Now: time.Now,
		Logger: slog.Default().With("component", "sqlite")}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

// SQL returns the database handle, for `warta copy`, which reads every
// table to move the store into PostgreSQL.
func (s *DB) SQL() *sql.DB { return s.db }

func plainIndex(a *warta.Article) (string, string) {
	return strings.ToLower(a.Kicker + " " + a.Title), strings.ToLower(a.Body())
}

// afterMigration holds the work a migration needs done in Go, in the
// migration's own transaction: data SQL cannot derive well.
var afterMigration = map[string]func(ctx context.Context, tx *sql.Tx) error{
	"migrations/0004_alerts.sql":     backfillArticleKeys,
	"migrations/0006_read_model.sql": backfillReadModel,
}

// migrate applies the embedded numbered migrations that are not yet applied,
// each in its own transaction. Each transaction takes the write lock
// before it looks at schema_migrations (_txlock=immediate), so two
// processes opening a fresh database at once apply each migration once:
// the second waits for the first and then finds it applied.
func (s *DB) migrate(ctx context.Context) error {
	if err := s.retryBusy(ctx, func() error {
		_, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`)
		return err
	}); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.retryBusy(ctx, func() error { return s.migrateOne(ctx, name) }); err != nil {
			return err
		}
	}
	return nil
}

// migrateOne applies one migration unless it is applied already.
func (s *DB) migrateOne(ctx context.Context, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration %s: %w", name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return fmt.Errorf("check migration %s: %w", name, err)
	}
	if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("apply migration %s: %w", name, err)
	}
	if fn := afterMigration[name]; fn != nil {
		if err := fn(ctx, tx); err != nil {
			return fmt.Errorf("apply migration %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name) VALUES (?)`, name); err != nil {
		return fmt.Errorf("record migration %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration %s: %w", name, err)
	}
	return nil
}

// retryBusy runs fn again while it fails because another process holds
// the database (past busy_timeout: a long migration elsewhere), for up
// to five minutes.
func (s *DB) retryBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(5 * time.Minute)
	for {
		err := fn()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// isBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED.
func isBusy(err error) bool {
	var se interface{ Code() int }
	if errors.As(err, &se) {
		return se.Code()&0xff == 5 || se.Code()&0xff == 6
	}
	return false
}

// PutDocument implements warta.DocumentStore.
func (s *DB) PutDocument(ctx context.Context, d *warta.Document) (bool, error) {
	created, err := s.PutDocuments(ctx, []*warta.Document{d})
	if err != nil {
		return false, err
	}
	return created[0], nil
}

// PutDocuments implements warta.DocumentStore.
func (s *DB) PutDocuments(ctx context.Context, ds []*warta.Document) ([]bool, error) {
	for _, d := range ds {
		if err := d.Validate(); err != nil {
			return nil, err
		}
	}
	var created []bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		created, err = putDocuments(ctx, tx, ds, s.Now().UTC())
		return err
	})
	return created, err
}

// putDocuments inserts the documents not stored yet and reports which
// were new.
func putDocuments(ctx context.Context, tx *sql.Tx, ds []*warta.Document, now time.Time) ([]bool, error) {
	created := make([]bool, len(ds))
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO documents (id, source, url, format, charset, hints, raw, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
	if err != nil {
		return nil, fmt.Errorf("prepare insert document: %w", err)
	}
	defer stmt.Close()
	for i, d := range ds {
		hints, err := json.Marshal(d.Hints)
		if err != nil {
			return nil, fmt.Errorf("encode hints of %s: %w", d.ID, err)
		}
		if d.IngestedAt.IsZero() {
			d.IngestedAt = now
		}
		res, err := stmt.ExecContext(ctx, d.ID, d.Source, d.URL, string(d.Format), d.Charset, string(hints),
			d.Raw, d.IngestedAt.Format(time.RFC3339Nano))
		if err != nil {
			return nil, fmt.Errorf("insert document %s: %w", d.ID, err)
		}
		n, _ := res.RowsAffected()
		created[i] = n > 0
	}
	return created, nil
}

const docColumns = `id, source, url, format, charset, hints, raw, ingested_at`

func scanDocument(sc interface{ Scan(...any) error }) (*warta.Document, error) {
	var d warta.Document
	var format, hints, at string
	if err := sc.Scan(&d.ID, &d.Source, &d.URL, &format, &d.Charset, &hints, &d.Raw, &at); err != nil {
		return nil, err
	}
	d.Format = warta.Format(format)
	if err := json.Unmarshal([]byte(hints), &d.Hints); err != nil {
		return nil, fmt.Errorf("decode hints of %s: %w", d.ID, err)
	}
	d.IngestedAt, _ = time.Parse(time.RFC3339Nano, at)
	return &d, nil
}

// Document implements warta.DocumentStore.
func (s *DB) Document(ctx context.Context, id string) (*warta.Document, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+docColumns+` FROM documents WHERE id = ?`, id)
	d, err := scanDocument(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENOTFOUND, "document %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	return d, nil
}

// EachDocument implements warta.DocumentStore. It pages through the table
// by sequence number so that fn may write to the store meanwhile.
func (s *DB) EachDocument(ctx context.Context, fn func(*warta.Document) error) error {
	return s.eachDocument(ctx, 0, fn)
}

// eachDocument calls fn for the documents whose seq is above last.
func (s *DB) eachDocument(ctx context.Context, last int64, fn func(*warta.Document) error) error {
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT seq, `+docColumns+` FROM documents WHERE seq > ? ORDER BY seq LIMIT 500`, last)
		if err != nil {
			return fmt.Errorf("list documents: %w", err)
		}
		var page []*warta.Document
		for rows.Next() {
			var seq int64
			d, err := scanDocument(scanFunc(func(dest ...any) error { return rows.Scan(append([]any{&seq}, dest...)...) }))
			if err != nil {
				rows.Close()
				return fmt.Errorf("scan document: %w", err)
			}
			last = seq
			page = append(page, d)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("list documents: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
	}
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// CountDocuments implements warta.DocumentStore.
func (s *DB) CountDocuments(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// PutArticle implements warta.ArticleStore.
func (s *DB) PutArticle(ctx context.Context, a *warta.Article) error {
	return s.PutArticles(ctx, []*warta.Article{a})
}

// PutArticles implements warta.ArticleStore.
func (s *DB) PutArticles(ctx context.Context, as []*warta.Article) error {
	for _, a := range as {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.putArticles(ctx, tx, as) })
}

// putArticles stores and indexes articles whose documents are stored.
func (s *DB) putArticles(ctx context.Context, tx *sql.Tx, as []*warta.Article) error {
	for _, a := range as {
		var seq int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM documents WHERE id = ?`, a.ID).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			return warta.Errorf(warta.ENOTFOUND, "document %s not found", a.ID)
		} else if err != nil {
			return fmt.Errorf("find document %s: %w", a.ID, err)
		}
		data, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("encode article %s: %w", a.ID, err)
		}
		var published any
		if !a.PublishedAt.IsZero() {
			published = a.PublishedAt.Unix()
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM articles_fts WHERE rowid = ?`, seq); err != nil {
			return fmt.Errorf("unindex article %s: %w", a.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO articles (seq, id, outlet, language, published_at, data)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (seq) DO UPDATE SET outlet = excluded.outlet, language = excluded.language,
				published_at = excluded.published_at, data = excluded.data`,
			seq, a.ID, a.Outlet, a.Language, published, string(data)); err != nil {
			return fmt.Errorf("upsert article %s: %w", a.ID, err)
		}
		title, body := s.Index(a)
		if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)`, seq, title, body); err != nil {
			return fmt.Errorf("index article %s: %w", a.ID, err)
		}
		if err := putArticleKeys(ctx, tx, seq, a); err != nil {
			return err
		}
		if err := putReadModel(ctx, tx, seq, a); err != nil {
			return err
		}
	}
	return nil
}

func decodeArticle(data string, published sql.NullInt64) (*warta.Article, error) {
	var a warta.Article
	if err := json.Unmarshal([]byte(data), &a); err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	if published.Valid {
		a.PublishedAt = time.Unix(published.Int64, 0).UTC()
		if t, err := time.Parse(time.RFC3339, a.Published); err == nil {
			a.PublishedAt = t
		}
	}
	return &a, nil
}

// Article implements warta.ArticleStore.
func (s *DB) Article(ctx context.Context, id string) (*warta.Article, error) {
	var data string
	var published sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT data, published_at FROM articles WHERE id = ?`, id).Scan(&data, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENOTFOUND, "article %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("get article %s: %w", id, err)
	}
	return decodeArticle(data, published)
}

// ftsQuote makes one stem safe inside an FTS5 expression: it becomes a
// string literal, so no user text is ever parsed as FTS5 syntax.
func ftsQuote(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }

// matchExpr translates q into an FTS5 MATCH expression ("" when q has no
// positive terms).
func matchExpr(q warta.SearchQuery) string {
	var parts []string
	for _, alts := range q.Terms {
		var or []string
		for _, t := range alts {
			if t != "" {
				or = append(or, ftsQuote(t))
			}
		}
		if len(or) == 1 {
			parts = append(parts, or[0])
		} else if len(or) > 1 {
			parts = append(parts, "("+strings.Join(or, " OR ")+")")
		}
	}
	for _, ph := range q.Phrases {
		if len(ph) > 0 {
			parts = append(parts, ftsQuote(strings.Join(ph, " ")))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	expr := strings.Join(parts, " AND ")
	for _, n := range q.Not {
		if n != "" {
			expr += " NOT " + ftsQuote(n)
		}
	}
	return expr
}

// notExpr is an FTS5 expression matching any of the excluded words, "" when
// there is none.
func notExpr(not []string) string {
	var or []string
	for _, n := range not {
		if n != "" {
			or = append(or, ftsQuote(n))
		}
	}
	return strings.Join(or, " OR ")
}

// SearchArticles implements warta.ArticleStore.
func (s *DB) SearchArticles(ctx context.Context, q warta.SearchQuery) (*warta.SearchResult, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	} else if q.Limit > 200 {
		q.Limit = 200
	}
	if q.Offset < 0 {
		return nil, warta.Errorf(warta.EINVALID, "negative offset")
	}
	sq, err := searchSQL(q)
	if err != nil {
		return nil, err
	}
	from, cond, args, match := sq.from, sq.where(), sq.args, sq.match
	score := `0.0`
	order := `a.published_at DESC, a.seq DESC`
	if match != "" {
		// Title matches weigh three times body matches; bm25 is "lower is
		// better", so the score is negated.
		score = `-bm25(articles_fts, 3.0, 1.0)`
		order = `bm25(articles_fts, 3.0, 1.0), a.seq`
	}
	var res warta.SearchResult
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+cond, args...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("count search %q: %w", match, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.data, a.published_at, `+score+` FROM `+from+cond+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", match, err)
	}
	defer rows.Close()
	for rows.Next() {
		var data string
		var published sql.NullInt64
		var sc float64
		if err := rows.Scan(&data, &published, &sc); err != nil {
			return nil, fmt.Errorf("scan search hit: %w", err)
		}
		a, err := decodeArticle(data, published)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, warta.SearchHit{Article: a, Score: sc})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", match, err)
	}
	return &res, nil
}

// LineCounts implements warta.ArticleStore.
func (s *DB) LineCounts(ctx context.Context, outlet string, hashes []uint64) (map[uint64]int, int, error) {
	counts := make(map[uint64]int)
	var pages int
	err := s.db.QueryRowContext(ctx, `SELECT n FROM outlet_pages WHERE outlet = ?`, outlet).Scan(&pages)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("count pages of %q: %w", outlet, err)
	}
	if pages == 0 || len(hashes) == 0 {
		return counts, pages, nil
	}
	// Chunk to stay under SQLite's bound-parameter limit.
	for len(hashes) > 0 {
		chunk := hashes
		if len(chunk) > 400 {
			chunk = chunk[:400]
		}
		hashes = hashes[len(chunk):]
		args := []any{outlet}
		ph := make([]string, len(chunk))
		for i, h := range chunk {
			ph[i] = "?"
			args = append(args, int64(h))
		}
		rows, err := s.db.QueryContext(ctx, `SELECT hash, n FROM outlet_lines WHERE outlet = ? AND hash IN (`+strings.Join(ph, ",")+`)`, args...)
		if err != nil {
			return nil, 0, fmt.Errorf("line counts of %q: %w", outlet, err)
		}
		for rows.Next() {
			var h int64
			var n int
			if err := rows.Scan(&h, &n); err != nil {
				rows.Close()
				return nil, 0, fmt.Errorf("scan line count: %w", err)
			}
			counts[uint64(h)] = n
		}
		if err := rows.Close(); err != nil {
			return nil, 0, fmt.Errorf("line counts of %q: %w", outlet, err)
		}
	}
	return counts, pages, nil
}

// AddLines implements warta.ArticleStore.
func (s *DB) AddLines(ctx context.Context, outlet string, counts map[uint64]int, pages int) error {
	if pages <= 0 && len(counts) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return addLines(ctx, tx, outlet, counts, pages) })
}

// addLines adds an outlet's page-line counts.
func addLines(ctx context.Context, tx *sql.Tx, outlet string, counts map[uint64]int, pages int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO outlet_pages (outlet, n) VALUES (?, ?)
		ON CONFLICT (outlet) DO UPDATE SET n = n + excluded.n`, outlet, pages); err != nil {
		return fmt.Errorf("count pages of %q: %w", outlet, err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO outlet_lines (outlet, hash, n) VALUES (?, ?, ?)
		ON CONFLICT (outlet, hash) DO UPDATE SET n = n + excluded.n`)
	if err != nil {
		return fmt.Errorf("prepare line count: %w", err)
	}
	defer stmt.Close()
	for h, n := range counts {
		if _, err := stmt.ExecContext(ctx, outlet, int64(h), n); err != nil {
			return fmt.Errorf("count line of %q: %w", outlet, err)
		}
	}
	return nil
}

// DeleteDerived implements warta.ArticleStore.
func (s *DB) DeleteDerived(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return deleteDerived(ctx, tx) })
}

// deleteDerived empties the derived tables and moves the generation on.
func deleteDerived(ctx context.Context, tx *sql.Tx) error {
	{
		for _, q := range []string{`DELETE FROM articles_fts`, `DELETE FROM articles`, `DELETE FROM outlet_lines`, `DELETE FROM outlet_pages`,
			`DELETE FROM signatures`, `DELETE FROM lsh_bands`, `DELETE FROM events`, `DELETE FROM event_keys`, `DELETE FROM article_keys`,
			`DELETE FROM entity_rows`, `DELETE FROM quote_rows`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("delete derived data (%s): %w", q, err)
			}
		}
		_, err := nextGen(ctx, tx)
		return err
	}
}

// AddProblems implements warta.ProblemStore.
func (s *DB) AddProblems(ctx context.Context, ps []warta.Problem) error {
	if len(ps) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return addProblems(ctx, tx, ps, s.Now().UTC()) })
}

// addProblems records problems not recorded before: reading the same
// input again must not store its problems twice (index problems_once).
func addProblems(ctx context.Context, tx *sql.Tx, ps []warta.Problem, now time.Time) error {
	at := now.Format(time.RFC3339Nano)
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO problems (source, line, offset, stage, msg, at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, p.Source, p.Line, p.Offset, p.Stage, p.Msg, at); err != nil {
			return fmt.Errorf("insert problem: %w", err)
		}
	}
	return nil
}

// Problems implements warta.ProblemStore.
func (s *DB) Problems(ctx context.Context, limit int) ([]warta.Problem, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT source, line, offset, stage, msg FROM problems ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	defer rows.Close()
	var ps []warta.Problem
	for rows.Next() {
		var p warta.Problem
		if err := rows.Scan(&p.Source, &p.Line, &p.Offset, &p.Stage, &p.Msg); err != nil {
			return nil, fmt.Errorf("scan problem: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// Stats implements warta.Store.
func (s *DB) Stats(ctx context.Context) (*warta.Stats, error) {
	st := &warta.Stats{Outlets: map[string]int{}}
	for q, dst := range map[string]*int{
		`SELECT COUNT(*) FROM documents`:                                   &st.Documents,
		`SELECT COUNT(*) FROM articles`:                                    &st.Articles,
		`SELECT COUNT(*) FROM problems`:                                    &st.Problems,
		`SELECT COUNT(*) FROM events`:                                      &st.Events,
		`SELECT COUNT(DISTINCT story_id) FROM events WHERE story_id != ''`: &st.Stories,
	} {
		if err := s.db.QueryRowContext(ctx, q).Scan(dst); err != nil {
			return nil, fmt.Errorf("stats (%s): %w", q, err)
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT outlet, COUNT(*) FROM articles GROUP BY outlet`)
	if err != nil {
		return nil, fmt.Errorf("stats per outlet: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return nil, fmt.Errorf("scan outlet count: %w", err)
		}
		st.Outlets[o] = n
	}
	return st, rows.Err()
}

func (s *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
