package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/ingest/fetch"
	"github.com/warta-news/warta/internal/pipeline"
	"github.com/warta-news/warta/internal/store/postgres"
)

// SourcesCommand adds, lists and removes live sources.
type SourcesCommand struct{ m *Main }

const sourcesUsage = "Usage: warta sources add URL [--every 10m] [--outlet NAME] [--kind auto|feed|sitemap|page] [--discover]\n" +
	"       warta sources list [--json]\n" +
	"       warta sources remove ID|URL"

// Run implements `warta sources`.
func (c *SourcesCommand) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fmt.Fprintln(c.m.Stdout, sourcesUsage)
			return nil
		}
		return &UsageError{Msg: "sources: say add, list or remove", Hint: sourcesUsage}
	}
	switch args[0] {
	case "add":
		return c.add(ctx, args[1:])
	case "list", "ls":
		return c.list(ctx, args[1:])
	case "remove", "rm":
		return c.remove(ctx, args[1:])
	}
	return &UsageError{Msg: fmt.Sprintf("sources: unknown subcommand %q", args[0]), Hint: sourcesUsage}
}

func (c *SourcesCommand) add(ctx context.Context, args []string) error {
	fs := c.m.flagSet("sources add", "URL")
	var every durationFlag
	fs.Var(&every, "every", "poll interval (default source_every from the configuration, 10m)")
	outlet := fs.String("outlet", "", "outlet name given to its articles")
	kind := fs.String("kind", "auto", "what the URL is: feed, sitemap, page, or auto (fetch it and see; a home page is searched for feeds and sitemaps)")
	discover := fs.Bool("discover", false, "search any HTML page (not only a home page) for feeds and sitemaps")
	c.m.Config.RegisterFetchFlags(fs)
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &UsageError{Msg: "sources add: give one URL", Hint: sourcesUsage}
	}
	cr, closeAll, err := c.m.openCrawler(ctx)
	if err != nil {
		return err
	}
	defer closeAll()
	k := warta.SourceKind(*kind)
	if k == "auto" {
		k = ""
	}
	added, probs, err := cr.Add(ctx, crawl.AddOptions{URL: fs.Arg(0), Outlet: *outlet, Every: time.Duration(every), Kind: k, Discover: *discover})
	if err != nil {
		return sourceErr(err)
	}
	for _, s := range added {
		fmt.Fprintf(c.m.Stdout, "added %d: %s %s every %s\n", s.ID, s.Kind, s.URL, s.Every)
	}
	for _, p := range probs {
		fmt.Fprintf(c.m.Stdout, "skipped: %s (%s)\n", p.Source, p.Msg)
	}
	return nil
}

// sourceErr turns the crawler's invalid-input and conflict errors into
// usage errors, so that they print as a message and exit with status 2.
func sourceErr(err error) error {
	switch warta.ErrorCode(err) {
	case warta.EINVALID, warta.ECONFLICT, warta.ENOTFOUND:
		return &UsageError{Msg: warta.ErrorMessage(err)}
	}
	return err
}

func (c *SourcesCommand) list(ctx context.Context, args []string) error {
	fs := c.m.flagSet("sources list", "")
	asJSON := fs.Bool("json", false, "print JSON: the sources with their state, and the metrics")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	cr, closeAll, err := c.m.openCrawler(ctx)
	if err != nil {
		return err
	}
	defer closeAll()
	states, metrics, err := cr.Status(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"sources": states, "metrics": metrics})
	}
	if len(states) == 0 {
		fmt.Fprintln(c.m.Stdout, "no sources; add one with: warta sources add URL")
		return nil
	}
	tw := tabwriter.NewWriter(c.m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tEVERY\tSTATE\tLAST POLL\tRESULT\tNEXT\tURL")
	for _, s := range states {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Kind, s.Every, s.State, when(s.LastFetched),
			clipText(s.LastResult, 60), when(s.NextAt), s.URL)
	}
	return tw.Flush()
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (c *SourcesCommand) remove(ctx context.Context, args []string) error {
	fs := c.m.flagSet("sources remove", "ID|URL")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &UsageError{Msg: "sources remove: give one ID or URL", Hint: sourcesUsage}
	}
	cr, closeAll, err := c.m.openCrawler(ctx)
	if err != nil {
		return err
	}
	defer closeAll()
	id, _ := strconv.ParseInt(fs.Arg(0), 10, 64)
	u := ""
	if id <= 0 {
		id, u = 0, fs.Arg(0)
	}
	if err := cr.Remove(ctx, id, u); err != nil {
		return sourceErr(err)
	}
	fmt.Fprintln(c.m.Stdout, "removed", fs.Arg(0))
	return nil
}

