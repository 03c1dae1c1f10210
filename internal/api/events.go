package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/search"
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

// ResolveEntity turns an entity ID or a name into an ID: an ID
// ("per:retno-marsudi") is taken as is, a name is looked up among the
// entities of matching articles (the most mentioned wins).
func ResolveEntity(ctx context.Context, store warta.Store, s *search.Searcher, ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return "", warta.Errorf(warta.EINVALID, "name an entity")
	}
	if strings.Contains(ref, ":") {
		return ref, nil
	}
	es, err := Entities(ctx, store, s, ref, "")
	if err != nil {
		return "", err
	}
	if len(es) == 0 {
		return "", warta.Errorf(warta.ENOTFOUND, "no entity named %q", ref)
	}
	return es[0].ID, nil
}

// Timeline returns the events of entity (and with, when given), oldest
// first, each with its reports.
func Timeline(ctx context.Context, store warta.Store, s *search.Searcher, entity, with string) ([]*warta.EventRecord, error) {
	id, err := ResolveEntity(ctx, store, s, entity)
	if err != nil {
		return nil, err
	}
	wid := ""
	if with != "" {
		if wid, err = ResolveEntity(ctx, store, s, with); err != nil {
			return nil, err
		}
	}
	return store.Timeline(ctx, id, wid)
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
	evs, err := Timeline(r.Context(), h.Store, h.Searcher, v.Get("entity"), v.Get("with"))
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
