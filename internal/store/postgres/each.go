package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/rows"
)

// EachEvent implements warta.Store: dated events by (date, id), then
// undated ones by id, both walks riding the events_date index.
func (s *DB) EachEvent(ctx context.Context, fn func(*warta.EventRecord) error) error {
	lastDate, lastID := "", ""
	for {
		evs, err := s.queryEventsKeyed(ctx, `SELECT date, id, data::text FROM events WHERE date != '' AND (date, id) > ($1, $2)
			ORDER BY date, id LIMIT $3`, lastDate, lastID, pageSize)
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
		evs, err := s.queryEventsKeyed(ctx, `SELECT date, id, data::text FROM events WHERE date = '' AND id > $1 ORDER BY id LIMIT $2`, lastID, pageSize)
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
	rs, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	defer rs.Close()
	return rows.KeyedEvents(rs)
}

// DeleteArticle implements warta.ArticleStore, with the SQLite store's
// rules: line counts keep the page, and band keys without a signature
// join to nothing until reprocess clears them.
func (s *DB) DeleteArticle(ctx context.Context, id string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var seq int64
		err := tx.QueryRow(ctx, `SELECT seq FROM documents WHERE id = $1 FOR UPDATE`, id).Scan(&seq)
		if errors.Is(err, pgx.ErrNoRows) {
			return warta.Errorf(warta.ENOTFOUND, "article %s not found", id)
		} else if err != nil {
			return fmt.Errorf("find document %s: %w", id, err)
		}
		var data string
		err = tx.QueryRow(ctx, `SELECT data::text FROM articles WHERE seq = $1`, seq).Scan(&data)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
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
			`DELETE FROM articles WHERE seq = $1`,
			`DELETE FROM documents WHERE seq = $1`,
		} {
			if _, err := tx.Exec(ctx, q, seq); err != nil {
				return fmt.Errorf("delete article %s: %w", id, err)
			}
		}
		for _, q := range []string{
			`DELETE FROM signatures WHERE article_id = $1`,
			`DELETE FROM alert_matches WHERE article_id = $1`,
		} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return fmt.Errorf("delete article %s: %w", id, err)
			}
		}
		return nil
	})
}

// dropReports removes an article's reports from an event, and the event
// when none are left.
func dropReports(ctx context.Context, tx pgx.Tx, eventID, articleID string) error {
	var data string
	err := tx.QueryRow(ctx, `SELECT data::text FROM events WHERE id = $1 FOR UPDATE`, eventID).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
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
		if _, err := tx.Exec(ctx, `DELETE FROM events WHERE id = $1`, eventID); err != nil {
			return fmt.Errorf("delete event %s: %w", eventID, err)
		}
		return nil
	}
	return clusterOps{tx}.PutEvent(ctx, &e, nil)
}
