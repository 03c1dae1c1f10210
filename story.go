package warta

import "context"

// EventRecord is one real-world event: the reports of it from every
// outlet, merged. Reports come from Article.Events; an article can report
// several events, and one event is reported by many articles.
type EventRecord struct {
	ID      string `json:"id"`
	StoryID string `json:"story_id"`
	Type    string `json:"type"`
	Mode    string `json:"mode,omitempty"`
	Status  string `json:"status,omitempty"`
	Date    string `json:"date,omitempty"` // normalized; "" when undated
	// DateGuessed: no report gives the date in words (Event.DateGuessed).
	DateGuessed bool     `json:"date_guessed,omitempty"`
	Place       string   `json:"place,omitempty"`
	Actors      []string `json:"actors"`
	ActorIDs    []string `json:"actor_ids"`
	Topics      []string `json:"topics,omitempty"`
	Reports     []Report `json:"reports"`
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
}

// Story is a set of events that belong together: a state visit, or one
// thread between the same actors.
type Story struct {
	ID     string         `json:"id"`
	Title  string         `json:"title"`
	Events []*EventRecord `json:"events"`
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
