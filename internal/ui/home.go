package ui

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"github.com/warta-news/warta"
)

// recentEvents is how many events the home and timeline pages show before
// anything is asked.
const recentEvents = 30

// recentArticles bounds how many of the newest articles are read to find
// the latest events and quotes: enough for recentEvents events when most
// articles tell one, without reading the archive on every page view.
const recentArticles = 200

type homeData struct {
	Events []eventView
}

// homeOrSearch serves the search page when a query or filter is given,
// else the home page: the latest events, newest first, so a reader starts
// from what happened rather than from an empty box.
func (h *Handler) homeOrSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	for _, k := range []string{"q", "outlet", "lang", "from", "to", "entity", "type", "offset"} {
		if v.Has(k) {
			h.searchPage(w, r)
			return
		}
	}
	evs, err := h.latestEvents(r.Context(), recentEvents)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var d homeData
	for _, e := range evs {
		d.Events = append(d.Events, viewEvent(e))
	}
	sort.SliceStable(d.Events, func(i, j int) bool { return d.Events[i].Latest > d.Events[j].Latest })
	h.render(w, r, 200, "home", t(lang(w, r), "home"), d)
}

// latestEvents returns up to n events that the newest articles tell as
// their main news, newest report first.
func (h *Handler) latestEvents(ctx context.Context, n int) ([]*warta.EventRecord, error) {
	res, err := h.Store.SearchArticles(ctx, warta.SearchQuery{Limit: recentArticles})
	if err != nil {
		return nil, fmt.Errorf("newest articles: %w", err)
	}
	var out []*warta.EventRecord
	seen := map[string]bool{}
	for _, hit := range res.Hits {
		for _, e := range hit.Article.Events {
			if !e.Main || e.ID == "" || seen[e.ID] {
				continue
			}
			seen[e.ID] = true
			rec, err := h.Store.Event(ctx, e.ID)
			if warta.ErrorCode(err) == warta.ENOTFOUND {
				continue // reclustered since the article was stored
			} else if err != nil {
				return nil, fmt.Errorf("event %s: %w", e.ID, err)
			}
			out = append(out, rec)
			if len(out) == n {
				return out, nil
			}
		}
	}
	return out, nil
}

// recentQuotes returns up to n quotes from the newest articles.
func (h *Handler) recentQuotes(ctx context.Context, n int) ([]quoteView, error) {
	res, err := h.Store.SearchArticles(ctx, warta.SearchQuery{Limit: recentArticles})
	if err != nil {
		return nil, fmt.Errorf("newest articles: %w", err)
	}
	var out []quoteView
	for _, hit := range res.Hits {
		a := hit.Article
		for _, q := range a.Quotes {
			if q.Speaker == nil {
				continue // "who said it" is the point of the page
			}
			out = append(out, quoteView{Quote: q, ArticleID: a.ID, Outlet: a.Outlet, Title: a.Headline(), Published: a.Published})
			if len(out) == n {
				return out, nil
			}
		}
	}
	return out, nil
}
