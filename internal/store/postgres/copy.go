package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warta-news/warta"
)

// CopyCount is one table's rows in the source, and in PostgreSQL before
// and after a copy.
type CopyCount struct {
	Table                 string
	Source, Before, After int64
}

// OK reports whether the table holds at least what the source holds and
// everything new came from the source: equal counts when PostgreSQL held
// none of it before.
func (c CopyCount) OK() bool {
	if c.Before == 0 {
		return c.After == c.Source
	}
	return c.After >= c.Source && c.After <= c.Before+c.Source
}

// copyTables are verified after a copy, in this order; the SQLite and
// PostgreSQL tables share their names.
var copyTables = []string{"documents", "articles", "outlet_pages", "outlet_lines", "problems", "sources", "fetched_urls",
	"signatures", "lsh_bands", "events", "event_keys", "alerts", "alert_deliveries", "alert_matches"}

// CopyFromSQLite moves everything an embedded store holds (raw documents,
// derived data, sources, alerts with their matches and deliveries,
// problems) from the SQLite database src, migrated to the current schema
// by internal/store/sqlite, into s, and returns each table's counts.
//
// It is idempotent: rows are matched by their natural keys (document and
// article IDs, URLs, alert names, event IDs) and unchanged rows are left
// alone, so running it again changes nothing. Problems and webhook
// deliveries have no natural key; the SQLite IDs already copied are
// recorded in copy_marks under srcName (the source file's absolute path).
// Articles keep their order: an alert's mark, which counts stored
// articles, is carried over so that no alert fires again for old news.
func (s *DB) CopyFromSQLite(ctx context.Context, src *sql.DB, srcName string) ([]CopyCount, error) {
	counts := make([]CopyCount, len(copyTables))
	for i, t := range copyTables {
		counts[i].Table = t
		if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&counts[i].Source); err != nil {
			return nil, fmt.Errorf("count source %s: %w", t, err)
		}
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+t).Scan(&counts[i].Before); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
	}
	if _, err := s.pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS copy_marks (source text NOT NULL, kind text NOT NULL,
		src_id bigint NOT NULL, dst_id bigint NOT NULL, PRIMARY KEY (source, kind, src_id))`); err != nil {
		return nil, fmt.Errorf("create copy_marks: %w", err)
	}
	c := &copier{s: s, src: src, name: srcName}
	for _, step := range []struct {
		what string
		fn   func(ctx context.Context) error
	}{
		{"documents", c.documents}, {"articles", c.articles}, {"line counts", c.lines}, {"problems", c.problems},
		{"sources", c.sources}, {"clustering", c.clustering}, {"alerts", c.alerts},
	} {
		start := time.Now()
		if err := step.fn(ctx); err != nil {
			return nil, fmt.Errorf("copy %s: %w", step.what, err)
		}
		s.Logger.Info("copied", "what", step.what, "took_ms", time.Since(start).Milliseconds())
	}
	// The SQLite pipeline counted the page lines of every article it
	// stored (copied with outlet_lines): a worker analyzing one again must
	// not count them twice.
	if _, err := s.pool.Exec(ctx, `INSERT INTO analyzed_docs (doc_id) SELECT id FROM articles ORDER BY id ON CONFLICT DO NOTHING`); err != nil {
		return nil, fmt.Errorf("copy: mark analyzed documents: %w", err)
	}
	s.forgetIDF()
	for i, t := range copyTables {
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+t).Scan(&counts[i].After); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
	}
	return counts, nil
}

type copier struct {
	s    *DB
	src  *sql.DB
	name string
}

// copyPage is how many rows go in one PostgreSQL transaction.
const copyPage = 1000

// pages reads query page by page (keyset paging: the query takes the last
// row's key as its arguments and orders by that key, which scan returns
// for each row) and calls flush after each page.
func (c *copier) pages(ctx context.Context, query string, first []any, scan func(rows *sql.Rows) (key []any, err error), flush func(ctx context.Context) error) error {
	last := first
	for {
		rows, err := c.src.QueryContext(ctx, query+` LIMIT `+fmt.Sprint(copyPage), last...)
		if err != nil {
			return fmt.Errorf("read source: %w", err)
		}
		n := 0
		for rows.Next() {
			k, err := scan(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("scan source row: %w", err)
			}
			last = k
			n++
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read source: %w", err)
		}
		if n > 0 {
			if err := flush(ctx); err != nil {
				return err
			}
		}
		if n < copyPage {
			return nil
		}
	}
}

// batch sends b in one transaction.
func (c *copier) batch(ctx context.Context, b *pgx.Batch) error {
	if b.Len() == 0 {
		return nil
	}
	return c.s.inTx(ctx, func(tx pgx.Tx) error { return tx.SendBatch(ctx, b).Close() })
}

func (c *copier) documents(ctx context.Context) error {
	b := &pgx.Batch{}
	return c.pages(ctx, `SELECT seq, id, source, url, format, charset, hints, raw, ingested_at FROM documents WHERE seq > ? ORDER BY seq`, []any{int64(0)},
		func(rows *sql.Rows) ([]any, error) {
			var seq int64
			var id, source, url, format, charset, hints, at string
			var raw []byte
			if err := rows.Scan(&seq, &id, &source, &url, &format, &charset, &hints, &raw, &at); err != nil {
				return nil, err
			}
			t, err := time.Parse(time.RFC3339Nano, at)
			if err != nil {
				return nil, fmt.Errorf("document %s: ingested_at %q: %w", id, at, err)
			}
			b.Queue(`INSERT INTO documents (id, source, url, format, charset, hints, raw, ingested_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`, id, source, url, format, charset, hints, raw, t)
			return []any{seq}, nil
		}, func(ctx context.Context) error { err := c.batch(ctx, b); b = &pgx.Batch{}; return err })
}

// articles are decoded and indexed here as PutArticles would, then
// written only where missing or different.
func (c *copier) articles(ctx context.Context) error {
	var page []*warta.Article
	return c.pages(ctx, `SELECT seq, data, published_at FROM articles WHERE seq > ? ORDER BY seq`, []any{int64(0)},
		func(rows *sql.Rows) ([]any, error) {
			var seq int64
			var data string
			var published sql.NullInt64
			if err := rows.Scan(&seq, &data, &published); err != nil {
				return nil, err
			}
			a, err := decodeArticle(data, nil)
			if err != nil {
				return nil, err
			}
			if published.Valid && a.PublishedAt.IsZero() {
				a.PublishedAt = time.Unix(published.Int64, 0).UTC()
			}
			page = append(page, a)
			return []any{seq}, nil
		}, func(ctx context.Context) error {
			b := &pgx.Batch{}
			for _, a := range page {
				if err := c.s.queueArticle(b, a, true); err != nil {
					return err
				}
			}
			page = page[:0]
			return c.s.inTx(ctx, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared($1)`, int64(articleWriters)); err != nil {
					return err
				}
				return tx.SendBatch(ctx, b).Close()
			})
		})
}

