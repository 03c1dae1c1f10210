package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
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
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
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
		// Deferred so that a handler aborting a stream (panic with
		// http.ErrAbortHandler) is still counted.
		defer func() {
			took := time.Since(start)
			if s.Metrics != nil {
				s.Metrics.Observe(r.Method, route(r), sw.status, took)
			}
			logger.Debug("request", "method", r.Method, "path", r.URL.Path, "route", route(r), "status", sw.status,
				"took_ms", took.Milliseconds())
		}()
		next.ServeHTTP(sw, r)
	})
}
