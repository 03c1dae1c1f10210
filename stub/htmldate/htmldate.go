package htmldate

import (
	"errors"
	"time"

	"golang.org/x/net/html"
)

// Options holds the settings go-trafilatura passes; none has an effect.
type Options struct {
	UseOriginalDate     bool
	SkipExtensiveSearch bool
	URL                 string
}

// Result is a date found in a page; here it is always empty.
type Result struct {
	DateTime time.Time
	HasTime  bool
}

// IsZero reports whether no date was found, which is always the case.
func (r Result) IsZero() bool { return r.DateTime.IsZero() }

// ErrNotLinked is what FromDocument returns: date search is not built in.
var ErrNotLinked = errors.New("htmldate: date search is not linked into this program")

// FromDocument returns an empty Result and ErrNotLinked.
func FromDocument(doc *html.Node, opts Options) (Result, error) {
	return Result{}, ErrNotLinked
}
