package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest"
)

// IngestRequest is a body to store and analyze.
type IngestRequest struct {
	// Source names the documents ("api", or "api:3" for a JSONL line).
	Source string
	// Format is an ingest.Read format: text, html, jsonl, json, warc, or
	// "" to sniff the bytes.
	Format string
	Body   io.Reader
	// Force analyzes documents again even when already stored.
	Force bool
}

// IngestResult is what an ingest stored.
type IngestResult struct {
	// Read counts the documents read, New those not stored before.
	Read     int             `json:"read"`
	New      int             `json:"new"`
	Articles []IngestedItem  `json:"articles"`
	Problems []warta.Problem `json:"problems"`
}

// IngestedItem is one article an ingest stored.
type IngestedItem struct {
	ID        string `json:"id"`
	Title     string `json:"title,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Published string `json:"published,omitempty"`
	URL       string `json:"url,omitempty"`
}

// ReprocessResult is what a reprocess did.
type ReprocessResult struct {
	Documents int `json:"documents"`
	Problems  int `json:"problems"`
}

// ingest stores the body through the same readers and pipeline as `warta
// ingest`. The Content-Type chooses the reader; problems come back with
// what was stored, and are stored too.
func (h *Handler) ingest(w http.ResponseWriter, r *http.Request) {
	if h.Ingest == nil {
		writeProblem(w, r, http.StatusNotImplemented, "unavailable", "this server does not ingest over HTTP")
		return
	}
	limit := h.MaxIngestBytes
	if limit <= 0 {
		limit = 64 << 20
	}
	v := r.URL.Query()
	source := v.Get("source")
	if source == "" {
		source = "api"
	}
	force, _ := strconv.ParseBool(v.Get("force"))
	format := ingest.FormatOf(r.Header.Get("Content-Type"))
	if f := v.Get("format"); f != "" {
		format = f
	}
	switch format {
	case "", "text", "html", "jsonl", "json", "warc":
	default:
		h.error(w, r, warta.Errorf(warta.EINVALID, "format %q: want text, html, jsonl, json or warc", format))
		return
	}
	// The whole body is read before any lock is taken or anything is
	// stored: a slow client holds nobody up, and a body over the cap is
	// refused whole.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeProblem(w, r, http.StatusRequestEntityTooLarge, "too_large",
			fmt.Sprintf("the body is over %d bytes; nothing was stored; send less at a time, or use warta ingest", limit))
		return
	} else if err != nil {
		writeProblem(w, r, http.StatusBadRequest, "bad_body", "reading the body: "+err.Error())
		return
	}
	// Analyzing a large body can take longer than the server's write
	// timeout; the answer must still reach the client (it would otherwise
	// see a dropped connection for work that was done).
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	res, err := h.Ingest(r.Context(), IngestRequest{Source: source, Format: format, Body: bytes.NewReader(body), Force: force})
	if err != nil {
		h.error(w, r, err)
		return
	}
	if res.Articles == nil {
		res.Articles = []IngestedItem{}
	}
	if res.Problems == nil {
		res.Problems = []warta.Problem{}
	}
	writeJSON(w, http.StatusOK, res)
}

func (h *Handler) deleteArticle(w http.ResponseWriter, r *http.Request) {
	if err := h.Store.DeleteArticle(r.Context(), r.PathValue("id")); err != nil {
		h.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// reprocessJob is the one reprocess a server runs at a time.
type reprocessJob struct {
	mu     sync.Mutex
	status ReprocessStatus
}

// ReprocessStatus describes the running or last reprocess.
type ReprocessStatus struct {
	Running    bool      `json:"running"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Documents  int       `json:"documents"`
	Problems   int       `json:"problems"`
	Error      string    `json:"error,omitempty"`
}

func (h *Handler) reprocessStatus(w http.ResponseWriter, r *http.Request) {
	h.job.mu.Lock()
	st := h.job.status
	h.job.mu.Unlock()
	writeJSON(w, http.StatusOK, st)
}

// startReprocess starts a reprocess in the background and answers 202: a
// large store takes longer than any client should hold a request open.
// GET /api/v1/reprocess reports progress.
func (h *Handler) startReprocess(w http.ResponseWriter, r *http.Request) {
	if h.Reprocess == nil {
		writeProblem(w, r, http.StatusNotImplemented, "unavailable", "this server does not reprocess over HTTP")
		return
	}
	h.job.mu.Lock()
	if h.job.status.Running {
		h.job.mu.Unlock()
		h.error(w, r, warta.Errorf(warta.ECONFLICT, "a reprocess is running since %s", h.job.status.StartedAt.Format(time.RFC3339)))
		return
	}
	h.job.status = ReprocessStatus{Running: true, StartedAt: time.Now().UTC()}
	st := h.job.status
	h.job.mu.Unlock()
	ctx := h.Context
	if ctx == nil {
		ctx = context.Background()
	}
	go func() {
		res, err := h.Reprocess(ctx)
		h.job.mu.Lock()
		defer h.job.mu.Unlock()
		h.job.status.Running = false
		h.job.status.FinishedAt = time.Now().UTC()
		if res != nil {
			h.job.status.Documents, h.job.status.Problems = res.Documents, res.Problems
		}
		if err != nil {
			h.logger().Error("reprocess failed", "error", err)
			h.job.status.Error = warta.ErrorMessage(err)
		}
	}()
	w.Header().Set("Location", "/api/v1/reprocess")
	writeJSON(w, http.StatusAccepted, st)
}