func (c *copier) lines(ctx context.Context) error {
	b := &pgx.Batch{}
	rows, err := c.src.QueryContext(ctx, `SELECT outlet, n FROM outlet_pages`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			rows.Close()
			return err
		}
		b.Queue(`INSERT INTO outlet_pages (outlet, n) VALUES ($1, $2) ON CONFLICT (outlet) DO UPDATE SET n = excluded.n
			WHERE outlet_pages.n != excluded.n`, o, n)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := c.batch(ctx, b); err != nil {
		return err
	}
	b = &pgx.Batch{}
	return c.pages(ctx, `SELECT outlet, hash, n FROM outlet_lines WHERE (outlet, hash) > (?, ?) ORDER BY outlet, hash`, []any{"", int64(-1 << 63)},
		func(rows *sql.Rows) ([]any, error) {
			var o string
			var h int64
			var n int
			if err := rows.Scan(&o, &h, &n); err != nil {
				return nil, err
			}
			b.Queue(`INSERT INTO outlet_lines (outlet, hash, n) VALUES ($1, $2, $3) ON CONFLICT (outlet, hash) DO UPDATE SET n = excluded.n
				WHERE outlet_lines.n != excluded.n`, o, h, n)
			return []any{o, h}, nil
		}, func(ctx context.Context) error { err := c.batch(ctx, b); b = &pgx.Batch{}; return err })
}

