package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/rows"
)

// pageSize is how many rows the Each* walks read per query. Each page is a
// fresh query that starts after the last row seen (keyset paging), so fn
// may take its time or write to the store without holding a read open.
const pageSize = 500

// EachArticle implements warta.ArticleStore.
func (s *DB) EachArticle(ctx context.Context, q warta.SearchQuery, fn func(*warta.Article) error) error {
	sq, err := searchSQL(q)
	if err != nil {
		return err
	}
	// With a full-text match the walk keys on the FTS rowid, which FTS5
	// can seek to; a.seq would make it re-run the whole match each page.
	key := `a.seq`
	if sq.match != "" {
		key = `f.rowid`
	}
	sq.add(key + ` > ?`)
	after := len(sq.args)
	sq.args = append(sq.args, int64(0))
	query := `SELECT a.seq, a.data, a.published_at FROM ` + sq.from + sq.where() + ` ORDER BY ` + key + ` LIMIT ?`
	for {
		rows, err := s.db.QueryContext(ctx, query, append(sq.args, pageSize)...)
		if err != nil {
			return fmt.Errorf("list articles: %w", err)
		}
		var page []*warta.Article
		var last int64
		for rows.Next() {
			var data string
			var published sql.NullInt64
			if err := rows.Scan(&last, &data, &published); err != nil {
				rows.Close()
				return fmt.Errorf("scan article: %w", err)
			}
			a, err := decodeArticle(data, published)
			if err != nil {
				rows.Close()
				return err
			}
			page = append(page, a)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("list articles: %w", err)
		}
		for _, a := range page {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(page) < pageSize {
			return nil
		}
		sq.args[after] = last
	}
}

// EachEvent implements warta.Store: dated events by (date, id), then
// undated ones by id, both walks riding the events_date index.
func (s *DB) EachEvent(ctx context.Context, fn func(*warta.EventRecord) error) error {
	lastDate, lastID := "", ""
	for {
		evs, err := s.queryEventsKeyed(ctx, `SELECT date, id, data FROM events WHERE date != '' AND (date, id) > (?, ?)
			ORDER BY date, id LIMIT ?`, lastDate, lastID, pageSize)
		if err != nil {
			return err
		}
		for _, e := range evs {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(evs) < pageSize {
			break
		}
		lastDate, lastID = evs[len(evs)-1].Date, evs[len(evs)-1].ID
	}
	lastID = ""
	for {
		evs, err := s.queryEventsKeyed(ctx, `SELECT date, id, data FROM events WHERE date = '' AND id > ? ORDER BY id LIMIT ?`, lastID, pageSize)
		if err != nil {
			return err
		}
		for _, e := range evs {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(evs) < pageSize {
			return nil
		}
		lastID = evs[len(evs)-1].ID
	}
}

// queryEventsKeyed reads (date, id, data) rows; the stored date and ID are
// the keys, whatever the JSON says.
func (s *DB) queryEventsKeyed(ctx context.Context, q string, args ...any) ([]*warta.EventRecord, error) {
	rs, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	defer rs.Close()
	return rows.KeyedEvents(rs)
}

// ProblemsBefore implements warta.ProblemStore.
func (s *DB) ProblemsBefore(ctx context.Context, before int64, limit int) ([]warta.Problem, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, source, line, offset, stage, msg, at FROM problems
		WHERE ? <= 0 OR id < ? ORDER BY id DESC LIMIT ?`, before, before, limit)
	if err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	defer rows.Close()
	var ps []warta.Problem
	for rows.Next() {
		var p warta.Problem
		var at string
		if err := rows.Scan(&p.ID, &p.Source, &p.Line, &p.Offset, &p.Stage, &p.Msg, &at); err != nil {
			return nil, fmt.Errorf("scan problem: %w", err)
		}
		p.At, _ = time.Parse(time.RFC3339Nano, at)
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// DeleteArticle implements warta.ArticleStore. Line counts of the outlet
// keep the page (they are evidence about the outlet's layout, not about
// the article), and LSH band keys stay behind: without the signature they
// join to nothing, and reprocess clears them.
func (s *DB) DeleteArticle(ctx context.Context, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var seq int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM documents WHERE id = ?`, id).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			return warta.Errorf(warta.ENOTFOUND, "article %s not found", id)
		} else if err != nil {
			return fmt.Errorf("find document %s: %w", id, err)
		}
		var data string
		err = tx.QueryRowContext(ctx, `SELECT data FROM articles WHERE seq = ?`, seq).Scan(&data)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("get article %s: %w", id, err)
		}
		events := map[string]bool{}
		if data != "" {
			var a warta.Article
			if err := json.Unmarshal([]byte(data), &a); err != nil {
				return fmt.Errorf("decode article %s: %w", id, err)
			}
			if a.EventID != "" {
				events[a.EventID] = true
			}
			for _, e := range a.Events {
				if e.ID != "" {
					events[e.ID] = true
				}
			}
		}
		for eid := range events {
			if err := dropReports(ctx, tx, eid, id); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`DELETE FROM articles_fts WHERE rowid = ?`,
			`DELETE FROM article_keys WHERE rowid = ?`,
			`DELETE FROM entity_rows WHERE article_seq = ?`,
			`DELETE FROM quote_rows WHERE article_seq = ?`,
			`DELETE FROM articles WHERE seq = ?`,
			`DELETE FROM documents WHERE seq = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, seq); err != nil {
				return fmt.Errorf("delete article %s: %w", id, err)
			}
		}
		for _, q := range []string{
			`DELETE FROM signatures WHERE article_id = ?`,
			`DELETE FROM alert_matches WHERE article_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("delete article %s: %w", id, err)
			}
		}
		// Events changed: a batch analyzed against them must start over.
		_, err = nextGen(ctx, tx)
		return err
	})
}

// dropReports removes an article's reports from an event, and the event
// when none are left. Its index keys may stay: candidates are read through
// a join with events, so a key without its event finds nothing.
func dropReports(ctx context.Context, tx *sql.Tx, eventID, articleID string) error {
	var data string
	err := tx.QueryRowContext(ctx, `SELECT data FROM events WHERE id = ?`, eventID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("get event %s: %w", eventID, err)
	}
	var e warta.EventRecord
	if err := json.Unmarshal([]byte(data), &e); err != nil {
		return fmt.Errorf("decode event %s: %w", eventID, err)
	}
	kept := e.Reports[:0]
	for _, r := range e.Reports {
		if r.ArticleID != articleID {
			kept = append(kept, r)
		}
	}
	e.Reports = kept
	if len(kept) == 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE id = ?`, eventID); err != nil {
			return fmt.Errorf("delete event %s: %w", eventID, err)
		}
		return nil
	}
	return putEvent(ctx, tx, &e, nil)
}
