package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/export"
)

// export streams an export. The write deadline the server sets for
// ordinary requests is lifted: a large export takes as long as it takes.
// A failure after the first byte cannot become a problem body any more, so
// the connection is cut, and the client sees a broken transfer instead of
// a file that looks complete.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, filtered, err := h.searchQuery(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	req := export.Request{What: v.Get("what"), Format: v.Get("format"), Query: q, Filtered: filtered}
	if s := v.Get("min_weight"); s != "" {
		if req.MinWeight, err = strconv.Atoi(s); err != nil || req.MinWeight < 0 {
			h.error(w, r, warta.Errorf(warta.EINVALID, "min_weight: want a whole number, got %q", s))
			return
		}
	}
	if req.What == "" {
		h.error(w, r, warta.Errorf(warta.EINVALID, "what: want articles, events, gdelt or cooccurrence"))
		return
	}
	if err := req.Check(); err != nil {
		h.error(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		h.logger().Warn("cannot lift the write deadline of an export", "error", err)
	}
	w.Header().Set("Content-Type", req.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+req.FileName()+`"`)
	cw := &export.CountingWriter{W: w}
	if err := export.Write(r.Context(), cw, h.Store, req); err != nil {
		if cw.N == 0 {
			w.Header().Del("Content-Disposition")
			h.error(w, r, err)
			return
		}
		if r.Context().Err() == nil {
			h.logger().Error("export failed midway", "what", req.What, "bytes", cw.N, "error", err)
		}
		panic(http.ErrAbortHandler)
	}
}
