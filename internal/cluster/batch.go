package cluster

import (
	"context"
	"fmt"

	"github.com/warta-news/warta"
)

var _ warta.ClusterStore = (*Batch)(nil)

// Batch is a write-behind layer over a warta.ClusterStore: reads see the
// store plus what the batch has written, writes stay in memory until
// Flush. The pipeline clusters each batch of articles through one Batch
// so the store is written once per batch instead of once per article.
type Batch struct {
	Store warta.ClusterStore

	sigs     map[string]warta.SignedKeys
	sigOrder []string
	bands    map[uint64][]string
	events   map[string]*warta.EventRecord
	evKeys   map[string][]string // event ID → keys
	evOrder  []string
	keyIndex map[string][]string // key → event IDs
	// fetched caches the store's events per key: the store does not change
	// while the batch holds the writes, so each key is read once.
	fetched map[string][]*warta.EventRecord
}

// NewBatch returns an empty batch over store.
func NewBatch(store warta.ClusterStore) *Batch {
	return &Batch{Store: store, sigs: map[string]warta.SignedKeys{}, bands: map[uint64][]string{},
		events: map[string]*warta.EventRecord{}, evKeys: map[string][]string{}, keyIndex: map[string][]string{},
		fetched: map[string][]*warta.EventRecord{}}
}

// NearDuplicates implements warta.ClusterStore.
func (b *Batch) NearDuplicates(ctx context.Context, bandKeys []uint64) ([]warta.Signed, error) {
	stored, err := b.Store.NearDuplicates(ctx, bandKeys)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []warta.Signed
	for _, s := range stored {
		if p, ok := b.sigs[s.ArticleID]; ok {
			s = p.Signed
		}
		seen[s.ArticleID] = true
		out = append(out, s)
	}
	for _, k := range bandKeys {
		for _, id := range b.bands[k] {
			if !seen[id] {
				seen[id] = true
				out = append(out, b.sigs[id].Signed)
			}
		}
	}
	return out, nil
}

// PutSignature implements warta.ClusterStore; the write waits for Flush.
func (b *Batch) PutSignature(_ context.Context, s warta.Signed, bandKeys []uint64) error {
	if _, ok := b.sigs[s.ArticleID]; !ok {
		b.sigOrder = append(b.sigOrder, s.ArticleID)
		for _, k := range bandKeys {
			b.bands[k] = append(b.bands[k], s.ArticleID)
		}
	}
	b.sigs[s.ArticleID] = warta.SignedKeys{Signed: s, BandKeys: bandKeys}
	return nil
}

// EventCandidates implements warta.ClusterStore.
func (b *Batch) EventCandidates(ctx context.Context, want []string) ([]*warta.EventRecord, error) {
	var missing []string
	for _, k := range want {
		if _, ok := b.fetched[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		got, err := b.Store.EventCandidates(ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, k := range missing {
			b.fetched[k] = nil
		}
		for _, e := range got {
			for _, k := range eventKeys(e, nil) {
				if _, asked := b.fetched[k]; asked && contains(missing, k) {
					b.fetched[k] = append(b.fetched[k], e)
				}
			}
		}
	}
	var stored []*warta.EventRecord
	dup := map[string]bool{}
	for _, k := range want {
		for _, e := range b.fetched[k] {
			if !dup[e.ID] {
				dup[e.ID] = true
				stored = append(stored, e)
			}
		}
	}
	seen := map[string]bool{}
	var out []*warta.EventRecord
	for _, e := range stored {
		if p, ok := b.events[e.ID]; ok {
			e = p
		}
		seen[e.ID] = true
		out = append(out, e)
	}
	for _, k := range want {
		for _, id := range b.keyIndex[k] {
			if !seen[id] {
				seen[id] = true
				out = append(out, b.events[id])
			}
		}
	}
	return out, nil
}

// PutEvent implements warta.ClusterStore; the write waits for Flush.
func (b *Batch) PutEvent(_ context.Context, e *warta.EventRecord, keys []string) error {
	if _, ok := b.events[e.ID]; !ok {
		b.evOrder = append(b.evOrder, e.ID)
	}
	b.events[e.ID] = e
	have := map[string]bool{}
	for _, k := range b.evKeys[e.ID] {
		have[k] = true
	}
	for _, k := range keys {
		if !have[k] {
			b.evKeys[e.ID] = append(b.evKeys[e.ID], k)
			b.keyIndex[k] = append(b.keyIndex[k], e.ID)
		}
	}
	return nil
}

// Event implements warta.ClusterStore (unflushed events first).
func (b *Batch) Event(ctx context.Context, id string) (*warta.EventRecord, error) {
	if e, ok := b.events[id]; ok {
		return e, nil
	}
	return b.Store.Event(ctx, id)
}

// Story implements warta.ClusterStore; it flushes first so the answer is
// complete.
func (b *Batch) Story(ctx context.Context, id string) (*warta.Story, error) {
	if err := b.Flush(ctx); err != nil {
		return nil, err
	}
	return b.Store.Story(ctx, id)
}

// Timeline implements warta.ClusterStore; it flushes first.
func (b *Batch) Timeline(ctx context.Context, entity, with string) ([]*warta.EventRecord, error) {
	if err := b.Flush(ctx); err != nil {
		return nil, err
	}
	return b.Store.Timeline(ctx, entity, with)
}

// Flush writes what the batch holds, in one transaction when the store
// supports it, and empties the batch.
func (b *Batch) Flush(ctx context.Context) error {
	sigs := make([]warta.SignedKeys, 0, len(b.sigOrder))
	for _, id := range b.sigOrder {
		sigs = append(sigs, b.sigs[id])
	}
	evs := make([]warta.EventKeys, 0, len(b.evOrder))
	for _, id := range b.evOrder {
		evs = append(evs, warta.EventKeys{Event: b.events[id], Keys: b.evKeys[id]})
	}
	if bs, ok := b.Store.(warta.ClusterBatcher); ok {
		if err := bs.PutClusterBatch(ctx, sigs, evs); err != nil {
			return fmt.Errorf("flush cluster batch: %w", err)
		}
	} else {
		for _, s := range sigs {
			if err := b.Store.PutSignature(ctx, s.Signed, s.BandKeys); err != nil {
				return fmt.Errorf("flush signature: %w", err)
			}
		}
		for _, e := range evs {
			if err := b.Store.PutEvent(ctx, e.Event, e.Keys); err != nil {
				return fmt.Errorf("flush event: %w", err)
			}
		}
	}
	*b = *NewBatch(b.Store)
	return nil
}
