package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/warta-news/warta/internal/metrics"
)

// TestMiddlewareCounts serves a mux mounted inside another, as warta
// serve does: requests are counted by the inner pattern, a stream can lift
// its deadline and flush through the middleware, and an aborted stream is
// counted too.
func TestMiddlewareCounts(t *testing.T) {
	inner := http.NewServeMux()
	inner.HandleFunc("GET /api/v1/things/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("thing"))
	})
	inner.HandleFunc("GET /api/v1/stream", func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Time{}); err != nil {
			t.Errorf("SetWriteDeadline through the middleware: %v", err)
		}
		w.Write([]byte("part"))
		if err := rc.Flush(); err != nil {
			t.Errorf("Flush through the middleware: %v", err)
		}
		panic(http.ErrAbortHandler)
	})
	outer := http.NewServeMux()
	outer.Handle("/api/", inner)
	m := &metrics.HTTP{}
	s := &Server{Addr: "127.0.0.1:0", Handler: outer, Metrics: m, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	for _, p := range []string{"/api/v1/things/1", "/api/v1/things/2", "/api/v1/stream"} {
		resp, err := http.Get(s.URL() + p)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := metrics.NewWriter(&buf)
	m.Write(w)
	w.Flush()
	samples, err := metrics.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]float64{}
	for _, s := range samples {
		if s.Name == "warta_http_requests_total" {
			counts[s.Labels["route"]] += s.Value
		}
	}
	if counts["/api/v1/things/{id}"] != 2 || counts["/api/v1/stream"] != 1 {
		t.Fatalf("counts by route = %v", counts)
	}
}
