package cli

import (
	"context"
	"net/http"

	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/ingest/crawl"
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
	noFetch := fs.Bool("no-fetch", false, "do not poll the live sources (the sources API still works)")
	c.m.Config.RegisterFetchFlags(fs)
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
	h := &api.Handler{Store: store, Searcher: newSearcher(), Logger: c.m.logger("api"), Token: c.m.Config.Token}
	// The crawler polls the sources in the background while the server
	// runs; it stops with the server, before the store closes.
	if cr, err := c.m.newCrawler(store, crawl.Options{}); err != nil {
		c.m.logger("crawl").Warn("live sources off", "error", err)
	} else {
		defer cr.Fetcher.Close()
		h.Crawler = cr
		if !*noFetch {
			crawlCtx, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				cr.Run(crawlCtx)
			}()
			defer func() { stop(); <-done }()
		}
	}
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
