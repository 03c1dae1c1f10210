package cli

import (
	"context"
	"net/http"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/metrics"
	"github.com/warta-news/warta/internal/server"
	"github.com/warta-news/warta/internal/store/postgres"
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
	if err := c.m.finishReprocess(ctx, store); err != nil {
		return err
	}
	if len(ingestPaths) > 0 {
		// Problems in the input are reported and stored; they do not stop
		// the server from starting.
		if _, err := c.m.ingest(ctx, store, ingestPaths, false); err != nil {
			return err
		}
	}
	if c.m.Config.Token == "" {
		c.m.logger("server").Info("writes are disabled: set WARTA_TOKEN to allow ingest, delete, reprocess and alerts over HTTP")
	}
	// Alerts match what is stored, here or by another process, and
	// webhooks are retried in the background while the server runs. On
	// PostgreSQL the workers do both, and poll the sources.
	_, shared := store.(*postgres.DB)
	if shared {
		*noFetch = true
		c.m.logger("server").Info("live sources, analysis and alerts are worked by `warta worker` processes")
	}
	poke := make(chan struct{}, 1)
	bg, stop := context.WithCancel(ctx)
	defer stop()
	notified := make(chan struct{})
	go func() {
		defer close(notified)
		if !shared {
			c.m.notifier(store).Run(bg, poke, time.Minute)
		}
	}()
	defer func() { stop(); <-notified }()

	httpMetrics := &metrics.HTTP{}
	h := &api.Handler{Store: store, Searcher: newSearcher(), Logger: c.m.logger("api"), Token: c.m.Config.Token,
		Ingest: c.m.apiIngest(ctx, store, poke), MaxIngestBytes: 4 * c.m.Config.MaxDocBytes, Context: bg,
		HTTP: httpMetrics, IngestQueue: c.m.ingestQueue(), Outbound: c.m.webhookGuard(), BaseURL: c.m.Config.BaseURL}
	h.Reprocess = func(rctx context.Context) (*api.ReprocessResult, error) {
		// A shutdown stops the reprocess after its last committed batch;
		// the next start finishes it.
		rctx, cancel := context.WithCancel(rctx)
		defer cancel()
		defer context.AfterFunc(ctx, cancel)()
		c.m.writeMu.Lock()
		defer c.m.writeMu.Unlock()
		res, err := c.m.reprocess(rctx, store, false)
		if err != nil && ctx.Err() != nil {
			return nil, warta.Errorf(warta.EBUSY, "the server is shutting down: the reprocess stopped after its last committed batch and resumes when the server starts again")
		}
		return res, err
	}
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
	pages.Queued = c.m.ingestQueue().Value
	if of, err := officesOf(); err == nil {
		pages.Offices, h.Offices = of, of
	}
	if h.Crawler != nil {
		cr := h.Crawler
		pages.Sources = func(ctx context.Context) ([]crawl.SourceState, error) {
			ss, _, err := cr.Status(ctx)
			return ss, err
		}
	}
	apiMux := h.Routes()
	mux := http.NewServeMux()
	mux.Handle("/api/", apiMux)
	mux.Handle("GET /healthz", apiMux)
	mux.Handle("GET /metrics", apiMux)
	mux.Handle("/", pages.Routes())
	srv := &server.Server{Addr: c.m.Config.Addr, Handler: mux, Logger: c.m.logger("server"), Metrics: httpMetrics}
	if err := srv.Listen(); err != nil {
		return err
	}
	if c.m.ServeReady != nil {
		c.m.ServeReady(srv.URL())
	}
	return srv.Serve(ctx)
}
