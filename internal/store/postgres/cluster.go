package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/rows"
)

var (
	_ warta.ClusterStore   = (*DB)(nil)
	_ warta.ClusterBatcher = (*DB)(nil)
)

// querier is what both the pool and a transaction offer, so that the
// clustering reads and writes run alike inside ClusterTx or on their own.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// clusterOps implements warta.ClusterStore over a querier.
type clusterOps struct{ q querier }

// NearDuplicates implements warta.ClusterStore.
func (s *DB) NearDuplicates(ctx context.Context, bandKeys []uint64) ([]warta.Signed, error) {
	return clusterOps{s.pool}.NearDuplicates(ctx, bandKeys)
}

// PutSignature implements warta.ClusterStore.
func (s *DB) PutSignature(ctx context.Context, sg warta.Signed, bandKeys []uint64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return clusterOps{tx}.PutSignature(ctx, sg, bandKeys) })
}

// EventCandidates implements warta.ClusterStore.
func (s *DB) EventCandidates(ctx context.Context, keys []string) ([]*warta.EventRecord, error) {
	return clusterOps{s.pool}.EventCandidates(ctx, keys)
}

// PutEvent implements warta.ClusterStore.
func (s *DB) PutEvent(ctx context.Context, e *warta.EventRecord, keys []string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return clusterOps{tx}.PutEvent(ctx, e, keys) })
}

// Event implements warta.ClusterStore.
func (s *DB) Event(ctx context.Context, id string) (*warta.EventRecord, error) {
	return clusterOps{s.pool}.Event(ctx, id)
}

// Story implements warta.ClusterStore.
func (s *DB) Story(ctx context.Context, id string) (*warta.Story, error) {
	return clusterOps{s.pool}.Story(ctx, id)
}

// Timeline implements warta.ClusterStore.
func (s *DB) Timeline(ctx context.Context, entity, with string) ([]*warta.EventRecord, error) {
	return clusterOps{s.pool}.Timeline(ctx, entity, with)
}

// PutClusterBatch implements warta.ClusterBatcher.
func (s *DB) PutClusterBatch(ctx context.Context, sigs []warta.SignedKeys, events []warta.EventKeys) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return clusterOps{tx}.PutClusterBatch(ctx, sigs, events) })
}

func (c clusterOps) NearDuplicates(ctx context.Context, bandKeys []uint64) ([]warta.Signed, error) {
	if len(bandKeys) == 0 {
		return nil, nil
	}
	ks := make([]int64, len(bandKeys))
	for i, k := range bandKeys {
		ks[i] = int64(k)
	}
	rows, err := c.q.Query(ctx, `SELECT DISTINCT s.article_id, s.sig, s.published, s.duplicate_of
		FROM lsh_bands b JOIN signatures s ON s.article_id = b.article_id
		WHERE b.band_key = ANY($1) ORDER BY s.article_id`, ks)
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

func (c clusterOps) PutSignature(ctx context.Context, sg warta.Signed, bandKeys []uint64) error {
	if _, err := c.q.Exec(ctx, `INSERT INTO signatures (article_id, sig, published, duplicate_of) VALUES ($1, $2, $3, $4)
		ON CONFLICT (article_id) DO UPDATE SET sig = excluded.sig, published = excluded.published, duplicate_of = excluded.duplicate_of`,
		sg.ArticleID, sg.Signature, sg.Published, sg.DuplicateOf); err != nil {
		return fmt.Errorf("store signature %s: %w", sg.ArticleID, err)
	}
	if len(bandKeys) == 0 {
		return nil
	}
	ks := make([]int64, len(bandKeys))
	for i, k := range bandKeys {
		ks[i] = int64(k)
	}
	slices.Sort(ks) // one lock order for every writer
	if _, err := c.q.Exec(ctx, `INSERT INTO lsh_bands (band_key, article_id) SELECT DISTINCT k, $2::text FROM unnest($1::bigint[]) AS k
		ORDER BY k ON CONFLICT DO NOTHING`, ks, sg.ArticleID); err != nil {
		return fmt.Errorf("store band keys: %w", err)
	}
	return nil
}

func (c clusterOps) PutClusterBatch(ctx context.Context, sigs []warta.SignedKeys, events []warta.EventKeys) error {
	for _, sg := range sigs {
		if err := c.PutSignature(ctx, sg.Signed, sg.BandKeys); err != nil {
			return err
		}
	}
	// Events in ID order: two batches touching the same events lock them
	// in the same order.
	sorted := slices.Clone(events)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Event.ID < sorted[j].Event.ID })
	for _, e := range sorted {
		if err := c.PutEvent(ctx, e.Event, e.Keys); err != nil {
			return err
		}
	}
	return nil
}

func (c clusterOps) EventCandidates(ctx context.Context, keys []string) ([]*warta.EventRecord, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	return c.queryEvents(ctx, `SELECT e.data::text FROM events e WHERE e.id IN
		(SELECT event_id FROM event_keys WHERE key = ANY($1)) ORDER BY e.date, e.id`, keys)
}

func (c clusterOps) queryEvents(ctx context.Context, q string, args ...any) ([]*warta.EventRecord, error) {
	rs, err := c.q.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	defer rs.Close()
	return rows.Events(rs)
}

func (c clusterOps) PutEvent(ctx context.Context, e *warta.EventRecord, keys []string) error {
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode event %s: %w", e.ID, err)
	}
	if _, err := c.q.Exec(ctx, `INSERT INTO events (id, story_id, date, data) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET story_id = excluded.story_id, date = excluded.date, data = excluded.data`,
		e.ID, e.StoryID, e.Date, string(data)); err != nil {
		return fmt.Errorf("store event %s: %w", e.ID, err)
	}
	if len(keys) == 0 {
		return nil
	}
	ks := slices.Clone(keys)
	slices.Sort(ks)
	if _, err := c.q.Exec(ctx, `INSERT INTO event_keys (key, event_id) SELECT DISTINCT k, $2::text FROM unnest($1::text[]) AS k
		ORDER BY k ON CONFLICT DO NOTHING`, ks, e.ID); err != nil {
		return fmt.Errorf("index event %s: %w", e.ID, err)
	}
	return nil
}

func (c clusterOps) Event(ctx context.Context, id string) (*warta.EventRecord, error) {
	var data string
	err := c.q.QueryRow(ctx, `SELECT data::text FROM events WHERE id = $1`, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
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

func (c clusterOps) Story(ctx context.Context, id string) (*warta.Story, error) {
	evs, err := c.queryEvents(ctx, `SELECT data::text FROM events WHERE story_id = $1 ORDER BY date = '', date, id`, id)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, warta.Errorf(warta.ENOTFOUND, "story %s not found", id)
	}
	return &warta.Story{ID: id, Events: evs}, nil
}

func (c clusterOps) Timeline(ctx context.Context, entity, with string) ([]*warta.EventRecord, error) {
	evs, err := c.EventCandidates(ctx, []string{"a:" + entity})
	if err != nil {
		return nil, err
	}
	var out []*warta.EventRecord
	for _, e := range evs {
		if with == "" || slices.Contains(e.ActorIDs, with) {
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
