package cli

import (
	"context"
	"net/http"

	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/server"
	"github.com/warta-news/warta/internal/ui"
)

// ServeCommand serves the HTTP API, optionally ingesting pages first.
type ServeCommand struct{ m *Main }

type stringList []string

func (l *stringList) String() string     { return "" }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// Run implements `warta serve`.
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("serve", "")
	var ingestPaths stringList
	fs.Var(&ingestPaths, "ingest", "ingest this path before serving (repeatable)")
	fs.StringVar(&c.m.Config.Addr, "addr", c.m.Config.Addr, "address to listen on")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	ingestPaths = append(ingestPaths, fs.Args()...)
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if len(ingestPaths) > 0 {
		// Problems in the input are reported and stored; they do not stop
		// the server from starting.
		if _, err := c.m.ingest(ctx, store, ingestPaths, false); err != nil {
			return err
		}
	}
	h := &api.Handler{Store: store, Searcher: newSearcher(), Logger: c.m.logger("api")}
	pages, err := ui.New(store, newSearcher(), c.m.logger("ui"))
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", h.Routes())
	mux.Handle("/", pages.Routes())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if _, err := store.CountDocuments(r.Context()); err != nil {
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	srv := &server.Server{Addr: c.m.Config.Addr, Handler: mux, Logger: c.m.logger("server")}
	if err := srv.Listen(); err != nil {
		return err
	}
	if c.m.ServeReady != nil {
		c.m.ServeReady(srv.URL())
	}
	return srv.Serve(ctx)
}
