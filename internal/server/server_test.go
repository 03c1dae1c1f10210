package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
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

// TestPanicIsProblem: a handler that panics answers 500 as problem
// details, is logged with its route and counted as a 500; the server goes
// on serving.
func TestPanicIsProblem(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/boom/{id}", func(w http.ResponseWriter, r *http.Request) {
		var s []int
		_ = s[len(r.PathValue("id"))] // index out of range
	})
	mux.HandleFunc("GET /api/v1/half", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"partial":`))
		http.NewResponseController(w).Flush()
		panic("after the header")
	})
	mux.HandleFunc("GET /api/v1/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	m := &metrics.HTTP{}
	var logs bytes.Buffer
	s := &Server{Addr: "127.0.0.1:0", Handler: mux, Metrics: m, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()

	resp, err := http.Get(s.URL() + "/api/v1/boom/7")
	if err != nil {
		t.Fatalf("a panicking handler dropped the connection: %v", err)
	}
	var prob struct {
		Type, Title, Detail, Instance string
		Status                        int
	}
	json.NewDecoder(resp.Body).Decode(&prob)
	resp.Body.Close()
	if resp.StatusCode != 500 || resp.Header.Get("Content-Type") != "application/problem+json" || prob.Status != 500 ||
		prob.Instance != "/api/v1/boom/7" {
		t.Errorf("panic answered %d %q %+v, want a 500 problem", resp.StatusCode, resp.Header.Get("Content-Type"), prob)
	}
	if resp, err := http.Get(s.URL() + "/api/v1/half"); err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("a panic after the header went out must cut the body short")
		}
	}
	if resp, err := http.Get(s.URL() + "/api/v1/ok"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("serving after panics: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `route=/api/v1/boom/{id}`) || !strings.Contains(logs.String(), "index out of range") {
		t.Errorf("the panic was not logged with its route:\n%s", logs.String())
	}
	var buf bytes.Buffer
	w := metrics.NewWriter(&buf)
	m.Write(w)
	w.Flush()
	samples, err := metrics.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	byStatus := map[string]float64{}
	for _, s := range samples {
		if s.Name == "warta_http_requests_total" {
			byStatus[s.Labels["route"]+" "+s.Labels["status"]] += s.Value
		}
	}
	if byStatus["/api/v1/boom/{id} 500"] != 1 || byStatus["/api/v1/half 500"] != 1 || byStatus["/api/v1/ok 200"] != 1 {
		t.Fatalf("requests by route and status = %v", byStatus)
	}
}

// TestBoundedQueue: past MaxInFlight requests at once and MaxQueue
// waiting, a request is answered 503 with Retry-After instead of waiting
// without end; /healthz still answers.
func TestBoundedQueue(t *testing.T) {
	hold := make(chan struct{})
	entered := make(chan struct{}, 4)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-hold
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	s := &Server{Addr: "127.0.0.1:0", Handler: mux, MaxInFlight: 1, MaxQueue: 1, QueueWait: time.Hour,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	status := make(chan int, 2)
	get := func() {
		resp, err := http.Get(s.URL() + "/slow")
		if err != nil {
			status <- 0
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}
	go get()
	<-entered // the one slot is taken
	go get()  // waits in the queue
	for s.waiting.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	resp, err := http.Get(s.URL() + "/slow") // queue full
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("past the queue: %d %v, want 503 with Retry-After", resp.StatusCode, resp.Header)
	}
	if resp, err := http.Get(s.URL() + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz while full: %v", err)
	}
	close(hold)
	for range 2 {
		if st := <-status; st != 200 {
			t.Errorf("held and queued requests: %d, want 200", st)
		}
	}
	cancel()
	<-done
}
