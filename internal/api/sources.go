package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/crawl"
)

// sources checks that the caller may use the sources API (the shared
// token check: with no token configured it is off, as every endpoint that
// changes data) and that live sources are available; on false the
// response is written.
func (h *Handler) sources(w http.ResponseWriter, r *http.Request) bool {
	if c := checkToken(h.Token, r); c != tokenOK {
		refuseToken(w, r, c)
		return false
	}
	if h.Crawler == nil {
		h.error(w, r, warta.Errorf(warta.ENOTFOUND, "live sources are not available here"))
		return false
	}
	return true
}

// listSources answers GET /api/v1/sources: every source with its state
// (new, polling, ok, failing), last result and next poll, and the
// crawler's metrics.
func (h *Handler) listSources(w http.ResponseWriter, r *http.Request) {
	if !h.sources(w, r) {
		return
	}
	states, metrics, err := h.Crawler.Status(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": states, "metrics": metrics})
}

// addSourceRequest is the body of POST /api/v1/sources.
type addSourceRequest struct {
	URL      string `json:"url"`
	Every    string `json:"every,omitempty"` // "10m"
	Outlet   string `json:"outlet,omitempty"`
	Kind     string `json:"kind,omitempty"` // feed, sitemap, page; empty: find out
	Discover bool   `json:"discover,omitempty"`
}

// addSource answers POST /api/v1/sources with the sources added (201).
func (h *Handler) addSource(w http.ResponseWriter, r *http.Request) {
	if !h.sources(w, r) {
		return
	}
	var req addSourceRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		h.error(w, r, warta.Errorf(warta.EINVALID, "body: want JSON like {\"url\": \"https://...\", \"every\": \"10m\"}: %v", err))
		return
	}
	var every time.Duration
	if req.Every != "" {
		d, err := time.ParseDuration(req.Every)
		if err != nil {
			h.error(w, r, warta.Errorf(warta.EINVALID, "every: want a duration like 10m, got %q", req.Every))
			return
		}
		every = d
	}
	added, probs, err := h.Crawler.Add(r.Context(), crawl.AddOptions{URL: req.URL, Outlet: req.Outlet, Every: every,
		Kind: warta.SourceKind(req.Kind), Discover: req.Discover})
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := []crawl.SourceState{}
	for _, s := range added {
		out = append(out, crawl.SourceState{Source: s, State: "new"})
	}
	if probs == nil {
		probs = []warta.Problem{}
	}
	status := http.StatusCreated
	if len(added) == 0 {
		status = http.StatusOK
	}
	writeJSON(w, status, map[string]any{"sources": out, "skipped": probs})
}

// removeSource answers DELETE /api/v1/sources/{id} with 204.
func (h *Handler) removeSource(w http.ResponseWriter, r *http.Request) {
	if !h.sources(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.error(w, r, warta.Errorf(warta.EINVALID, "source id %q: want a positive number", r.PathValue("id")))
		return
	}
	if err := h.Crawler.Remove(r.Context(), id, ""); err != nil {
		h.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
