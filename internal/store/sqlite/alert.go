package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/warta-news/warta"
)

var _ warta.AlertStore = (*DB)(nil)

const alertColumns = `id, name, query, entities, event_types, webhook, created_at`

func scanAlert(sc interface{ Scan(...any) error }) (*warta.Alert, error) {
	var a warta.Alert
	var entities, types, created string
	if err := sc.Scan(&a.ID, &a.Name, &a.Query, &entities, &types, &a.Webhook, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(entities), &a.Entities); err != nil {
		return nil, fmt.Errorf("decode entities of alert %d: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(types), &a.EventTypes); err != nil {
		return nil, fmt.Errorf("decode event types of alert %d: %w", a.ID, err)
	}
	a.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return &a, nil
}

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

// AddAlert implements warta.AlertStore. The alert's mark starts at the
// newest stored article, so only what comes later matches.
func (s *DB) AddAlert(ctx context.Context, a *warta.Alert) error {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM alerts WHERE name = ?`, a.Name).Scan(&n); err != nil {
			return fmt.Errorf("check alert name: %w", err)
		}
		if n > 0 {
			return warta.Errorf(warta.ECONFLICT, "an alert named %q exists", a.Name)
		}
		a.CreatedAt = s.Now().UTC()
		res, err := tx.ExecContext(ctx, `INSERT INTO alerts (name, query, entities, event_types, webhook, created_at, mark)
			VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? THEN 0 ELSE (SELECT COALESCE(MAX(seq), 0) FROM articles) END)`,
			a.Name, a.Query, jsonList(a.Entities), jsonList(a.EventTypes), a.Webhook, a.CreatedAt.Format(time.RFC3339Nano), a.Backfill)
		if err != nil {
			return fmt.Errorf("insert alert: %w", err)
		}
		a.ID, err = res.LastInsertId()
		return err
	})
}

// Alerts implements warta.AlertStore.
func (s *DB) Alerts(ctx context.Context) ([]*warta.Alert, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+alertColumns+` FROM alerts ORDER BY id`)
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
	a, err := scanAlert(s.db.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENOTFOUND, "alert %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("get alert %d: %w", id, err)
	}
	return a, nil
}

// RemoveAlert implements warta.AlertStore; matches and deliveries go with
// it (ON DELETE CASCADE).
func (s *DB) RemoveAlert(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM alerts WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete alert %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENOTFOUND, "alert %d not found", id)
	}
	return nil
}

// MatchAlert implements warta.AlertStore. The transaction is immediate
// (see Open), so no article can be stored between reading the matches and
// moving the mark past them.
func (s *DB) MatchAlert(ctx context.Context, id int64, q warta.SearchQuery, now time.Time) (int, error) {
	sq, err := searchSQL(q)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var mark int64
		var webhook string
		err := tx.QueryRowContext(ctx, `SELECT mark, webhook FROM alerts WHERE id = ?`, id).Scan(&mark, &webhook)
		if errors.Is(err, sql.ErrNoRows) {
			return warta.Errorf(warta.ENOTFOUND, "alert %d not found", id)
		} else if err != nil {
			return fmt.Errorf("get alert %d: %w", id, err)
		}
		var top int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM articles`).Scan(&top); err != nil {
			return fmt.Errorf("newest article: %w", err)
		}
		if top <= mark {
			return nil
		}
		sq.add(`a.seq > ? AND a.seq <= ?`, mark, top)
		rows, err := tx.QueryContext(ctx, `SELECT a.seq, a.id FROM `+sq.from+sq.where()+` ORDER BY a.seq`, sq.args...)
		if err != nil {
			return fmt.Errorf("match alert %d: %w", id, err)
		}
		type hit struct {
			seq int64
			id  string
		}
		var hits []hit
		for rows.Next() {
			var h hit
			if err := rows.Scan(&h.seq, &h.id); err != nil {
				rows.Close()
				return fmt.Errorf("scan match: %w", err)
			}
			hits = append(hits, h)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("match alert %d: %w", id, err)
		}
		var delivery any
		if webhook != "" && len(hits) > 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO alert_deliveries (alert_id, state, next_at, created_at) VALUES (?, ?, ?, ?)`,
				id, warta.DeliveryPending, now.UnixMilli(), now.UTC().Format(time.RFC3339Nano))
			if err != nil {
				return fmt.Errorf("queue delivery for alert %d: %w", id, err)
			}
			if delivery, err = res.LastInsertId(); err != nil {
				return err
			}
		}
		at := now.UTC().Format(time.RFC3339Nano)
		for _, h := range hits {
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO alert_matches (alert_id, article_id, seq, matched_at, delivery_id)
				VALUES (?, ?, ?, ?, ?)`, id, h.id, h.seq, at, delivery)
			if err != nil {
				return fmt.Errorf("record match: %w", err)
			}
			if k, _ := res.RowsAffected(); k > 0 {
				n++
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE alerts SET mark = ? WHERE id = ?`, top, id); err != nil {
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
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, matched_at FROM alert_matches WHERE alert_id = ?
		ORDER BY seq DESC LIMIT ?`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("list matches of alert %d: %w", id, err)
	}
	defer rows.Close()
	var out []warta.AlertMatch
	for rows.Next() {
		m := warta.AlertMatch{AlertID: id}
		var at string
		if err := rows.Scan(&m.ArticleID, &at); err != nil {
			return nil, fmt.Errorf("scan match: %w", err)
		}
		m.MatchedAt, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, m)
	}
	return out, rows.Err()
}

