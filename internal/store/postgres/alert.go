package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warta-news/warta"
)

var _ warta.AlertStore = (*DB)(nil)

const alertColumns = `id, name, query, entities, event_types, webhook, created_at`

func scanAlert(row pgx.Row) (*warta.Alert, error) {
	var a warta.Alert
	var entities, types string
	if err := row.Scan(&a.ID, &a.Name, &a.Query, &entities, &types, &a.Webhook, &a.CreatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(entities), &a.Entities); err != nil {
		return nil, fmt.Errorf("decode entities of alert %d: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(types), &a.EventTypes); err != nil {
		return nil, fmt.Errorf("decode event types of alert %d: %w", a.ID, err)
	}
	a.CreatedAt = a.CreatedAt.UTC()
	return &a, nil
}

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

// AddAlert implements warta.AlertStore. The mark starts at the newest
// stored article, so only what comes later matches, or at 0 to back-fill.
func (s *DB) AddAlert(ctx context.Context, a *warta.Alert) error {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(articleWriters)); err != nil {
			return fmt.Errorf("lock article writers: %w", err)
		}
		a.CreatedAt = s.Now().UTC()
		err := tx.QueryRow(ctx, `INSERT INTO alerts (name, query, entities, event_types, webhook, created_at, mark)
			VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN 0 ELSE (SELECT COALESCE(MAX(stored), 0) FROM articles) END)
			ON CONFLICT (name) DO NOTHING RETURNING id`,
			a.Name, a.Query, jsonList(a.Entities), jsonList(a.EventTypes), a.Webhook, a.CreatedAt, a.Backfill).Scan(&a.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			return warta.Errorf(warta.ECONFLICT, "an alert named %q exists", a.Name)
		} else if err != nil {
			return fmt.Errorf("insert alert: %w", err)
		}
		return nil
	})
}

// Alerts implements warta.AlertStore.
func (s *DB) Alerts(ctx context.Context) ([]*warta.Alert, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+alertColumns+` FROM alerts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	defer rows.Close()
	var out []*warta.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("scan alert: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Alert implements warta.AlertStore.
func (s *DB) Alert(ctx context.Context, id int64) (*warta.Alert, error) {
	a, err := scanAlert(s.pool.QueryRow(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, warta.Errorf(warta.ENOTFOUND, "alert %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("get alert %d: %w", id, err)
	}
	return a, nil
}

// RemoveAlert implements warta.AlertStore; matches and deliveries go with
// it (ON DELETE CASCADE).
func (s *DB) RemoveAlert(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM alerts WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete alert %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return warta.Errorf(warta.ENOTFOUND, "alert %d not found", id)
	}
	return nil
}

// MatchAlert implements warta.AlertStore. It takes the article writers'
// lock exclusively before reading the newest article, so every article
// up to the new mark has committed: none can appear below the mark later.
// The alert's row is locked too, so that two workers matching one alert
// take turns.
func (s *DB) MatchAlert(ctx context.Context, id int64, q warta.SearchQuery, now time.Time) (int, error) {
	sq, err := searchSQL(q)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var mark int64
		var webhook string
		err := tx.QueryRow(ctx, `SELECT mark, webhook FROM alerts WHERE id = $1 FOR UPDATE`, id).Scan(&mark, &webhook)
		if errors.Is(err, pgx.ErrNoRows) {
			return warta.Errorf(warta.ENOTFOUND, "alert %d not found", id)
		} else if err != nil {
			return fmt.Errorf("get alert %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(articleWriters)); err != nil {
			return fmt.Errorf("lock article writers: %w", err)
		}
		var top int64
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(stored), 0) FROM articles`).Scan(&top); err != nil {
			return fmt.Errorf("newest article: %w", err)
		}
		if top <= mark {
			return nil
		}
		type hit struct {
			seq int64
			id  string
		}
		var hits []hit
		if !sq.none {
			sq.add(`a.stored > ? AND a.stored <= ?`, mark, top)
			rows, err := tx.Query(ctx, `SELECT a.stored, a.id FROM articles a`+sq.where()+` ORDER BY a.stored`, sq.args...)
			if err != nil {
				return fmt.Errorf("match alert %d: %w", id, err)
			}
			for rows.Next() {
				var h hit
				if err := rows.Scan(&h.seq, &h.id); err != nil {
					rows.Close()
					return fmt.Errorf("scan match: %w", err)
				}
				hits = append(hits, h)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("match alert %d: %w", id, err)
			}
		}
		var delivery *int64
		if webhook != "" && len(hits) > 0 {
			var d int64
			if err := tx.QueryRow(ctx, `INSERT INTO alert_deliveries (alert_id, state, next_at, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
				id, warta.DeliveryPending, now.UnixMilli(), now.UTC()).Scan(&d); err != nil {
				return fmt.Errorf("queue delivery for alert %d: %w", id, err)
			}
			delivery = &d
		}
		for _, h := range hits {
			tag, err := tx.Exec(ctx, `INSERT INTO alert_matches (alert_id, article_id, seq, matched_at, delivery_id)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, id, h.id, h.seq, now.UTC(), delivery)
			if err != nil {
				return fmt.Errorf("record match: %w", err)
			}
			n += int(tag.RowsAffected())
		}
		if _, err := tx.Exec(ctx, `UPDATE alerts SET mark = $1 WHERE id = $2`, top, id); err != nil {
			return fmt.Errorf("move mark of alert %d: %w", id, err)
		}
		return nil
	})
	return n, err
}

