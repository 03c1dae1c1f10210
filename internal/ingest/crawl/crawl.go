package crawl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/feed"
	"github.com/warta-news/warta/internal/ingest/fetch"
	"github.com/warta-news/warta/internal/ingest/sitemap"
)

// Options tune a Crawler. Zero values mean the defaults.
type Options struct {
	// Workers is how many sources are polled at once (default 4). Hosts
	// are still served one request at a time by the Fetcher.
	Workers int
	// PageWorkers is how many article pages one poll fetches at once
	// (default 4); items of one site wait for their host's turn anyway.
	PageWorkers int
	// MaxArticles caps the articles one poll fetches (default 500); the
	// rest wait for the next poll, so a first poll of a large sitemap
	// spreads over several.
	MaxArticles int
	// MaxPages caps the pages of one multi-page article (default 10).
	MaxPages int
	// MaxSitemaps caps the child sitemaps read per poll of an index
	// (default 10), newest first.
	MaxSitemaps int
	// BatchSize is how many documents go to the Sink at once (default 50).
	BatchSize int
	// Every is the poll interval of a source added without one (default
	// 10m); MinEvery is the least accepted (default 1m).
	Every, MinEvery time.Duration
	// MaxBackoff caps how long a failing source waits (default 6h).
	MaxBackoff time.Duration
}

// Sink receives the documents and problems of a poll; it stores and
// analyzes them and returns how many documents were new to the store. It
// is called from several goroutines at once. An error fails the poll, and
// the documents' URLs are not recorded as fetched.
type Sink func(ctx context.Context, docs []*warta.Document, probs []warta.Problem) (created int, err error)

// Crawler keeps sources up to date: it polls each at its interval, turns
// new feed items and sitemap entries into documents through Sink, and
// records what it fetched so that nothing is fetched twice and a restart
// resumes. It owns no store: Store and Sink are given.
type Crawler struct {
	Fetcher *fetch.Fetcher
	Store   warta.SourceStore
	Sink    Sink
	Logger  *slog.Logger
	// Now returns the current time; tests replace it.
	Now func() time.Time

	opt  Options
	wake chan struct{}

	// deliverMu makes the store writes of all polls (Sink, MarkURL) take
	// turns: an embedded store has one writer, and writers that collide
	// wait in its busy handler, milliseconds at a time.
	deliverMu sync.Mutex

	mu       sync.Mutex
	inFlight map[string]bool // article keys being fetched by some poll
	polling  map[int64]bool  // sources being polled

	metrics counters
}

// counters are the crawler's running totals.
type counters struct {
	polls, pollErrors, notModified, created, skipped, articleErrors, pages, deferred atomic.Uint64
}

// New returns a Crawler; fill in Sink before polling.
func New(f *fetch.Fetcher, store warta.SourceStore, opt Options) *Crawler {
	if opt.Workers <= 0 {
		opt.Workers = 4
	}
	if opt.PageWorkers <= 0 {
		opt.PageWorkers = 4
	}
	if opt.MaxArticles <= 0 {
		opt.MaxArticles = 500
	}
	if opt.MaxPages <= 0 {
		opt.MaxPages = 10
	}
	if opt.MaxSitemaps <= 0 {
		opt.MaxSitemaps = 10
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 50
	}
	if opt.Every <= 0 {
		opt.Every = 10 * time.Minute
	}
	if opt.MinEvery <= 0 {
		opt.MinEvery = time.Minute
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 6 * time.Hour
	}
	return &Crawler{Fetcher: f, Store: store, opt: opt, Now: time.Now, wake: make(chan struct{}, 1),
		inFlight: map[string]bool{}, polling: map[int64]bool{}}
}

func (c *Crawler) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default().With("component", "crawl")
}

// Wake makes Run look at the sources now rather than at the next due time
// (after a source was added, say).
func (c *Crawler) Wake() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Result is what one poll of a source did.
type Result struct {
	Source      *warta.Source
	NotModified bool
	Listed      int // items or entries the source listed
	New         int // documents new to the store
	Seen        int // articles fetched before, skipped
	Failed      int // articles that failed for now and will be tried again
	Deferred    int // articles over MaxArticles, left for the next poll
	Problems    []warta.Problem
	Err         error
	Took        time.Duration
}

// Summary is the result in the words of Source.LastResult: "new 3",
// "not modified", "error: ...".
func (r *Result) Summary() string {
	switch {
	case r.Err != nil:
		return "error: " + r.Err.Error()
	case r.NotModified:
		return "not modified"
	}
	s := fmt.Sprintf("new %d", r.New)
	if r.Failed > 0 {
		s += fmt.Sprintf(", %d failed (retried next poll)", r.Failed)
	}
	if r.Deferred > 0 {
		s += fmt.Sprintf(", %d deferred", r.Deferred)
	}
	return s
}

