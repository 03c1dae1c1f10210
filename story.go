package warta

import (
	"context"
	"encoding/json"
)

// EventRecord is one real-world event: the reports of it from every
// outlet, merged. Reports come from Article.Events; an article can report
// several events, and one event is reported by many articles.
type EventRecord struct {
	ID      string `json:"id"`
	StoryID string `json:"story_id"`
	// Title names the happening in a line: the headline of its first
	// report that tells it as its main news.
	Title  string `json:"title,omitempty"`
	Type   string `json:"type"`
	Mode   string `json:"mode,omitempty"`
	Status string `json:"status,omitempty"`
	Date   string `json:"date,omitempty"` // normalized; "" when undated
	// DateGuessed: no report gives the date in words (Event.DateGuessed).
	DateGuessed bool     `json:"date_guessed,omitempty"`
	Place       string   `json:"place,omitempty"`
	Actors      []string `json:"actors"`
	ActorIDs    []string `json:"actor_ids"`
	Topics      []string `json:"topics,omitempty"`
	Reports     []Report `json:"reports"`
	// Centroid is the event model's summary of the reports that tell the
	// event as their main news, which a new report is compared with. It
	// is internal to clustering (internal/cluster reads and writes it) and
	// left out of what the API serves.
	Centroid json.RawMessage `json:"centroid,omitempty"`
}

// Public is a copy of e without what only clustering reads (the
// centroid): what the API and exports serve.
func (e *EventRecord) Public() *EventRecord {
	c := *e
	c.Centroid = nil
	return &c
}

// Public is a copy of s whose events are Public.
func (s *Story) Public() *Story {
	c := *s
	c.Events = make([]*EventRecord, len(s.Events))
	for i, e := range s.Events {
		c.Events[i] = e.Public()
	}
	return &c
}

// Report is one article's telling of an event.
type Report struct {
	ArticleID string `json:"article_id"`
	// Index is the position of the event in the article's Events.
	Index       int    `json:"index"`
	Outlet      string `json:"outlet,omitempty"`
	Title       string `json:"title,omitempty"`
	Published   string `json:"published,omitempty"`
	Sentence    string `json:"sentence,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Main is true when the event is the article's main news, false when
	// the article only mentions it.
	Main bool `json:"main,omitempty"`
}

// Story is a set of events that belong together: a state visit, or one
// thread between the same actors.
type Story struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// From and To are the first and last dates of its dated events.
	From   string         `json:"from,omitempty"`
	To     string         `json:"to,omitempty"`
	Events []*EventRecord `json:"events"`
}

// Describe sets the story's title — its first titled event's headline (the
// report that opened it), else who acted — and the first and last dates of
// its dated events. A reader follows "Revisi UU KPK Disahkan DPR", not
// "LEGISLATE (2019-09-17)". Events must be in date order.
func (s *Story) Describe() {
	s.Title, s.From, s.To = "", "", ""
	for _, e := range s.Events {
		if s.Title == "" && e.Title != "" {
			s.Title = e.Title
		}
		if e.Date == "" {
			continue
		}
		if s.From == "" || e.Date < s.From {
			s.From = e.Date
		}
		if e.Date > s.To {
			s.To = e.Date
		}
	}
	if s.Title == "" && len(s.Events) > 0 {
		e := s.Events[0]
		for i, a := range e.Actors {
			if i > 0 {
				s.Title += ", "
			}
			s.Title += a
		}
		if s.Title == "" {
			s.Title = e.Type
		}
	}
}

// Signed is a stored article's near-duplicate signature.
type Signed struct {
	ArticleID   string
	Signature   []byte
	Published   string
	DuplicateOf string
}

// ClusterStore keeps what incremental clustering needs: LSH band keys and
// signatures for near-duplicates, and events indexed by key so a new
// report finds its candidates without scanning everything.
type ClusterStore interface {
	// NearDuplicates returns the stored articles sharing any band key.
	NearDuplicates(ctx context.Context, bandKeys []uint64) ([]Signed, error)
	// PutSignature stores an article's signature and band keys and its
	// duplicate link ("" when it is an original).
	PutSignature(ctx context.Context, s Signed, bandKeys []uint64) error
	// EventCandidates returns the events indexed under any of keys.
	EventCandidates(ctx context.Context, keys []string) ([]*EventRecord, error)
	// PutEvent inserts or replaces an event and indexes it under keys.
	PutEvent(ctx context.Context, e *EventRecord, keys []string) error
	// Event returns one event with its reports, or ENOTFOUND.
	Event(ctx context.Context, id string) (*EventRecord, error)
	// Story returns a story with its events in date order, or ENOTFOUND.
	Story(ctx context.Context, id string) (*Story, error)
	// Timeline returns the events whose actors include entity (and with,
	// when not empty), oldest first.
	Timeline(ctx context.Context, entity, with string) ([]*EventRecord, error)
}

// SignedKeys is a signature with the band keys to index it under.
type SignedKeys struct {
	Signed
	BandKeys []uint64
}

// EventKeys is an event with the keys to index it under.
type EventKeys struct {
	Event *EventRecord
	Keys  []string
}

// ClusterBatcher is implemented by stores that can write a batch of
// clustering results in one transaction; clustering a batch of thousands
// of articles one small transaction at a time costs more than the rest of
// the pipeline.
type ClusterBatcher interface {
	// PutClusterBatch stores signatures and events as PutSignature and
	// PutEvent would, all or nothing.
	PutClusterBatch(ctx context.Context, sigs []SignedKeys, events []EventKeys) error
}