const deliveryColumns = `id, alert_id, state, attempts, next_at, last_error, created_at, done_at`

func (s *DB) queryDeliveries(ctx context.Context, q string, args ...any) ([]*warta.Delivery, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	var out []*warta.Delivery
	for rows.Next() {
		var d warta.Delivery
		var next int64
		var created, done string
		if err := rows.Scan(&d.ID, &d.AlertID, &d.State, &d.Attempts, &next, &d.LastError, &created, &done); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan delivery: %w", err)
		}
		if d.State == warta.DeliveryPending {
			d.NextAt = time.UnixMilli(next).UTC()
		}
		d.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		d.DoneAt, _ = time.Parse(time.RFC3339Nano, done)
		out = append(out, &d)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	for _, d := range out {
		ids, err := s.deliveryArticles(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		d.ArticleIDs = ids
	}
	return out, nil
}

func (s *DB) deliveryArticles(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT article_id FROM alert_matches WHERE delivery_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("articles of delivery %d: %w", id, err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("scan delivery article: %w", err)
		}
		ids = append(ids, a)
	}
	return ids, rows.Err()
}

// DueDeliveries implements warta.AlertStore.
func (s *DB) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]*warta.Delivery, error) {
	if limit <= 0 {
		limit = 100
	}
	return s.queryDeliveries(ctx, `SELECT `+deliveryColumns+` FROM alert_deliveries WHERE state = ? AND next_at <= ?
		ORDER BY next_at, id LIMIT ?`, warta.DeliveryPending, now.UnixMilli(), limit)
}

// NextDelivery implements warta.AlertStore.
func (s *DB) NextDelivery(ctx context.Context) (time.Time, bool, error) {
	var next sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MIN(next_at) FROM alert_deliveries WHERE state = ?`, warta.DeliveryPending).Scan(&next); err != nil {
		return time.Time{}, false, fmt.Errorf("next delivery: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(next.Int64).UTC(), true, nil
}

// UpdateDelivery implements warta.AlertStore.
func (s *DB) UpdateDelivery(ctx context.Context, d *warta.Delivery) error {
	switch d.State {
	case warta.DeliveryPending, warta.DeliveryDelivered, warta.DeliveryFailed:
	default:
		return warta.Errorf(warta.EINVALID, "delivery state %q", d.State)
	}
	done := ""
	if !d.DoneAt.IsZero() {
		done = d.DoneAt.UTC().Format(time.RFC3339Nano)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE alert_deliveries SET state = ?, attempts = ?, next_at = ?, last_error = ?, done_at = ?
		WHERE id = ?`, d.State, d.Attempts, d.NextAt.UnixMilli(), d.LastError, done, d.ID)
	if err != nil {
		return fmt.Errorf("update delivery %d: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENOTFOUND, "delivery %d not found", d.ID)
	}
	return nil
}

// Deliveries implements warta.AlertStore.
func (s *DB) Deliveries(ctx context.Context, alertID int64, limit int) ([]*warta.Delivery, error) {
	if limit <= 0 {
		limit = 20
	}
	return s.queryDeliveries(ctx, `SELECT `+deliveryColumns+` FROM alert_deliveries WHERE alert_id = ?
		ORDER BY id DESC LIMIT ?`, alertID, limit)
}
