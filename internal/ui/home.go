package ui

import (
	"context"
	"net/http"
	"sort"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/query"
)

// recentEvents is how many events the home and timeline pages show before
// anything is asked.
const recentEvents = 30

// recentArticles bounds how many of the newest articles are read for the
// latest quotes, without reading the archive on every page view.
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

// latestEvents returns up to n events the newest articles tell as their
// main news (query.Service.LatestEvents).
func (h *Handler) latestEvents(ctx context.Context, n int) ([]*warta.EventRecord, error) {
	return h.Query.LatestEvents(ctx, n)
}

// recentQuotes returns up to n quotes with a speaker from the newest
// articles: "who said it" is the point of the page.
func (h *Handler) recentQuotes(ctx context.Context, n int) ([]quoteView, error) {
	pg, err := h.Query.Quotes(ctx, query.QuotesRequest{Limit: 4 * n, MaxArticles: recentArticles})
	if err != nil {
		return nil, err
	}
	var out []quoteView
	for _, qt := range pg.Quotes {
		if qt.Speaker == nil {
			continue
		}
		out = append(out, quoteView{Quote: qt.Quote, ArticleID: qt.ArticleID, Outlet: qt.Outlet, Title: qt.Title, Published: qt.Published})
		if len(out) == n {
			break
		}
	}
	return out, nil
}
