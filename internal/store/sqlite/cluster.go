package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/rows"
)

var (
	_ warta.ClusterStore   = (*DB)(nil)
	_ warta.ClusterBatcher = (*DB)(nil)
)

// NearDuplicates implements warta.ClusterStore.
func (s *DB) NearDuplicates(ctx context.Context, bandKeys []uint64) ([]warta.Signed, error) {
	if len(bandKeys) == 0 {
		return nil, nil
	}
	args := make([]any, len(bandKeys))
	ph := make([]string, len(bandKeys))
	for i, k := range bandKeys {
		args[i], ph[i] = int64(k), "?"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT s.article_id, s.sig, s.published, s.duplicate_of
		FROM lsh_bands b JOIN signatures s ON s.article_id = b.article_id
		WHERE b.band_key IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("near duplicates: %w", err)
	}
	defer rows.Close()
	var out []warta.Signed
	for rows.Next() {
		var sg warta.Signed
		if err := rows.Scan(&sg.ArticleID, &sg.Signature, &sg.Published, &sg.DuplicateOf); err != nil {
			return nil, fmt.Errorf("scan signature: %w", err)
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

// PutSignature implements warta.ClusterStore.
func (s *DB) PutSignature(ctx context.Context, sg warta.Signed, bandKeys []uint64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return putSignature(ctx, tx, sg, bandKeys) })
}

// PutClusterBatch implements warta.ClusterBatcher.
func (s *DB) PutClusterBatch(ctx context.Context, sigs []warta.SignedKeys, events []warta.EventKeys) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return putClusterBatch(ctx, tx, sigs, events) })
}

func putClusterBatch(ctx context.Context, tx *sql.Tx, sigs []warta.SignedKeys, events []warta.EventKeys) error {
	for _, sg := range sigs {
		if err := putSignature(ctx, tx, sg.Signed, sg.BandKeys); err != nil {
			return err
		}
	}
	for _, e := range events {
		if err := putEvent(ctx, tx, e.Event, e.Keys); err != nil {
			return err
		}
	}
	return nil
}

func putSignature(ctx context.Context, tx *sql.Tx, sg warta.Signed, bandKeys []uint64) error {
	{
		if _, err := tx.ExecContext(ctx, `INSERT INTO signatures (article_id, sig, published, duplicate_of) VALUES (?, ?, ?, ?)
			ON CONFLICT (article_id) DO UPDATE SET sig = excluded.sig, published = excluded.published, duplicate_of = excluded.duplicate_of`,
			sg.ArticleID, sg.Signature, sg.Published, sg.DuplicateOf); err != nil {
			return fmt.Errorf("store signature %s: %w", sg.ArticleID, err)
		}
		// One statement for all bands: 32 round trips through the driver
		// cost more than the insert itself.
		if len(bandKeys) == 0 {
			return nil
		}
		ph := make([]string, len(bandKeys))
		args := make([]any, 0, 2*len(bandKeys))
		for i, k := range bandKeys {
			ph[i] = "(?, ?)"
			args = append(args, int64(k), sg.ArticleID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO lsh_bands (band_key, article_id) VALUES `+strings.Join(ph, ","), args...); err != nil {
			return fmt.Errorf("store band keys: %w", err)
		}
		return nil
	}
}

// EventCandidates implements warta.ClusterStore.
func (s *DB) EventCandidates(ctx context.Context, keys []string) ([]*warta.EventRecord, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, len(keys))
	ph := make([]string, len(keys))
	for i, k := range keys {
		args[i], ph[i] = k, "?"
	}
	return s.queryEvents(ctx, `SELECT e.data FROM events e WHERE e.id IN
		(SELECT event_id FROM event_keys WHERE key IN (`+strings.Join(ph, ",")+`)) ORDER BY e.date, e.id`, args...)
}

func (s *DB) queryEvents(ctx context.Context, q string, args ...any) ([]*warta.EventRecord, error) {
	rs, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	defer rs.Close()
	return rows.Events(rs)
}

// PutEvent implements warta.ClusterStore.
func (s *DB) PutEvent(ctx context.Context, e *warta.EventRecord, keys []string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return putEvent(ctx, tx, e, keys) })
}

func putEvent(ctx context.Context, tx *sql.Tx, e *warta.EventRecord, keys []string) error {
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode event %s: %w", e.ID, err)
	}
	{
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (id, story_id, date, data) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET story_id = excluded.story_id, date = excluded.date, data = excluded.data`,
			e.ID, e.StoryID, e.Date, string(data)); err != nil {
			return fmt.Errorf("store event %s: %w", e.ID, err)
		}
		if len(keys) == 0 {
			return nil
		}
		ph := make([]string, len(keys))
		args := make([]any, 0, 2*len(keys))
		for i, k := range keys {
			ph[i] = "(?, ?)"
			args = append(args, k, e.ID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO event_keys (key, event_id) VALUES `+strings.Join(ph, ","), args...); err != nil {
			return fmt.Errorf("index event %s: %w", e.ID, err)
		}
		return nil
	}
}

// Event implements warta.ClusterStore.
func (s *DB) Event(ctx context.Context, id string) (*warta.EventRecord, error) {
	var data string
	err := s.db.QueryRowContext(ctx, `SELECT data FROM events WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENOTFOUND, "event %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("get event %s: %w", id, err)
	}
	var e warta.EventRecord
	if err := json.Unmarshal([]byte(data), &e); err != nil {
		return nil, fmt.Errorf("decode event %s: %w", id, err)
	}
	return &e, nil
}

// Story implements warta.ClusterStore.
func (s *DB) Story(ctx context.Context, id string) (*warta.Story, error) {
	evs, err := s.queryEvents(ctx, `SELECT data FROM events WHERE story_id = ? ORDER BY date = '', date, id`, id)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, warta.Errorf(warta.ENOTFOUND, "story %s not found", id)
	}
	st := &warta.Story{ID: id, Events: evs}
	st.Describe()
	return st, nil
}

// Timeline implements warta.ClusterStore.
func (s *DB) Timeline(ctx context.Context, entity, with string) ([]*warta.EventRecord, error) {
	evs, err := s.EventCandidates(ctx, []string{"a:" + entity})
	if err != nil {
		return nil, err
	}
	var out []*warta.EventRecord
	for _, e := range evs {
		if with == "" || containsString(e.ActorIDs, with) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Date, out[j].Date
		if (a == "") != (b == "") {
			return b == ""
		}
		return a < b
	})
	return out, nil
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
