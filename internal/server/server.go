package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/warta-news/warta/internal/metrics"
)

// Server is an HTTP server for a handler.
type Server struct {
	Addr    string
	Handler http.Handler
	Logger  *slog.Logger
	// Metrics, when set, counts requests by method, route pattern and
	// status, with their latency.
	Metrics *metrics.HTTP
	// MaxInFlight bounds the requests handled at once (default 4 per
	// CPU, at least 8); MaxQueue bounds those waiting for a turn (default
	// 64), each for at most QueueWait (default 2 s). A request past both
	// gets 503 with Retry-After at once: a bounded wait instead of every
	// client slowing down together (64 readers once saw p99 10.2 s).
	// /healthz and /metrics skip the queue.
	MaxInFlight, MaxQueue int
	QueueWait             time.Duration

	slots   chan struct{}
	waiting atomic.Int64

	ln  net.Listener
	srv *http.Server
}

// Listen binds the address. It is separate from Serve so callers (tests)
// can learn the port chosen for ":0" before serving.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.Addr, err)
	}
	s.ln = ln
	return nil
}

// URL returns the base URL the server listens on.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Serve serves until ctx ends, then drains in-flight requests for up to ten
// seconds.
func (s *Server) Serve(ctx context.Context) error {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	logger := s.Logger
	if logger == nil {
		logger = slog.Default().With("component", "server")
	}
	inFlight := s.MaxInFlight
	if inFlight <= 0 {
		inFlight = max(8, 4*runtime.GOMAXPROCS(0))
	}
	s.slots = make(chan struct{}, inFlight)
	s.srv = &http.Server{
		Handler:           s.middleware(logger, s.Handler),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
	}
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	logger.Info("serving", "url", s.URL())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool // the header went out: the status can no longer change
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status = code
		w.wrote = code >= 200 // 1xx headers are informational
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection: exports flush
// as they stream and lift the write deadline.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// route is the path part of the pattern that served r. A ServeMux sets
// r.Pattern on the request it is given, and the muxes here pass the same
// request down, so after serving it names the innermost pattern.
func route(r *http.Request) string {
	p := r.Pattern
	if i := strings.IndexByte(p, ' '); i >= 0 {
		p = p[i+1:]
	}
	return p
}

// middleware logs each request and sets headers that make pages and JSON
// safe to show even if something upstream let markup through.
func (s *Server) middleware(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		if r.URL.Path != "/healthz" && r.URL.Path != "/metrics" && s.slots != nil {
			release, ok := s.admit(r.Context())
			if !ok {
				sw.Header().Set("Retry-After", "1")
				writeProblemBody(sw, r, http.StatusServiceUnavailable, "busy",
					"the server has as many requests as it takes at once and waiting; send the request again shortly")
				s.observe(logger, r, sw, start)
				return
			}
			defer release()
		}
		// Deferred so that a handler aborting a stream (panic with
		// http.ErrAbortHandler) is still counted, and so that any other
		// panic becomes a 500 for this request instead of a dropped
		// connection (and a 200 in the metrics): it is logged with the
		// route and stack, as a bug to fix.
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					s.observe(logger, r, sw, start)
					panic(v)
				}
				logger.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "route", route(r),
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.wrote {
					// Part of the answer went out: all that is left is to
					// cut the connection, so the client sees it is incomplete.
					sw.status = http.StatusInternalServerError
					s.observe(logger, r, sw, start)
					panic(http.ErrAbortHandler)
				}
				writeInternal(sw, r)
			}
			s.observe(logger, r, sw, start)
		}()
		next.ServeHTTP(sw, r)
	})
}

// observe counts and logs a finished request.
func (s *Server) observe(logger *slog.Logger, r *http.Request, sw *statusWriter, start time.Time) {
	took := time.Since(start)
	if s.Metrics != nil {
		s.Metrics.Observe(r.Method, route(r), sw.status, took)
	}
	logger.Debug("request", "method", r.Method, "path", r.URL.Path, "route", route(r), "status", sw.status,
		"took_ms", took.Milliseconds())
}

// admit waits for a handling slot, within the queue's bounds. It
// reports false when the queue is full or the wait ran out.
func (s *Server) admit(ctx context.Context) (release func(), ok bool) {
	release = func() { <-s.slots }
	select {
	case s.slots <- struct{}{}:
		return release, true
	default:
	}
	maxQueue := s.MaxQueue
	if maxQueue <= 0 {
		maxQueue = 64
	}
	if s.waiting.Add(1) > int64(maxQueue) {
		s.waiting.Add(-1)
		return nil, false
	}
	defer s.waiting.Add(-1)
	wait := s.QueueWait
	if wait <= 0 {
		wait = 2 * time.Second
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return release, true
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, false
}

// writeInternal answers a request whose handler panicked: a 500 as RFC
// 9457 problem details, in the shape the API uses for every error.
func writeInternal(w *statusWriter, r *http.Request) {
	h := w.Header()
	for k := range h {
		if k != "X-Content-Type-Options" && k != "Referrer-Policy" && k != "X-Frame-Options" && k != "Content-Security-Policy" {
			delete(h, k)
		}
	}
	writeProblemBody(w, r, http.StatusInternalServerError, "internal", "internal error")
}

// writeProblemBody writes RFC 9457 problem details.
func writeProblemBody(w http.ResponseWriter, r *http.Request, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": http.StatusText(status),
		"status": status, "detail": detail, "instance": r.URL.Path, "code": code})
}
