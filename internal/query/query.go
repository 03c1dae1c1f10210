package query

import (
	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/search"
)

// Service answers queries over one store. Build it with New; it holds no
// state of its own beyond its dependencies and is safe for concurrent use.
type Service struct {
	Store    warta.Store
	Searcher *search.Searcher
}

// New returns a Service over store, parsing words with s.
func New(store warta.Store, s *search.Searcher) *Service {
	return &Service{Store: store, Searcher: s}
}
