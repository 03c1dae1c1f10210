package api

import (
	"net/http"
	"strings"

	"github.com/warta-news/warta"
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
	all, err := h.query().Entities(r.Context(), r.URL.Query().Get("q"), "")
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := struct {
		Entities   []*query.EntitySummary `json:"entities"`
		NextCursor string                 `json:"next_cursor,omitempty"`
	}{}
	out.Entities, out.NextCursor = page(all, off, limit, "e")
	writeJSON(w, http.StatusOK, out)
}

// getEntity looks an entity up by ID; the words of the ID's slug
// ("per:retno-marsudi") find the articles that name it.
func (h *Handler) getEntity(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	slug := id[strings.LastIndexByte(id, ':')+1:]
	out, err := h.query().Entities(r.Context(), strings.ReplaceAll(slug, "-", " "), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if len(out) == 0 {
		h.error(w, r, warta.Errorf(warta.ENOTFOUND, "entity %s not found", id))
		return
	}
	writeJSON(w, http.StatusOK, out[0])
}
