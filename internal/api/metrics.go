package api

import (
	"net/http"
	"runtime"

	"github.com/warta-news/warta/internal/metrics"
)

func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := h.Store.CountDocuments(r.Context()); err != nil {
		h.logger().Error("health check failed", "error", err)
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// metrics writes the Prometheus text format: store counts, the ingest
// queue, and the HTTP counters the server middleware keeps.
func (h *Handler) metrics(w http.ResponseWriter, r *http.Request) {
	st, err := h.Store.Stats(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", metrics.ContentType)
	mw := metrics.NewWriter(w)
	mw.Gauge("warta_documents", "Raw documents stored.", float64(st.Documents))
	mw.Gauge("warta_articles", "Articles extracted from stored documents.", float64(st.Articles))
	mw.Gauge("warta_problems", "Problems recorded while reading and analyzing input.", float64(st.Problems))
	mw.Gauge("warta_events", "Events (merged reports of one happening).", float64(st.Events))
	mw.Gauge("warta_stories", "Stories (events that belong together).", float64(st.Stories))
	var queued int64
	if h.IngestQueue != nil {
		queued = h.IngestQueue.Value()
	}
	mw.Gauge("warta_ingest_queue", "Documents read by a running ingest and not yet analyzed and stored.", float64(queued))
	mw.Gauge("warta_goroutines", "Goroutines in the server process.", float64(runtime.NumGoroutine()))
	if h.HTTP != nil {
		h.HTTP.Write(mw)
	}
	if err := mw.Flush(); err != nil {
		h.logger().Debug("write metrics", "error", err)
	}
}