// Poll polls one source now and saves its new state (validators, result,
// failures, next poll) in the store. A source removed meanwhile is not
// recreated.
func (c *Crawler) Poll(ctx context.Context, src *warta.Source) *Result {
	start := c.Now()
	res := c.poll(ctx, src, nil)
	res.Took = c.Now().Sub(start)
	if ctx.Err() != nil && res.Err != nil {
		return res // shutting down: leave the state as it was, to be polled again
	}
	c.record(src, res, start)
	if err := c.Store.UpdateSource(context.WithoutCancel(ctx), src); err != nil && warta.ErrorCode(err) != warta.ENOTFOUND {
		c.logger().Error("save source state", "source", src.URL, "error", err)
	}
	return res
}

// record updates src's poll state from res: a failure backs off
// exponentially (with jitter) up to MaxBackoff, a success schedules the
// next poll one interval on.
func (c *Crawler) record(src *warta.Source, res *Result, start time.Time) {
	c.metrics.polls.Add(1)
	src.LastFetched = start
	src.LastResult = res.Summary()
	if res.Err != nil {
		c.metrics.pollErrors.Add(1)
		src.Failures++
		wait := src.Every << min(src.Failures, 16)
		if wait <= 0 || wait > c.opt.MaxBackoff {
			wait = max(c.opt.MaxBackoff, src.Every)
		}
		wait = wait*3/4 + rand.N(wait/4+1)
		src.NextAt = start.Add(wait)
		c.logger().Warn("poll failed", "source", src.URL, "failures", src.Failures, "next_at", src.NextAt, "error", res.Err)
		return
	}
	if res.NotModified {
		c.metrics.notModified.Add(1)
	}
	src.Failures = 0
	src.NextAt = start.Add(src.Every)
	c.logger().Info("polled", "source", src.URL, "result", src.LastResult, "took_ms", res.Took.Milliseconds())
}

// target is an article a source lists.
type target struct {
	link  string
	key   string
	hints warta.Hints
}

// feedAccept and sitemapAccept are the Accept headers for sources.
const (
	feedAccept    = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	sitemapAccept = "application/xml, text/xml;q=0.9, application/gzip;q=0.8, text/plain;q=0.5, */*;q=0.3"
)

// poll does the work of Poll without saving state. first, when set, is a
// response for the source URL already in hand (from detecting its kind).
// The validators (ETag, Last-Modified) advance only when every listed
// article was dealt with, so that a failure or a cut-off poll is retried
// rather than answered "not modified".
func (c *Crawler) poll(ctx context.Context, src *warta.Source, first *fetch.Response) *Result {
	res := &Result{Source: src}
	if src.Kind == warta.SourcePage {
		c.pollPage(ctx, src, res)
		return res
	}
	resp := first
	if resp == nil {
		accept := feedAccept
		if src.Kind == warta.SourceSitemap {
			accept = sitemapAccept
		}
		var err error
		resp, err = c.Fetcher.Fetch(ctx, fetch.Request{URL: src.URL, ETag: src.ETag, LastModified: src.LastModified, Accept: accept})
		if err != nil {
			res.Err = err
			return res
		}
	}
	if resp.NotModified {
		res.NotModified = true
		return res
	}
	var targets []target
	switch src.Kind {
	case warta.SourceFeed:
		targets, res.Err = c.feedTargets(src, resp, res)
	case warta.SourceSitemap:
		targets, res.Err = c.sitemapTargets(ctx, src, resp, res)
	default:
		res.Err = fmt.Errorf("unknown source kind %q", src.Kind)
	}
	if res.Err != nil {
		return res
	}
	res.Listed = len(targets)
	if err := c.fetchTargets(ctx, src, targets, res); err != nil {
		res.Err = err
		return res
	}
	if res.Failed == 0 && res.Deferred == 0 {
		src.ETag, src.LastModified = resp.ETag, resp.LastModified
	}
	return res
}

// pollPage polls a single-page source with a conditional GET: a changed
// page becomes a new document (its bytes differ, so its ID does).
func (c *Crawler) pollPage(ctx context.Context, src *warta.Source, res *Result) {
	res.Listed = 1
	hints := warta.Hints{Outlet: src.Outlet}
	a, resp, err := c.fetchArticle(ctx, src.URL, fetch.Request{URL: src.URL, ETag: src.ETag, LastModified: src.LastModified}, hints)
	if err != nil {
		res.Err = err
		return
	}
	if resp.NotModified {
		res.NotModified = true
		return
	}
	res.Problems = append(res.Problems, a.probs...)
	n, err := c.deliver(ctx, []*article{a}, a.probs)
	if err != nil {
		res.Err = err
		return
	}
	res.New = n
	src.ETag, src.LastModified = resp.ETag, resp.LastModified
}

