package domdistiller

import (
	"errors"
	"net/url"

	"golang.org/x/net/html"
)

// Options holds the settings go-trafilatura passes; none has an effect.
type Options struct {
	OriginalURL    *url.URL
	SkipPagination bool
}

// Result is what a distillation found; here there is never one.
type Result struct {
	Node *html.Node
}

// ErrNotLinked is what Apply returns: the distiller is not built in.
var ErrNotLinked = errors.New("domdistiller: not linked into this program")

// Apply returns no result and ErrNotLinked.
func Apply(doc *html.Node, opts *Options) (*Result, error) {
	return nil, ErrNotLinked
}
