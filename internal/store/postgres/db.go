package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/warta-news/warta"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

var _ warta.Store = (*DB)(nil)

// DB is a warta.Store backed by a PostgreSQL database.
type DB struct {
	pool *pgxpool.Pool

	// Index turns an article into the title and body text that go into the
	// full-text index, as for the SQLite store: the search package supplies
	// a stemming indexer; the default lower-cases the raw text.
	Index func(a *warta.Article) (title, body string)
	// Now returns the current time; tests replace it.
	Now    func() time.Time
	Logger *slog.Logger

	idf idfCache
}

// IsURL reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database at dsn (a postgres:// URL; pgx's
// parameters such as pool_max_conns and search_path are honoured). It
// does not change the schema: a database whose migrations are behind is
// an error that names `warta migrate`, so that a new binary rolled out to
// one worker never alters a schema the others use. Migrate applies them.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	pending, err := db.Pending(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(pending) > 0 {
		db.Close()
		return nil, warta.Errorf(warta.EINVALID, "database %s needs %d migration(s) (%s): run `warta migrate`",
			redact(dsn), len(pending), strings.Join(pending, ", "))
	}
	return db, nil
}

// OpenMigrated connects to dsn and applies the pending migrations.
func OpenMigrated(ctx context.Context, dsn string) (*DB, error) {
	db, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Connect connects to dsn without looking at the schema, for Migrate.
func Connect(ctx context.Context, dsn string) (*DB, error) { return connect(ctx, dsn) }

func connect(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, warta.Errorf(warta.EINVALID, "database URL %s: %v", redact(dsn), err)
	}
	// Searches differ only in their arguments, and a generic plan (which
	// PostgreSQL switches to after five runs of a prepared statement)
	// cannot know that a rare word's GIN lookup beats scanning every
	// article: plan each run for its own arguments.
	if _, ok := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !ok {
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", redact(dsn), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", redact(dsn), err)
	}
	return &DB{pool: pool, Index: plainIndex, Now: time.Now,
		Logger: slog.Default().With("component", "postgres")}, nil
}

// redact hides the password of a database URL in messages.
func redact(dsn string) string {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return "(unreadable URL)"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// Pool returns the connection pool, for the job queue (River) that shares
// the database.
func (s *DB) Pool() *pgxpool.Pool { return s.pool }

// Close closes the pool.
func (s *DB) Close() error {
	s.pool.Close()
	return nil
}

func plainIndex(a *warta.Article) (string, string) {
	return strings.ToLower(a.Kicker + " " + a.Title), strings.ToLower(a.Body())
}

// migrationLock is the advisory lock key that serializes migrations: many
// workers started at once must not apply the same migration twice.
const migrationLock = 0x77617274_61_6d67 // "warta" "mg"

func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

// Pending lists the embedded migrations not yet applied.
func (s *DB) Pending(ctx context.Context) ([]string, error) {
	names, err := migrationNames()
	if err != nil {
		return nil, err
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return nil, fmt.Errorf("check schema_migrations: %w", err)
	}
	applied := map[string]bool{}
	if exists {
		rows, err := s.pool.Query(ctx, `SELECT name FROM schema_migrations`)
		if err != nil {
			return nil, fmt.Errorf("list applied migrations: %w", err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("list applied migrations: %w", err)
		}
		for _, n := range names {
			applied[n] = true
		}
	}
	var out []string
	for _, n := range names {
		if !applied[n] {
			out = append(out, n)
		}
	}
	return out, nil
}

// Migrate applies the embedded numbered migrations that are not yet
// applied, each in its own transaction, holding an advisory lock so that
// concurrent callers wait instead of colliding. It returns the names it
// applied.
func (s *DB) Migrate(ctx context.Context) ([]string, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		return nil, fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLock))
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	pending, err := s.Pending(ctx)
	if err != nil {
		return nil, err
	}
	for _, name := range pending {
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("apply migration %s: %w", name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, name); err != nil {
				return fmt.Errorf("record migration %s: %w", name, err)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		s.Logger.Info("migration applied", "name", name)
	}
	return pending, nil
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *DB) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// PutDocument implements warta.DocumentStore.
func (s *DB) PutDocument(ctx context.Context, d *warta.Document) (bool, error) {
	created, err := s.PutDocuments(ctx, []*warta.Document{d})
	if err != nil {
		return false, err
	}
	return created[0], nil
}

// PutDocuments implements warta.DocumentStore. The whole batch goes in one
// round trip (a pgx batch), which is what makes ingest over a network
// affordable.
func (s *DB) PutDocuments(ctx context.Context, ds []*warta.Document) ([]bool, error) {
	created := make([]bool, len(ds))
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		created, err = s.putDocuments(ctx, tx, ds)
		return err
	})
	return created, err
}

