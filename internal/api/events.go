package api

import (
	"net/http"
	"strings"

	"github.com/warta-news/warta"
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
	evs, err := h.query().Timeline(r.Context(), v.Get("entity"), v.Get("with"))
	if err != nil {
		h.error(w, r, err)
		return
	}
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
		Events     []*warta.EventRecord `json:"events"`
		NextCursor string               `json:"next_cursor,omitempty"`
	}{}
	out.Events, out.NextCursor = page(evs, off, limit, "t")
	for i, e := range out.Events {
		out.Events[i] = e.Public()
	}
	writeJSON(w, http.StatusOK, out)
}