// durationFlag is a time.Duration flag that is zero unless given.
type durationFlag time.Duration

func (d *durationFlag) String() string { return time.Duration(*d).String() }
func (d *durationFlag) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a duration like 10m, got %q", s)
	}
	*d = durationFlag(v)
	return nil
}

// openCrawler opens the store and builds a crawler on it; closeAll closes
// both.
func (m *Main) openCrawler(ctx context.Context) (*crawl.Crawler, func(), error) {
	store, err := m.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	cr, err := m.newCrawler(store, crawl.Options{})
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return cr, func() { cr.Fetcher.Close(); store.Close() }, nil
}

// newCrawler builds the fetcher and crawler from the configuration, with a
// sink that stores and analyzes documents through the same pipeline as
// `warta ingest`. opt's zero fields come from the configuration or the
// crawler's defaults.
func (m *Main) newCrawler(store warta.Store, opt crawl.Options) (*crawl.Crawler, error) {
	ss, ok := store.(warta.SourceStore)
	if !ok {
		return nil, &UsageError{Msg: "this store keeps no live sources", Hint: "Use the embedded SQLite store."}
	}
	cfg := m.Config
	ua := cfg.UserAgent
	if ua == "" {
		ua = "warta/" + version() + " (+https://github.com/warta-news/warta)"
	}
	f := fetch.New(fetch.Options{
		UserAgent:      ua,
		Delay:          time.Duration(cfg.FetchDelay),
		ConnectTimeout: time.Duration(cfg.FetchConnectTimeout),
		Timeout:        time.Duration(cfg.FetchTimeout),
		MaxBodyBytes:   cfg.FetchMaxBodyBytes,
		Retries:        cfg.FetchRetries,
		AllowPrivate:   cfg.FetchAllowPrivate,
		Resolve:        m.Resolve,
	})
	if opt.Workers == 0 {
		opt.Workers = cfg.FetchWorkers
	}
	if opt.Every == 0 {
		opt.Every = time.Duration(cfg.SourceEvery)
	}
	cr := crawl.New(f, ss, opt)
	cr.Logger = m.logger("crawl")
	cr.Sink = m.sink(store)
	return cr, nil
}

// sink stores fetched documents and analyzes the new ones, one batch at a
// time whatever the number of sources polling, and stores the problems.
// Each batch gets its own pipeline, so that nothing accumulates over a
// long run, and "now" is the batch's time.
func (m *Main) sink(store warta.Store) crawl.Sink {
	if db, ok := store.(*postgres.DB); ok {
		return func(ctx context.Context, docs []*warta.Document, probs []warta.Problem) (int, error) {
			q, err := m.queued(ctx, db)
			if err != nil {
				return 0, err
			}
			return q.Sink(ctx, docs, probs)
		}
	}
	var mu sync.Mutex
	return func(ctx context.Context, docs []*warta.Document, probs []warta.Problem) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		created := 0
		if len(docs) > 0 {
			stages, err := newStages(time.Now(), store)
			if err != nil {
				return 0, err
			}
			p := &pipeline.Pipeline{Stages: stages, Store: store, Workers: m.Config.Workers, Logger: m.logger("pipeline")}
			res, err := p.Ingest(ctx, docs, false)
			if err != nil {
				return 0, err
			}
			created = res.New
		}
		if err := store.AddProblems(ctx, probs); err != nil {
			return created, err
		}
		return created, nil
	}
}
