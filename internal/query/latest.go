package query

import (
	"context"
	"fmt"

	"github.com/warta-news/warta"
)

// latestArticles bounds how many of the newest articles LatestEvents
// reads: enough for a page of events when most articles tell one, and
// the same cost however large the archive grows.
const latestArticles = 200

// LatestEvents returns up to n events that the newest stored articles
// tell as their main news, in the order of their newest report — what
// the home page and the empty timeline page start from. It reads the
// newest articles rather than every event, so it costs the same on a
// store of a thousand events or a million.
func (s *Service) LatestEvents(ctx context.Context, n int) ([]*warta.EventRecord, error) {
	res, err := s.Store.SearchArticles(ctx, warta.SearchQuery{Limit: latestArticles})
	if err != nil {
		return nil, fmt.Errorf("newest articles: %w", err)
	}
	var out []*warta.EventRecord
	seen := map[string]bool{}
	for _, hit := range res.Hits {
		// The article's main event: the one its headline tells.
		var ids []string
		if hit.Article.EventID != "" {
			ids = append(ids, hit.Article.EventID)
		}
		for _, e := range hit.Article.Events {
			if e.Main && e.ID != "" {
				ids = append(ids, e.ID)
			}
		}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			rec, err := s.Store.Event(ctx, id)
			if warta.ErrorCode(err) == warta.ENOTFOUND {
				continue // reclustered since the article was stored
			} else if err != nil {
				return nil, fmt.Errorf("event %s: %w", id, err)
			}
			rec.Centroid = nil // the model's, not the reader's
			out = append(out, rec)
			if len(out) == n {
				return out, nil
			}
		}
	}
	return out, nil
}