func (s *DB) putDocuments(ctx context.Context, tx pgx.Tx, ds []*warta.Document) ([]bool, error) {
	for _, d := range ds {
		if err := d.Validate(); err != nil {
			return nil, err
		}
	}
	created := make([]bool, len(ds))
	now := s.Now().UTC()
	b := &pgx.Batch{}
	for _, d := range ds {
		hints, err := json.Marshal(d.Hints)
		if err != nil {
			return nil, fmt.Errorf("encode hints of %s: %w", d.ID, err)
		}
		if d.IngestedAt.IsZero() {
			d.IngestedAt = now
		}
		b.Queue(`INSERT INTO documents (id, source, url, format, charset, hints, raw, ingested_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
			d.ID, d.Source, d.URL, string(d.Format), d.Charset, string(hints), d.Raw, d.IngestedAt)
	}
	br := tx.SendBatch(ctx, b)
	for i, d := range ds {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return nil, fmt.Errorf("insert document %s: %w", d.ID, err)
		}
		created[i] = tag.RowsAffected() > 0
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("insert documents: %w", err)
	}
	return created, nil
}

const docColumns = `id, source, url, format, charset, hints, raw, ingested_at`

func scanDocument(row pgx.Row, extra ...any) (*warta.Document, error) {
	var d warta.Document
	var format, hints string
	dest := append(extra, &d.ID, &d.Source, &d.URL, &format, &d.Charset, &hints, &d.Raw, &d.IngestedAt)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	d.Format = warta.Format(format)
	if err := json.Unmarshal([]byte(hints), &d.Hints); err != nil {
		return nil, fmt.Errorf("decode hints of %s: %w", d.ID, err)
	}
	d.IngestedAt = d.IngestedAt.UTC()
	return &d, nil
}

// Document implements warta.DocumentStore.
func (s *DB) Document(ctx context.Context, id string) (*warta.Document, error) {
	d, err := scanDocument(s.pool.QueryRow(ctx, `SELECT `+docColumns+` FROM documents WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, warta.Errorf(warta.ENOTFOUND, "document %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	return d, nil
}

// pageSize is how many rows the Each* walks read per query: each page is a
// fresh query after the last row seen (keyset paging), so fn may take its
// time or write to the store without a read held open.
const pageSize = 500

// EachDocument implements warta.DocumentStore.
func (s *DB) EachDocument(ctx context.Context, fn func(*warta.Document) error) error {
	var last int64
	for {
		rows, err := s.pool.Query(ctx, `SELECT seq, `+docColumns+` FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2`, last, pageSize)
		if err != nil {
			return fmt.Errorf("list documents: %w", err)
		}
		var page []*warta.Document
		for rows.Next() {
			d, err := scanDocument(rows, &last)
			if err != nil {
				rows.Close()
				return fmt.Errorf("scan document: %w", err)
			}
			page = append(page, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list documents: %w", err)
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(page) < pageSize {
			return nil
		}
	}
}

// CountDocuments implements warta.DocumentStore.
func (s *DB) CountDocuments(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// PutArticle implements warta.ArticleStore.
func (s *DB) PutArticle(ctx context.Context, a *warta.Article) error {
	return s.PutArticles(ctx, []*warta.Article{a})
}

// PutArticles implements warta.ArticleStore: one transaction, one round
// trip for the batch.
func (s *DB) PutArticles(ctx context.Context, as []*warta.Article) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return s.putArticles(ctx, tx, as) })
}

// articleWriters is the advisory lock key PutArticles holds shared and
// MatchAlert exclusively, so that an alert's mark never passes an article
// whose transaction has not committed yet.
const articleWriters = 0x77617274_61_6172 // "warta" "ar"

func (s *DB) putArticles(ctx context.Context, tx pgx.Tx, as []*warta.Article) error {
	for _, a := range as {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	if len(as) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared($1)`, int64(articleWriters)); err != nil {
		return fmt.Errorf("lock article writers: %w", err)
	}
	b := &pgx.Batch{}
	for _, a := range as {
		if err := s.queueArticle(b, a, false); err != nil {
			return err
		}
	}
	br := tx.SendBatch(ctx, b)
	for _, a := range as {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return fmt.Errorf("upsert article %s: %w", a.ID, err)
		}
		if tag.RowsAffected() == 0 {
			br.Close()
			return warta.Errorf(warta.ENOTFOUND, "document %s not found", a.ID)
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("upsert articles: %w", err)
	}
	return nil
}

// queueArticle adds the upsert of a (its row, index and keys) to b. With
// changedOnly, an article stored with the same data is left alone, which
// is what makes `warta copy` change nothing the second time.
func (s *DB) queueArticle(b *pgx.Batch, a *warta.Article, changedOnly bool) error {
	data, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	var published *time.Time
	if !a.PublishedAt.IsZero() {
		p := a.PublishedAt
		published = &p
	}
	where := ""
	if changedOnly {
		where = ` WHERE articles.data::text IS DISTINCT FROM excluded.data::text`
	}
	title, body := s.Index(a)
	b.Queue(`INSERT INTO articles (seq, id, outlet, language, published_at, data, tsv, keys)
		SELECT d.seq, d.id, $2, $3, $4, $5, $6::tsvector, $7 FROM documents d WHERE d.id = $1
		ON CONFLICT (seq) DO UPDATE SET outlet = excluded.outlet, language = excluded.language,
			published_at = excluded.published_at, data = excluded.data, tsv = excluded.tsv, keys = excluded.keys`+where,
		a.ID, a.Outlet, a.Language, published, string(data), tsvector(title, body), articleKeys(a))
	return nil
}

// articleKeys are the filter keys of an article: its entities by ID and by
// name (lower-cased), and the types of the events it reports.
func articleKeys(a *warta.Article) []string {
	seen := map[string]bool{}
	keys := []string{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, e := range a.Entities {
		if e.ID != "" {
			add("e:" + e.ID)
		}
		if e.Name != "" {
			add("n:" + strings.ToLower(e.Name))
		}
	}
	for _, e := range a.Events {
		if e.Type != "" {
			add("t:" + strings.ToUpper(e.Type))
		}
	}
	return keys
}

func decodeArticle(data string, published *time.Time) (*warta.Article, error) {
	var a warta.Article
	if err := json.Unmarshal([]byte(data), &a); err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	if published != nil {
		a.PublishedAt = published.UTC()
		if t, err := time.Parse(time.RFC3339, a.Published); err == nil {
			a.PublishedAt = t
		}
	}
	return &a, nil
}

// Article implements warta.ArticleStore.
func (s *DB) Article(ctx context.Context, id string) (*warta.Article, error) {
	var data string
	var published *time.Time
	err := s.pool.QueryRow(ctx, `SELECT data::text, published_at FROM articles WHERE id = $1`, id).Scan(&data, &published)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, warta.Errorf(warta.ENOTFOUND, "article %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("get article %s: %w", id, err)
	}
	return decodeArticle(data, published)
}

// LineCounts implements warta.ArticleStore.
func (s *DB) LineCounts(ctx context.Context, outlet string, hashes []uint64) (map[uint64]int, int, error) {
	counts := make(map[uint64]int)
	var pages int
	err := s.pool.QueryRow(ctx, `SELECT n FROM outlet_pages WHERE outlet = $1`, outlet).Scan(&pages)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, 0, fmt.Errorf("count pages of %q: %w", outlet, err)
	}
	if pages == 0 || len(hashes) == 0 {
		return counts, pages, nil
	}
	hs := make([]int64, len(hashes))
	for i, h := range hashes {
		hs[i] = int64(h)
	}
	rows, err := s.pool.Query(ctx, `SELECT hash, n FROM outlet_lines WHERE outlet = $1 AND hash = ANY($2)`, outlet, hs)
	if err != nil {
		return nil, 0, fmt.Errorf("line counts of %q: %w", outlet, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h int64
		var n int
		if err := rows.Scan(&h, &n); err != nil {
			return nil, 0, fmt.Errorf("scan line count: %w", err)
		}
		counts[uint64(h)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("line counts of %q: %w", outlet, err)
	}
	return counts, pages, nil
}

// AddLines implements warta.ArticleStore. Hashes go in sorted, so that two
// workers adding lines of one outlet lock the rows in the same order and
// never deadlock.
func (s *DB) AddLines(ctx context.Context, outlet string, counts map[uint64]int, pages int) error {
	if pages <= 0 && len(counts) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx pgx.Tx) error { return addLines(ctx, tx, outlet, counts, pages) })
}

// derivedTables are emptied by DeleteDerived, in an order the foreign
// keys accept.
var derivedTables = []string{"entity_rows", "quote_rows", "articles", "outlet_lines", "outlet_pages", "signatures", "lsh_bands", "events", "event_keys", "analyzed_docs"}

// DeleteDerived implements warta.ArticleStore.
func (s *DB) DeleteDerived(ctx context.Context) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `TRUNCATE `+strings.Join(derivedTables, ", ")); err != nil {
			return fmt.Errorf("delete derived data: %w", err)
		}
		s.forgetIDF()
		return nil
	})
}

// AddProblems implements warta.ProblemStore.
func (s *DB) AddProblems(ctx context.Context, ps []warta.Problem) error {
	if len(ps) == 0 {
		return nil
	}
	return s.addProblems(ctx, s.pool, ps)
}

// execer is what a pool and a transaction offer for statements.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// addProblems inserts the problems not stored before (index
// problems_once), in one statement.
func (s *DB) addProblems(ctx context.Context, q execer, ps []warta.Problem) error {
	if len(ps) == 0 {
		return nil
	}
	n := len(ps)
	sources, stages, msgs := make([]string, n), make([]string, n), make([]string, n)
	lines, offsets := make([]int64, n), make([]int64, n)
	for i, p := range ps {
		sources[i], stages[i], msgs[i] = p.Source, p.Stage, p.Msg
		lines[i], offsets[i] = int64(p.Line), p.Offset
	}
	if _, err := q.Exec(ctx, `INSERT INTO problems (source, line, byte_offset, stage, msg, at)
		SELECT s, l, o, st, m, $6 FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS u(s, l, o, st, m)
		ON CONFLICT (md5(source), line, byte_offset, stage, md5(msg)) DO NOTHING`,
		sources, lines, offsets, stages, msgs, s.Now().UTC()); err != nil {
		return fmt.Errorf("insert problems: %w", err)
	}
	return nil
}

// Problems implements warta.ProblemStore.
func (s *DB) Problems(ctx context.Context, limit int) ([]warta.Problem, error) {
	ps, err := s.ProblemsBefore(ctx, 0, limit)
	for i := range ps {
		ps[i].ID = 0
	}
	return ps, err
}

// ProblemsBefore implements warta.ProblemStore.
func (s *DB) ProblemsBefore(ctx context.Context, before int64, limit int) ([]warta.Problem, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, `SELECT id, source, line, byte_offset, stage, msg, at FROM problems
		WHERE $1 <= 0 OR id < $1 ORDER BY id DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	defer rows.Close()
	var ps []warta.Problem
	for rows.Next() {
		var p warta.Problem
		if err := rows.Scan(&p.ID, &p.Source, &p.Line, &p.Offset, &p.Stage, &p.Msg, &p.At); err != nil {
			return nil, fmt.Errorf("scan problem: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// Stats implements warta.Store.
func (s *DB) Stats(ctx context.Context) (*warta.Stats, error) {
	st := &warta.Stats{Outlets: map[string]int{}}
	err := s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles),
		(SELECT count(*) FROM problems), (SELECT count(*) FROM events),
		(SELECT count(DISTINCT story_id) FROM events WHERE story_id != '')`).
		Scan(&st.Documents, &st.Articles, &st.Problems, &st.Events, &st.Stories)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT outlet, count(*) FROM articles GROUP BY outlet`)
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

// idfCache keeps document frequencies for a minute: they move slowly, and
// counting a common word's postings on every query would cost more than
// the query.
type idfCache struct {
	mu    sync.Mutex
	at    time.Time
	total float64
	df    map[string]float64
}