// mark returns the highest source ID of kind already copied.
func (c *copier) mark(ctx context.Context, kind string) (int64, error) {
	var last int64
	err := c.s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(src_id), 0) FROM copy_marks WHERE source = $1 AND kind = $2`, c.name, kind).Scan(&last)
	return last, err
}

func (c *copier) problems(ctx context.Context) error {
	last, err := c.mark(ctx, "problem")
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	var top int64
	return c.pages(ctx, `SELECT id, source, line, offset, stage, msg, at FROM problems WHERE id > ? ORDER BY id`, []any{last},
		func(rows *sql.Rows) ([]any, error) {
			var p warta.Problem
			var at string
			if err := rows.Scan(&top, &p.Source, &p.Line, &p.Offset, &p.Stage, &p.Msg, &at); err != nil {
				return nil, err
			}
			t, _ := time.Parse(time.RFC3339Nano, at)
			b.Queue(`INSERT INTO problems (source, line, byte_offset, stage, msg, at) VALUES ($1, $2, $3, $4, $5, $6)`,
				p.Source, p.Line, p.Offset, p.Stage, p.Msg, t)
			return []any{top}, nil
		}, func(ctx context.Context) error {
			// The mark moves in the same transaction as the rows.
			b.Queue(`INSERT INTO copy_marks (source, kind, src_id, dst_id) VALUES ($1, 'problem', $2, 0)
				ON CONFLICT DO NOTHING`, c.name, top)
			err := c.batch(ctx, b)
			b = &pgx.Batch{}
			return err
		})
}

func (c *copier) sources(ctx context.Context) error {
	b := &pgx.Batch{}
	rows, err := c.src.QueryContext(ctx, `SELECT url, kind, outlet, every_ms, etag, last_modified, last_fetched, last_result,
		failures, next_at, added_at FROM sources ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var url, kind, outlet, etag, lastMod, fetched, result, next, added string
		var every int64
		var failures int
		if err := rows.Scan(&url, &kind, &outlet, &every, &etag, &lastMod, &fetched, &result, &failures, &next, &added); err != nil {
			rows.Close()
			return err
		}
		b.Queue(`INSERT INTO sources (url, kind, outlet, every_ms, etag, last_modified, last_fetched, last_result, failures, next_at, added_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (url) DO NOTHING`,
			url, kind, outlet, every, etag, lastMod, nullTime(textTime(fetched)), result, failures, nullTime(textTime(next)), textTime(added))
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := c.batch(ctx, b); err != nil {
		return err
	}
	b = &pgx.Batch{}
	return c.pages(ctx, `SELECT url, doc_id, at FROM fetched_urls WHERE url > ? ORDER BY url`, []any{""},
		func(rows *sql.Rows) ([]any, error) {
			var url, doc, at string
			if err := rows.Scan(&url, &doc, &at); err != nil {
				return nil, err
			}
			b.Queue(`INSERT INTO fetched_urls (url, doc_id, at) VALUES ($1, $2, $3) ON CONFLICT (url) DO NOTHING`, url, doc, textTime(at))
			return []any{url}, nil
		}, func(ctx context.Context) error { err := c.batch(ctx, b); b = &pgx.Batch{}; return err })
}

func textTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func (c *copier) clustering(ctx context.Context) error {
	b := &pgx.Batch{}
	flush := func(ctx context.Context) error { err := c.batch(ctx, b); b = &pgx.Batch{}; return err }
	err := c.pages(ctx, `SELECT article_id, sig, published, duplicate_of FROM signatures WHERE article_id > ? ORDER BY article_id`, []any{""},
		func(rows *sql.Rows) ([]any, error) {
			var id, published, dup string
			var sig []byte
			if err := rows.Scan(&id, &sig, &published, &dup); err != nil {
				return nil, err
			}
			b.Queue(`INSERT INTO signatures (article_id, sig, published, duplicate_of) VALUES ($1, $2, $3, $4)
				ON CONFLICT (article_id) DO UPDATE SET sig = excluded.sig, published = excluded.published, duplicate_of = excluded.duplicate_of
				WHERE (signatures.sig, signatures.published, signatures.duplicate_of) IS DISTINCT FROM (excluded.sig, excluded.published, excluded.duplicate_of)`,
				id, sig, published, dup)
			return []any{id}, nil
		}, flush)
	if err != nil {
		return err
	}
	err = c.pages(ctx, `SELECT band_key, article_id FROM lsh_bands WHERE (band_key, article_id) > (?, ?) ORDER BY band_key, article_id`,
		[]any{int64(-1 << 63), ""},
		func(rows *sql.Rows) ([]any, error) {
			var id string
			var band int64
			if err := rows.Scan(&band, &id); err != nil {
				return nil, err
			}
			b.Queue(`INSERT INTO lsh_bands (band_key, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, band, id)
			return []any{band, id}, nil
		}, flush)
	if err != nil {
		return err
	}
	err = c.pages(ctx, `SELECT id, story_id, date, data FROM events WHERE id > ? ORDER BY id`, []any{""},
		func(rows *sql.Rows) ([]any, error) {
			var id, story, date, data string
			if err := rows.Scan(&id, &story, &date, &data); err != nil {
				return nil, err
			}
			b.Queue(`INSERT INTO events (id, story_id, date, data) VALUES ($1, $2, $3, $4)
				ON CONFLICT (id) DO UPDATE SET story_id = excluded.story_id, date = excluded.date, data = excluded.data
				WHERE (events.story_id, events.date, events.data::text) IS DISTINCT FROM (excluded.story_id, excluded.date, excluded.data::text)`,
				id, story, date, data)
			return []any{id}, nil
		}, flush)
	if err != nil {
		return err
	}
	return c.pages(ctx, `SELECT key, event_id FROM event_keys WHERE (key, event_id) > (?, ?) ORDER BY key, event_id`, []any{"", ""},
		func(rows *sql.Rows) ([]any, error) {
			var key, id string
			if err := rows.Scan(&key, &id); err != nil {
				return nil, err
			}
			b.Queue(`INSERT INTO event_keys (key, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, key, id)
			return []any{key, id}, nil
		}, flush)
}

// alerts are matched by name. A new alert's mark becomes the stored
// position of the last article the source had matched it against; its
// deliveries are copied once (recorded in copy_marks) and its matches
// point at the copied deliveries.
func (c *copier) alerts(ctx context.Context) error {
	rows, err := c.src.QueryContext(ctx, `SELECT id, name, query, entities, event_types, webhook, created_at, mark FROM alerts ORDER BY id`)
	if err != nil {
		return err
	}
	type alert struct {
		id, mark                                       int64
		name, query, entities, types, webhook, created string
	}
	var alerts []alert
	for rows.Next() {
		var a alert
		if err := rows.Scan(&a.id, &a.name, &a.query, &a.entities, &a.types, &a.webhook, &a.created, &a.mark); err != nil {
			rows.Close()
			return err
		}
		alerts = append(alerts, a)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, a := range alerts {
		var markArticle string
		err := c.src.QueryRowContext(ctx, `SELECT id FROM articles WHERE seq <= ? ORDER BY seq DESC LIMIT 1`, a.mark).Scan(&markArticle)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		var dst int64
		err = c.s.inTx(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO alerts (name, query, entities, event_types, webhook, created_at, mark)
				VALUES ($1, $2, $3, $4, $5, $6, COALESCE((SELECT stored FROM articles WHERE id = $7), 0))
				ON CONFLICT (name) DO NOTHING`, a.name, a.query, a.entities, a.types, a.webhook, textTime(a.created), markArticle); err != nil {
				return err
			}
			return tx.QueryRow(ctx, `SELECT id FROM alerts WHERE name = $1`, a.name).Scan(&dst)
		})
		if err != nil {
			return fmt.Errorf("alert %q: %w", a.name, err)
		}
		if err := c.deliveries(ctx, a.id, dst); err != nil {
			return fmt.Errorf("alert %q: %w", a.name, err)
		}
	}
	return nil
}

func (c *copier) deliveries(ctx context.Context, srcAlert, dstAlert int64) error {
	rows, err := c.src.QueryContext(ctx, `SELECT id, state, attempts, next_at, last_error, created_at, done_at
		FROM alert_deliveries WHERE alert_id = ? ORDER BY id`, srcAlert)
	if err != nil {
		return err
	}
	type delivery struct {
		id, next                   int64
		state, lastErr, at, doneAt string
		attempts                   int
	}
	var ds []delivery
	for rows.Next() {
		var d delivery
		if err := rows.Scan(&d.id, &d.state, &d.attempts, &d.next, &d.lastErr, &d.at, &d.doneAt); err != nil {
			rows.Close()
			return err
		}
		ds = append(ds, d)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	mapped := map[int64]int64{}
	for _, d := range ds {
		err := c.s.inTx(ctx, func(tx pgx.Tx) error {
			var dst int64
			err := tx.QueryRow(ctx, `SELECT dst_id FROM copy_marks WHERE source = $1 AND kind = 'delivery' AND src_id = $2`, c.name, d.id).Scan(&dst)
			if err == nil {
				mapped[d.id] = dst
				return nil
			} else if err != pgx.ErrNoRows {
				return err
			}
			if err := tx.QueryRow(ctx, `INSERT INTO alert_deliveries (alert_id, state, attempts, next_at, last_error, created_at, done_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, dstAlert, d.state, d.attempts, d.next, d.lastErr,
				textTime(d.at), nullTime(textTime(d.doneAt))).Scan(&dst); err != nil {
				return err
			}
			mapped[d.id] = dst
			_, err = tx.Exec(ctx, `INSERT INTO copy_marks (source, kind, src_id, dst_id) VALUES ($1, 'delivery', $2, $3)`, c.name, d.id, dst)
			return err
		})
		if err != nil {
			return fmt.Errorf("delivery %d: %w", d.id, err)
		}
	}
	rows, err = c.src.QueryContext(ctx, `SELECT article_id, matched_at, delivery_id FROM alert_matches WHERE alert_id = ? ORDER BY seq`, srcAlert)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	for rows.Next() {
		var article, at string
		var delivery sql.NullInt64
		if err := rows.Scan(&article, &at, &delivery); err != nil {
			rows.Close()
			return err
		}
		var dst *int64
		if delivery.Valid {
			if d, ok := mapped[delivery.Int64]; ok {
				dst = &d
			}
		}
		b.Queue(`INSERT INTO alert_matches (alert_id, article_id, seq, matched_at, delivery_id)
			VALUES ($1, $2, COALESCE((SELECT stored FROM articles WHERE id = $2), 0), $3, $4) ON CONFLICT DO NOTHING`,
			dstAlert, article, textTime(at), dst)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	return c.batch(ctx, b)
}

// FormatCopyCounts writes counts as a table for the CLI.
func FormatCopyCounts(counts []CopyCount) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s %10s %10s %10s  %s\n", "table", "source", "before", "after", "check")
	for _, c := range counts {
		ok := "ok"
		if !c.OK() {
			ok = "MISMATCH"
		}
		fmt.Fprintf(&b, "%-18s %10d %10d %10d  %s\n", c.Table, c.Source, c.Before, c.After, ok)
	}
	return b.String()
}
