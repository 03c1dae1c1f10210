package api

import (
	"net/http"

	"github.com/warta-news/warta/internal/query"
)

func (h *Handler) listEntities(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 50, 200)
	if err != nil {
		h.error(w, r, err)
		return
	}
	off, err := offsetCursor(r, "e")
	if err != nil {
		h.error(w, r, err)
		return
	}
	all, res, err := h.query().Entities(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := struct {
		Entities   []*query.EntitySummary `json:"entities"`
		Resolved   *query.Resolution      `json:"resolved,omitempty"`
		NextCursor string                 `json:"next_cursor,omitempty"`
	}{Resolved: res}
	out.Entities, out.NextCursor = page(all, off, limit, "e")
	query.WithOffices(out.Entities, h.Offices)
	writeJSON(w, http.StatusOK, out)
}

// getEntity summarizes the entity {id} means: an ID, or any name the
// resolver knows ("jokowi"), with how it was read.
func (h *Handler) getEntity(w http.ResponseWriter, r *http.Request) {
	sm, res, err := h.query().Entity(r.Context(), r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	query.WithOffices([]*query.EntitySummary{sm}, h.Offices)
	writeJSON(w, http.StatusOK, struct {
		*query.EntitySummary
		Resolved *query.Resolution `json:"resolved"`
	}{sm, res})
}
