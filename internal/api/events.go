package api

import (
	"net/http"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/query"
)

func (h *Handler) getEvent(w http.ResponseWriter, r *http.Request) {
	e, err := h.Store.Event(r.Context(), r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e.Public())
}

func (h *Handler) getStory(w http.ResponseWriter, r *http.Request) {
	s, err := h.Store.Story(r.Context(), r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.Public())
}

// timeline pages the events of an entity; type= keeps events of the
// given PLOVER types.
func (h *Handler) timeline(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	limit, err := limitParam(r, 100, 500)
	if err != nil {
		h.error(w, r, err)
		return
	}
	off, err := offsetCursor(r, "t")
	if err != nil {
		h.error(w, r, err)
		return
	}
	tl, err := h.query().Timeline(r.Context(), v.Get("entity"), v.Get("with"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	evs := tl.Events
	if types := listValues(r, "type"); len(types) > 0 {
		kept := evs[:0]
		for _, e := range evs {
			for _, t := range types {
				if strings.EqualFold(e.Type, t) {
					kept = append(kept, e)
					break
				}
			}
		}
		evs = kept
	}
	out := struct {
		Entity     *query.Resolution    `json:"entity"`
		With       *query.Resolution    `json:"with,omitempty"`
		Events     []*warta.EventRecord `json:"events"`
		NextCursor string               `json:"next_cursor,omitempty"`
	}{Entity: tl.Entity, With: tl.With}
	out.Events, out.NextCursor = page(evs, off, limit, "t")
	for i, e := range out.Events {
		out.Events[i] = e.Public()
	}
	writeJSON(w, http.StatusOK, out)
}

// listFilter reads the filters the event and story lists share.
func listFilter(r *http.Request) query.ListFilter {
	v := r.URL.Query()
	f := query.ListFilter{From: v.Get("from"), To: v.Get("to"), Entity: v.Get("entity"), Outlet: v.Get("outlet")}
	for _, t := range listValues(r, "type") {
		f.Types = append(f.Types, strings.ToUpper(t))
	}
	return f
}

// listEvents pages the events, newest first, filtered by date range,
// entity (any name), type and outlet.
func (h *Handler) listEvents(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 20, 200)
	if err != nil {
		h.error(w, r, err)
		return
	}
	off, err := offsetCursor(r, "v")
	if err != nil {
		h.error(w, r, err)
		return
	}
	out, err := h.query().Events(r.Context(), listFilter(r), off, limit)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		*query.EventList
		NextCursor string `json:"next_cursor,omitempty"`
	}{out, nextOffset("v", off, len(out.Events), out.Total)})
}

// listStories pages the stories, latest first, that have an event
// matching the filters.
func (h *Handler) listStories(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 20, 200)
	if err != nil {
		h.error(w, r, err)
		return
	}
	off, err := offsetCursor(r, "s")
	if err != nil {
		h.error(w, r, err)
		return
	}
	out, err := h.query().Stories(r.Context(), listFilter(r), off, limit)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		*query.StoryList
		NextCursor string `json:"next_cursor,omitempty"`
	}{out, nextOffset("s", off, len(out.Stories), out.Total)})
}

// nextOffset is the cursor of the page after one of n items from off, ""
// at the end.
func nextOffset(kind string, off, n, total int) string {
	if n == 0 || off+n >= total {
		return ""
	}
	return encodeCursor(kind, int64(off+n))
}
