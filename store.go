package warta

import (
	"context"
	"time"
)

// DocumentStore keeps raw documents, content-addressed.
type DocumentStore interface {
	// PutDocument stores d unless a document with the same ID exists.
	// It reports whether d was new; storing the same bytes twice is a no-op.
	// It returns EINVALID when d fails Validate.
	PutDocument(ctx context.Context, d *Document) (created bool, err error)
	// PutDocuments stores a batch in one transaction and reports for each
	// document whether it was new.
	PutDocuments(ctx context.Context, ds []*Document) (created []bool, err error)
	// Document returns the document with the given ID including Raw, or
	// ENOTFOUND.
	Document(ctx context.Context, id string) (*Document, error)
	// EachDocument calls fn for every stored document in ingest order,
	// stopping at the first error fn returns.
	EachDocument(ctx context.Context, fn func(*Document) error) error
	// CountDocuments returns how many documents are stored.
	CountDocuments(ctx context.Context) (int, error)
}

// ArticleStore keeps the derived articles and their search index.
type ArticleStore interface {
	// PutArticle inserts or replaces the article for a.ID and re-indexes it
	// for search. Its document must exist (ENOTFOUND otherwise).
	PutArticle(ctx context.Context, a *Article) error
	// PutArticles stores a batch of articles in one transaction.
	PutArticles(ctx context.Context, as []*Article) error
	// Article returns the article with the given ID, or ENOTFOUND.
	Article(ctx context.Context, id string) (*Article, error)
	// SearchArticles runs q and returns one page of hits, best first.
	// A query with no terms lists articles newest first. Bad queries are
	// EINVALID.
	SearchArticles(ctx context.Context, q SearchQuery) (*SearchResult, error)
	// LineCounts returns, for each line hash, on how many recorded pages of
	// the outlet it occurred (hashes absent from the result occur on none),
	// and how many pages of the outlet were recorded. The cleaner uses it to
	// spot sidebars that repeat across pages.
	LineCounts(ctx context.Context, outlet string, hashes []uint64) (counts map[uint64]int, pages int, err error)
	// AddLines records pages more pages of outlet and, per line hash, on how
	// many of those pages the line occurred. The pipeline calls it once per
	// outlet and batch, never twice for the same document.
	AddLines(ctx context.Context, outlet string, counts map[uint64]int, pages int) error
	// DeleteDerived removes all articles and derived data, keeping
	// documents, so that reprocess can rebuild them.
	DeleteDerived(ctx context.Context) error
	// EachArticle calls fn for every article matching q's terms and
	// filters, in the order they were stored, stopping at the first error
	// fn returns. Limit and Offset are ignored: exports and alerts read
	// everything that matches without holding it in memory.
	EachArticle(ctx context.Context, q SearchQuery, fn func(*Article) error) error
	// DeleteArticle removes a document and everything derived from it: the
	// article, its index entry, its near-duplicate signature, its reports
	// in events (an event left without reports goes too) and its alert
	// matches. It returns ENOTFOUND when no such document exists.
	DeleteArticle(ctx context.Context, id string) error
}

// ProblemStore keeps the problems met while ingesting, for the status page.
type ProblemStore interface {
	// AddProblems records problems; an empty slice is a no-op.
	AddProblems(ctx context.Context, ps []Problem) error
	// Problems returns the most recent problems, newest first, at most limit.
	Problems(ctx context.Context, limit int) ([]Problem, error)
	// ProblemsBefore returns at most limit problems whose ID is below
	// before (0: from the newest), newest first, each with its ID set, so
	// that pages stay put while new problems arrive.
	ProblemsBefore(ctx context.Context, before int64, limit int) ([]Problem, error)
}

// EntityIndex answers questions about one entity from rows the store keeps
// as articles are stored (the read model), so that their cost does not
// grow with the number of articles searched: the entity page no longer
// summarizes the first 200 search hits.
type EntityIndex interface {
	// EntityArticles returns how many articles name entity id and the IDs
	// of at most limit of them from offset, newest published first
	// (undated last). An entity no article names gives 0 and no IDs.
	EntityArticles(ctx context.Context, id string, offset, limit int) (total int, ids []string, err error)
	// CoMentions returns the entities named in the most articles that also
	// name id, most shared articles first (then by ID), at most limit,
	// counted over the newest within articles that name id (all of them
	// when within <= 0): the cost stays bounded for an entity named in
	// hundreds of thousands of articles, and a reader of its page learns
	// who it is named with now.
	CoMentions(ctx context.Context, id string, within, limit int) ([]CoMention, error)
	// SpeakerQuotes returns how many quotes entity id spoke and at most
	// limit of them from offset, newest article first. Quotes whose
	// speaker is written as one of names (without case) count too when
	// they are linked to no entity or only to one articles name ("x:").
	SpeakerQuotes(ctx context.Context, id string, names []string, offset, limit int) (total int, quotes []QuoteAt, err error)
}

// CoMention counts the articles that name two entities.
type CoMention struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// QuoteAt points at one quote: an article and the quote's position in
// its Quotes.
type QuoteAt struct {
	ArticleID string `json:"article_id"`
	Index     int    `json:"index"`
}

// EventFilter narrows ListEvents; every field is optional.
type EventFilter struct {
	// From and To are days ("2019-09-16"), both included; an undated
	// event is outside any range.
	From, To string
	// Types keeps events of any of these types, compared without case.
	Types []string
	// Outlet keeps events an outlet reported: its name, or (without a
	// dot) the part of its name before the first dot, without case.
	Outlet string
}

