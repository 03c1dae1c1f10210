package warta

import (
	"context"
	"time"
)

// SourceKind says what a source URL serves.
type SourceKind string

// Source kinds.
const (
	SourceFeed    SourceKind = "feed"    // RSS or Atom
	SourceSitemap SourceKind = "sitemap" // news sitemap or sitemap index
	SourcePage    SourceKind = "page"    // a single article page
)

// Source is a place warta polls for new articles.
type Source struct {
	ID     int64         `json:"id"`
	URL    string        `json:"url"`
	Kind   SourceKind    `json:"kind"`
	Outlet string        `json:"outlet,omitempty"`
	Every  time.Duration `json:"every"`
	// Conditional-GET state from the last successful fetch.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// LastFetched, LastResult ("new 3", "not modified", "error: ...") and
	// Failures (consecutive) describe the last poll; NextAt is when the
	// scheduler polls again (backing off while it fails).
	LastFetched time.Time `json:"last_fetched,omitzero"`
	LastResult  string    `json:"last_result,omitempty"`
	Failures    int       `json:"failures"`
	NextAt      time.Time `json:"next_at,omitzero"`
	AddedAt     time.Time `json:"added_at,omitzero"`
}

// Validate reports whether s can be stored: it needs a URL, a known kind
// and a poll interval (EINVALID otherwise).
func (s *Source) Validate() error {
	switch {
	case s.URL == "":
		return Errorf(EINVALID, "source has no URL")
	case s.Kind != SourceFeed && s.Kind != SourceSitemap && s.Kind != SourcePage:
		return Errorf(EINVALID, "source %s has unknown kind %q", s.URL, s.Kind)
	case s.Every <= 0:
		return Errorf(EINVALID, "source %s has no poll interval", s.URL)
	}
	return nil
}

// SourceStore keeps sources and the canonical URLs already fetched, so a
// restart resumes where it stopped and nothing is fetched twice.
type SourceStore interface {
	// AddSource stores s and sets its ID; ECONFLICT if the URL exists.
	AddSource(ctx context.Context, s *Source) error
	// Sources lists all sources by ID.
	Sources(ctx context.Context) ([]*Source, error)
	// UpdateSource saves the poll state of s; ENOTFOUND if it is gone.
	UpdateSource(ctx context.Context, s *Source) error
	// RemoveSource deletes a source; ENOTFOUND if it does not exist.
	RemoveSource(ctx context.Context, id int64) error
	// SeenURL reports whether a canonical article URL was fetched before.
	SeenURL(ctx context.Context, url string) (bool, error)
	// MarkURL records a canonical article URL as fetched into document docID.
	MarkURL(ctx context.Context, url, docID string) error
}