func (c *Crawler) feedTargets(src *warta.Source, resp *fetch.Response, res *Result) ([]target, error) {
	f, probs, err := feed.Parse(resp.Body, feed.Options{Source: src.URL, ContentType: resp.ContentType, BaseURL: resp.URL})
	res.Problems = append(res.Problems, probs...)
	if err != nil {
		return nil, fmt.Errorf("%s (served as %q): %w", src.URL, resp.MediaType(), err)
	}
	var out []target
	for _, it := range f.Items {
		h := warta.Hints{Title: it.Title, Outlet: src.Outlet, Published: it.Date.String(), Authors: it.Authors}
		out = append(out, target{link: it.Link, hints: h})
	}
	return out, nil
}

// sitemapTargets reads a sitemap, or an index and the child sitemaps
// changed since the last poll (newest first, at most MaxSitemaps).
func (c *Crawler) sitemapTargets(ctx context.Context, src *warta.Source, resp *fetch.Response, res *Result) ([]target, error) {
	sm, err := c.readSitemap(src.URL, resp, res)
	if err != nil {
		return nil, err
	}
	if !sm.Index {
		return sitemapEntries(src, sm), nil
	}
	children := sm.Entries
	sort.SliceStable(children, func(i, j int) bool { return children[i].LastMod.Time.After(children[j].LastMod.Time) })
	var out []target
	read := 0
	for _, child := range children {
		if !src.LastFetched.IsZero() && !child.LastMod.Time.IsZero() && child.LastMod.Time.Before(src.LastFetched.Add(-time.Hour)) {
			continue // unchanged since well before the last poll
		}
		if read >= c.opt.MaxSitemaps {
			res.Problems = append(res.Problems, warta.Problem{Source: src.URL, Stage: "fetch",
				Msg: fmt.Sprintf("index lists more than %d changed sitemaps; the rest wait for the next poll", c.opt.MaxSitemaps)})
			res.Deferred++
			break
		}
		read++
		cresp, err := c.Fetcher.Fetch(ctx, fetch.Request{URL: child.Loc, Accept: sitemapAccept})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			res.Problems = append(res.Problems, warta.Problem{Source: child.Loc, Stage: "fetch", Msg: err.Error()})
			if !fetch.Permanent(err) {
				res.Failed++
			}
			continue
		}
		csm, err := c.readSitemap(child.Loc, cresp, res)
		if err != nil {
			res.Problems = append(res.Problems, warta.Problem{Source: child.Loc, Stage: "fetch", Msg: err.Error()})
			continue
		}
		if csm.Index {
			res.Problems = append(res.Problems, warta.Problem{Source: child.Loc, Stage: "fetch", Msg: "an index inside an index is not followed"})
			continue
		}
		out = append(out, sitemapEntries(src, csm)...)
	}
	return out, nil
}

func (c *Crawler) readSitemap(source string, resp *fetch.Response, res *Result) (*sitemap.Sitemap, error) {
	body := resp.Body
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		opt := c.Fetcher.Options()
		var err error
		if body, err = fetch.Gunzip(body, opt.MaxBodyBytes, opt.MaxRatio); err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
	}
	sm, probs, err := sitemap.Parse(body, sitemap.Options{Source: source})
	res.Problems = append(res.Problems, probs...)
	if err != nil {
		return nil, fmt.Errorf("%s (served as %q): %w", source, resp.MediaType(), err)
	}
	return sm, nil
}

func sitemapEntries(src *warta.Source, sm *sitemap.Sitemap) []target {
	var out []target
	for _, e := range sm.Entries {
		h := warta.Hints{Outlet: src.Outlet}
		if e.News != nil {
			h.Title, h.Published = e.News.Title, e.News.Date.String()
			if h.Outlet == "" {
				h.Outlet = e.News.Publication
			}
		}
		out = append(out, target{link: e.Loc, hints: h})
	}
	return out
}

// claim marks an article key as being fetched; false when another poll
// has it, so that a feed and a sitemap listing one article fetch it once.
func (c *Crawler) claim(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inFlight[key] {
		return false
	}
	c.inFlight[key] = true
	return true
}

func (c *Crawler) unclaim(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		delete(c.inFlight, k)
	}
}