// AlertMatches implements warta.AlertStore.
func (s *DB) AlertMatches(ctx context.Context, id int64, limit int) ([]warta.AlertMatch, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.pool.Query(ctx, `SELECT article_id, matched_at FROM alert_matches WHERE alert_id = $1
		ORDER BY seq DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("list matches of alert %d: %w", id, err)
	}
	defer rows.Close()
	var out []warta.AlertMatch
	for rows.Next() {
		m := warta.AlertMatch{AlertID: id}
		if err := rows.Scan(&m.ArticleID, &m.MatchedAt); err != nil {
			return nil, fmt.Errorf("scan match: %w", err)
		}
		m.MatchedAt = m.MatchedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

const deliveryColumns = `d.id, d.alert_id, d.state, d.attempts, d.next_at, d.last_error, d.created_at, d.done_at,
	ARRAY(SELECT m.article_id FROM alert_matches m WHERE m.delivery_id = d.id ORDER BY m.seq)`

func (s *DB) queryDeliveries(ctx context.Context, q string, args ...any) ([]*warta.Delivery, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	defer rows.Close()
	var out []*warta.Delivery
	for rows.Next() {
		var d warta.Delivery
		var next int64
		var done *time.Time
		if err := rows.Scan(&d.ID, &d.AlertID, &d.State, &d.Attempts, &next, &d.LastError, &d.CreatedAt, &done, &d.ArticleIDs); err != nil {
			return nil, fmt.Errorf("scan delivery: %w", err)
		}
		if d.State == warta.DeliveryPending {
			d.NextAt = time.UnixMilli(next).UTC()
		}
		d.CreatedAt, d.DoneAt = d.CreatedAt.UTC(), fromNull(done)
		if d.ArticleIDs == nil {
			d.ArticleIDs = []string{}
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}

// DueDeliveries implements warta.AlertStore.
func (s *DB) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]*warta.Delivery, error) {
	if limit <= 0 {
		limit = 100
	}
	return s.queryDeliveries(ctx, `SELECT `+deliveryColumns+` FROM alert_deliveries d WHERE d.state = $1 AND d.next_at <= $2
		ORDER BY d.next_at, d.id LIMIT $3`, warta.DeliveryPending, now.UnixMilli(), limit)
}

// NextDelivery implements warta.AlertStore.
func (s *DB) NextDelivery(ctx context.Context) (time.Time, bool, error) {
	var next *int64
	if err := s.pool.QueryRow(ctx, `SELECT MIN(next_at) FROM alert_deliveries WHERE state = $1`, warta.DeliveryPending).Scan(&next); err != nil {
		return time.Time{}, false, fmt.Errorf("next delivery: %w", err)
	}
	if next == nil {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(*next).UTC(), true, nil
}

// UpdateDelivery implements warta.AlertStore.
func (s *DB) UpdateDelivery(ctx context.Context, d *warta.Delivery) error {
	switch d.State {
	case warta.DeliveryPending, warta.DeliveryDelivered, warta.DeliveryFailed:
	default:
		return warta.Errorf(warta.EINVALID, "delivery state %q", d.State)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE alert_deliveries SET state = $1, attempts = $2, next_at = $3, last_error = $4, done_at = $5
		WHERE id = $6`, d.State, d.Attempts, d.NextAt.UnixMilli(), d.LastError, nullTime(d.DoneAt), d.ID)
	if err != nil {
		return fmt.Errorf("update delivery %d: %w", d.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return warta.Errorf(warta.ENOTFOUND, "delivery %d not found", d.ID)
	}
	return nil
}

// Deliveries implements warta.AlertStore.
func (s *DB) Deliveries(ctx context.Context, alertID int64, limit int) ([]*warta.Delivery, error) {
	if limit <= 0 {
		limit = 20
	}
	return s.queryDeliveries(ctx, `SELECT `+deliveryColumns+` FROM alert_deliveries d WHERE d.alert_id = $1
		ORDER BY d.id DESC LIMIT $2`, alertID, limit)
}
