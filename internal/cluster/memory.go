package cluster

import (
	"context"
	"sort"

	"github.com/warta-news/warta"
)

var _ warta.ClusterStore = (*Memory)(nil)

// Memory is an in-process warta.ClusterStore for `warta analyze`, which
// clusters the documents it is given without touching a database.
type Memory struct {
	bands  map[uint64][]string
	sigs   map[string]warta.Signed
	events map[string]*warta.EventRecord
	keys   map[string][]string
	keyed  map[[2]string]bool // (key, event ID) pairs in keys
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{bands: map[uint64][]string{}, sigs: map[string]warta.Signed{},
		events: map[string]*warta.EventRecord{}, keys: map[string][]string{}, keyed: map[[2]string]bool{}}
}

// NearDuplicates implements warta.ClusterStore.
func (m *Memory) NearDuplicates(_ context.Context, bandKeys []uint64) ([]warta.Signed, error) {
	seen := map[string]bool{}
	var out []warta.Signed
	for _, k := range bandKeys {
		for _, id := range m.bands[k] {
			if !seen[id] {
				seen[id] = true
				out = append(out, m.sigs[id])
			}
		}
	}
	return out, nil
}

// PutSignature implements warta.ClusterStore.
func (m *Memory) PutSignature(_ context.Context, s warta.Signed, bandKeys []uint64) error {
	if _, ok := m.sigs[s.ArticleID]; !ok {
		for _, k := range bandKeys {
			m.bands[k] = append(m.bands[k], s.ArticleID)
		}
	}
	m.sigs[s.ArticleID] = s
	return nil
}

// EventCandidates implements warta.ClusterStore.
func (m *Memory) EventCandidates(_ context.Context, keys []string) ([]*warta.EventRecord, error) {
	seen := map[string]bool{}
	var out []*warta.EventRecord
	for _, k := range keys {
		for _, id := range m.keys[k] {
			if !seen[id] {
				seen[id] = true
				out = append(out, m.events[id])
			}
		}
	}
	return out, nil
}

// PutEvent implements warta.ClusterStore.
func (m *Memory) PutEvent(_ context.Context, e *warta.EventRecord, keys []string) error {
	// A later report can make the date more precise, which adds keys;
	// keys already held are not repeated.
	for _, k := range keys {
		if !m.keyed[[2]string{k, e.ID}] {
			m.keyed[[2]string{k, e.ID}] = true
			m.keys[k] = append(m.keys[k], e.ID)
		}
	}
	m.events[e.ID] = e
	return nil
}

// Event implements warta.ClusterStore.
func (m *Memory) Event(_ context.Context, id string) (*warta.EventRecord, error) {
	if e, ok := m.events[id]; ok {
		return e, nil
	}
	return nil, warta.Errorf(warta.ENOTFOUND, "event %s not found", id)
}

// Story implements warta.ClusterStore.
func (m *Memory) Story(_ context.Context, id string) (*warta.Story, error) {
	s := &warta.Story{ID: id}
	for _, e := range m.events {
		if e.StoryID == id {
			s.Events = append(s.Events, e)
		}
	}
	if len(s.Events) == 0 {
		return nil, warta.Errorf(warta.ENOTFOUND, "story %s not found", id)
	}
	sortEvents(s.Events)
	s.Describe()
	return s, nil
}

// Timeline implements warta.ClusterStore.
func (m *Memory) Timeline(ctx context.Context, entity, with string) ([]*warta.EventRecord, error) {
	evs, _ := m.EventCandidates(ctx, []string{"a:" + entity})
	return FilterTimeline(evs, with), nil
}

// FilterTimeline keeps events that also involve with (when set), sorted
// oldest first with undated events last.
func FilterTimeline(evs []*warta.EventRecord, with string) []*warta.EventRecord {
	var out []*warta.EventRecord
	for _, e := range evs {
		if with == "" || contains(e.ActorIDs, with) {
			out = append(out, e)
		}
	}
	sortEvents(out)
	return out
}

func sortEvents(evs []*warta.EventRecord) {
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i].Date, evs[j].Date
		if (a == "") != (b == "") {
			return b == ""
		}
		if a != b {
			return a < b
		}
		return evs[i].ID < evs[j].ID
	})
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