// fetchTargets fetches the articles not fetched before, PageWorkers at a
// time, handing documents to the Sink in batches and recording their URLs
// once stored. It returns an error only when the Sink or the store fails.
func (c *Crawler) fetchTargets(ctx context.Context, src *warta.Source, targets []target, res *Result) error {
	var todo []target
	dup := map[string]bool{}
	for _, t := range targets {
		key, err := fetch.Key(t.link)
		if err != nil {
			res.Problems = append(res.Problems, warta.Problem{Source: src.URL, Stage: "fetch", Msg: fmt.Sprintf("item link %q: %v", clip(t.link, 80), err)})
			continue
		}
		if dup[key] {
			continue
		}
		dup[key] = true
		seen, err := c.Store.SeenURL(ctx, key)
		if err != nil {
			return err
		}
		if seen {
			res.Seen++
			continue
		}
		if len(todo) >= c.opt.MaxArticles {
			res.Deferred++
			continue
		}
		t.key = key
		todo = append(todo, t)
	}
	c.metrics.skipped.Add(uint64(res.Seen))
	c.metrics.deferred.Add(uint64(res.Deferred))

	var (
		mu       sync.Mutex
		batch    []*article
		sent     int // res.Problems already handed to the Sink
		sinkErr  error
		flushing sync.Mutex
	)
	// flush hands the batch and the problems so far to the Sink and records
	// the URLs; one at a time per poll, so that batches stay whole.
	flush := func(force bool) {
		mu.Lock()
		ready := len(batch) >= c.opt.BatchSize || force
		mu.Unlock()
		if !ready {
			return // the common case: no waiting on a flush in progress
		}
		flushing.Lock()
		defer flushing.Unlock()
		mu.Lock()
		if len(batch) == 0 && sent == len(res.Problems) || !force && len(batch) < c.opt.BatchSize {
			mu.Unlock()
			return
		}
		b, p := batch, append([]warta.Problem(nil), res.Problems[sent:]...)
		batch, sent = nil, len(res.Problems)
		mu.Unlock()
		n, err := c.deliver(ctx, b, p)
		mu.Lock()
		res.New += n
		if err != nil && sinkErr == nil {
			sinkErr = err
		}
		mu.Unlock()
	}
	work := make(chan target)
	var wg sync.WaitGroup
	for range min(c.opt.PageWorkers, max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				a, fail, permanent := c.one(ctx, t)
				mu.Lock()
				switch {
				case a != nil:
					batch = append(batch, a)
					res.Problems = append(res.Problems, a.probs...)
				case fail != nil:
					res.Problems = append(res.Problems, *fail)
					if !permanent {
						res.Failed++
					}
				}
				mu.Unlock()
				flush(false)
			}
		}()
	}
	for _, t := range todo {
		mu.Lock()
		stop := sinkErr != nil
		mu.Unlock()
		if stop || ctx.Err() != nil {
			break
		}
		if !c.claim(t.key) {
			// Another poll is fetching it right now. Counted as deferred,
			// not seen: should that fetch fail, this source's next poll
			// must still list it.
			res.Deferred++
			continue
		}
		work <- t
	}
	close(work)
	wg.Wait()
	flush(true)
	if err := ctx.Err(); err != nil {
		return err
	}
	return sinkErr
}

// one fetches one article. It returns the article, or a problem saying why
// not and whether that is for good (the URL is then recorded so it is not
// tried again). The claim on t.key is released here for failures and by
// deliver for articles.
func (c *Crawler) one(ctx context.Context, t target) (*article, *warta.Problem, bool) {
	a, _, err := c.fetchArticle(ctx, t.link, fetch.Request{}, t.hints)
	if err == nil {
		a.key = t.key
		return a, nil, false
	}
	defer c.unclaim(t.key)
	c.metrics.articleErrors.Add(1)
	var pe *permanentError
	permanent := errors.As(err, &pe) || fetch.Permanent(err)
	if ctx.Err() != nil {
		return nil, nil, false
	}
	if permanent {
		if err := c.Store.MarkURL(context.WithoutCancel(ctx), t.key, ""); err != nil {
			c.logger().Error("mark url", "url", t.key, "error", err)
		}
	}
	return nil, &warta.Problem{Source: t.link, Stage: "fetch", Msg: err.Error()}, permanent
}

// deliver hands documents and problems to the Sink and, once it has them,
// records the articles' URLs as fetched.
func (c *Crawler) deliver(ctx context.Context, as []*article, probs []warta.Problem) (int, error) {
	var keys []string
	for _, a := range as {
		keys = append(keys, a.key)
	}
	defer c.unclaim(keys...)
	if len(as) == 0 && len(probs) == 0 {
		return 0, nil
	}
	if c.Sink == nil {
		return 0, ErrNoSink
	}
	c.deliverMu.Lock()
	defer c.deliverMu.Unlock()
	docs := make([]*warta.Document, 0, len(as))
	for _, a := range as {
		docs = append(docs, a.doc)
	}
	n, err := c.Sink(ctx, docs, probs)
	if err != nil {
		return 0, fmt.Errorf("store documents: %w", err)
	}
	c.metrics.created.Add(uint64(n))
	// Recorded only after the Sink has the documents: a crash in between
	// fetches them again, and storing the same bytes again is a no-op.
	mctx := context.WithoutCancel(ctx)
	for _, a := range as {
		for _, k := range append([]string{a.key}, a.keys...) {
			if err := c.Store.MarkURL(mctx, k, a.doc.ID); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