// EventLister lists events in the store's order, so that a page of the
// newest events does not read every event.
type EventLister interface {
	// ListEvents returns how many events match f and at most limit of
	// them from offset, newest date first, undated last, then by ID.
	ListEvents(ctx context.Context, f EventFilter, offset, limit int) (total int, events []*EventRecord, err error)
	// ListStories returns how many stories have an event matching f and
	// the IDs of at most limit of them from offset, latest first: by the
	// last date of any of their events, stories without dates last, then
	// by ID.
	ListStories(ctx context.Context, f EventFilter, offset, limit int) (total int, ids []string, err error)
}

// Store is everything the pipeline and the server need. It has two
// implementations (SQLite, PostgreSQL) that pass the same conformance suite.
type Store interface {
	DocumentStore
	ArticleStore
	ProblemStore
	ClusterStore
	AlertStore
	EntityIndex
	EventLister
	// EachEvent calls fn for every event, oldest date first and undated
	// events last, stopping at the first error fn returns.
	EachEvent(ctx context.Context, fn func(*EventRecord) error) error
	// Stats returns counts for the status page and /metrics.
	Stats(ctx context.Context) (*Stats, error)
	Close() error
}

// Stats are store-wide counts.
type Stats struct {
	Documents int            `json:"documents"`
	Articles  int            `json:"articles"`
	Problems  int            `json:"problems"`
	Events    int            `json:"events"`
	Stories   int            `json:"stories"`
	Outlets   map[string]int `json:"outlets"`
}

// SearchQuery is a backend-neutral search request. Terms are already
// normalized and stemmed by the search package; each store translates them
// (FTS5 MATCH, tsquery).
type SearchQuery struct {
	// Terms must all match (AND). Each term is a set of alternative stems
	// (OR), so that a query word and its stem both count.
	Terms [][]string
	// Phrases must match as consecutive stems.
	Phrases [][]string
	// Not excludes articles containing any of these stems.
	Not      []string
	Outlet   string
	Language string
	// Entities must all be named in the article: each is an entity ID
	// ("per:retno-marsudi") or a canonical name, compared without case.
	Entities []string
	// EventTypes keeps articles reporting an event of any of these PLOVER
	// types (CONSULT, AGREE, ...).
	EventTypes []string
	From       time.Time // inclusive; zero means unbounded
	To         time.Time // exclusive; zero means unbounded
	Limit      int       // default 20, max 200
	Offset     int
}

// SearchResult is one page of search hits.
type SearchResult struct {
	Total int         `json:"total"`
	Hits  []SearchHit `json:"hits"`
}

// SearchHit is one matching article with its rank (higher is better).
type SearchHit struct {
	Article *Article `json:"article"`
	Score   float64  `json:"score"`
	Snippet string   `json:"snippet,omitempty"`
}

// Batch is everything one pipeline batch writes: its documents and what
// was derived from them. A BatchCommitter stores it in one transaction, so
// that an interrupted run leaves either the whole batch or none of it, and
// running the same input again ends with the store a clean run gives.
type Batch struct {
	// Gen is the store generation the analysis read (see
	// BatchCommitter.Generation); the commit fails with ECONFLICT when
	// another batch committed since, because the analysis may have read
	// line counts and events that are no longer current.
	Gen int64
	// Documents are the batch's documents; New tells which of them the
	// analysis took to be new. A document taken to be new that is stored
	// by the time of the commit is an ECONFLICT too.
	Documents []*Document
	New       []bool
	// Lines are the page-line counts of the batch, per outlet.
	Lines      map[string]LineBatch
	Articles   []*Article
	Signatures []SignedKeys
	Events     []EventKeys
	Problems   []Problem
	// Reprocess marks a batch of a reprocess: the commit records its last
	// document as the point an interrupted reprocess resumes after.
	Reprocess bool
}

// LineBatch is one outlet's page-line counts in a Batch.
type LineBatch struct {
	Counts map[uint64]int
	Pages  int
}

// BatchCommitter is a store that commits pipeline batches atomically and
// can resume an interrupted reprocess. The SQLite store implements it;
// the PostgreSQL store gets the same guarantee from its job queue (a
// batch's analysis commits with the job that asked for it).
type BatchCommitter interface {
	// Generation counts the batches committed (and derived data deleted)
	// so far; the pipeline reads it before analyzing a batch.
	Generation(ctx context.Context) (int64, error)
	// LockBatch takes the store's batch lock, held from reading the
	// generation to the commit, so that batches of concurrent runs (other
	// processes included) take turns instead of invalidating each other;
	// it waits until ctx ends. Call the returned func to release it.
	LockBatch(ctx context.Context) (unlock func(), err error)
	// StoredDocuments reports which of ids are stored.
	StoredDocuments(ctx context.Context, ids []string) (map[string]bool, error)
	// CommitBatch stores b in one transaction and returns the new
	// generation. It returns ECONFLICT, and stores nothing, when b.Gen is
	// stale or a document b.New calls new is stored already.
	CommitBatch(ctx context.Context, b *Batch) (gen int64, err error)
	// BeginReprocess starts a reprocess: derived data is deleted and the
	// reprocess recorded as pending, in one transaction. When one is
	// pending already, nothing is deleted and the ID of the last document
	// of its last committed batch is returned ("" when none committed),
	// so that it resumes after that document.
	BeginReprocess(ctx context.Context) (after string, err error)
	// PendingReprocess reports whether a reprocess was begun and not ended.
	PendingReprocess(ctx context.Context) (bool, error)
	// EndReprocess records that the pending reprocess finished.
	EndReprocess(ctx context.Context) error
	// EachDocumentAfter is EachDocument starting after the document with
	// ID after (from the first when after is "").
	EachDocumentAfter(ctx context.Context, after string, fn func(*Document) error) error
}
