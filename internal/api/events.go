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
	writeJSON(w, http.StatusOK, e)
}

func (h *Handler) getStory(w http.ResponseWriter, r *http.Request) {
	s, err := h.Store.Story(r.Context(), r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s)
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
	writeJSON(w, http.StatusOK, out)
}
