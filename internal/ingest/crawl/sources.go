package crawl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/feed"
	"github.com/warta-news/warta/internal/ingest/fetch"
	"github.com/warta-news/warta/internal/ingest/sitemap"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// AddOptions describe a source to add.
type AddOptions struct {
	URL    string
	Outlet string
	// Every is the poll interval; zero means Options.Every.
	Every time.Duration
	// Kind is what URL serves; empty means find out by fetching it. A
	// site's home page (path "/") is then searched for its feeds and
	// sitemaps, and those are added instead.
	Kind warta.SourceKind
	// Discover searches any HTML page for feeds and sitemaps, not only a
	// home page.
	Discover bool
}

// Add adds a source, or the sources discovered from a home page. It
// returns the sources added; problems name what was found but not added
// (already there). Errors: EINVALID for a bad URL, interval or kind, or a
// URL that serves nothing warta can poll; ECONFLICT when the one source
// exists.
func (c *Crawler) Add(ctx context.Context, opt AddOptions) ([]*warta.Source, []warta.Problem, error) {
	u, err := fetch.Normalize(opt.URL)
	if err != nil {
		return nil, nil, warta.Errorf(warta.EINVALID, "%v", err)
	}
	every := opt.Every
	if every == 0 {
		every = c.opt.Every
	}
	if every < c.opt.MinEvery {
		return nil, nil, warta.Errorf(warta.EINVALID, "poll interval %s is below the least allowed, %s", every, c.opt.MinEvery)
	}
	switch opt.Kind {
	case warta.SourceFeed, warta.SourceSitemap, warta.SourcePage:
		src := &warta.Source{URL: u.String(), Kind: opt.Kind, Outlet: opt.Outlet, Every: every}
		if err := c.Store.AddSource(ctx, src); err != nil {
			return nil, nil, err
		}
		c.Wake()
		return []*warta.Source{src}, nil, nil
	case "", "auto":
	default:
		return nil, nil, warta.Errorf(warta.EINVALID, "kind %q: want feed, sitemap, page or auto", opt.Kind)
	}
	kind, found, _, err := c.detect(ctx, u.String(), opt.Discover)
	if err != nil {
		return nil, nil, err
	}
	if kind != "" {
		src := &warta.Source{URL: u.String(), Kind: kind, Outlet: opt.Outlet, Every: every}
		if err := c.Store.AddSource(ctx, src); err != nil {
			return nil, nil, err
		}
		c.Wake()
		return []*warta.Source{src}, nil, nil
	}
	var added []*warta.Source
	var probs []warta.Problem
	for _, f := range found {
		src := &warta.Source{URL: f.URL, Kind: f.Kind, Outlet: opt.Outlet, Every: every}
		if err := c.Store.AddSource(ctx, src); err != nil {
			if warta.ErrorCode(err) == warta.ECONFLICT {
				probs = append(probs, warta.Problem{Source: f.URL, Stage: "fetch", Msg: "already a source"})
				continue
			}
			return added, probs, err
		}
		added = append(added, src)
	}
	c.Wake()
	return added, probs, nil
}

// Found is a feed or sitemap discovered on a site.
type Found struct {
	URL   string           `json:"url"`
	Kind  warta.SourceKind `json:"kind"`
	Title string           `json:"title,omitempty"`
	// Via says where it was found: "link rel=alternate" or "robots.txt".
	Via string `json:"via"`
}

// detect fetches rawURL and says what it serves. For an HTML home page (or
// any HTML page with discover) kind is empty and found lists the feeds and
// sitemaps the page and robots.txt name; a page that names none is a page
// source. The response is returned for reuse.
func (c *Crawler) detect(ctx context.Context, rawURL string, discover bool) (warta.SourceKind, []Found, *fetch.Response, error) {
	resp, err := c.Fetcher.Fetch(ctx, fetch.Request{URL: rawURL, Accept: feedAccept + ", text/html;q=0.8"})
	if err != nil {
		return "", nil, nil, warta.Errorf(warta.EINVALID, "cannot fetch %s to tell what it is: %v (give a kind to add it without fetching)", rawURL, err)
	}
	kind, err := sniffKind(resp)
	if err != nil {
		return "", nil, resp, warta.Errorf(warta.EINVALID, "%s: %v", rawURL, err)
	}
	if kind != warta.SourcePage {
		return kind, nil, resp, nil
	}
	u, _ := url.Parse(resp.URL)
	if !discover && (u == nil || u.Path != "/" || u.RawQuery != "") {
		return warta.SourcePage, nil, resp, nil
	}
	found := c.discover(ctx, resp)
	if len(found) == 0 {
		if discover {
			return "", nil, resp, warta.Errorf(warta.EINVALID, "%s names no feeds (link rel=alternate) and its robots.txt no sitemaps", rawURL)
		}
		return "", nil, resp, warta.Errorf(warta.EINVALID, "%s is a home page that names no feeds (link rel=alternate) and whose robots.txt names no sitemaps; add a feed or sitemap URL, or give kind page", rawURL)
	}
	return "", found, resp, nil
}

// sniffKind tells a feed, a sitemap and an HTML page apart by their bytes
// (the content type is often wrong: feeds served as text/html, sitemaps
// as application/octet-stream).
func sniffKind(resp *fetch.Response) (warta.SourceKind, error) {
	body := resp.Body
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		return warta.SourceSitemap, nil // a .xml.gz; polling reads it
	}
	start := bytes.TrimLeft(bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	_, _, ferr := feed.Parse(body, feed.Options{ContentType: resp.ContentType})
	if ferr == nil {
		return warta.SourceFeed, nil
	}
	if len(start) > 0 && start[0] == '<' {
		if _, _, err := sitemap.Parse(body, sitemap.Options{}); err == nil {
			return warta.SourceSitemap, nil
		}
	}
	if f, _, ok := pageFormat(resp); ok && f == warta.FormatHTML {
		return warta.SourcePage, nil
	}
	if resp.MediaType() == "text/plain" {
		if _, _, err := sitemap.Parse(body, sitemap.Options{}); err == nil {
			return warta.SourceSitemap, nil
		}
	}
	return "", fmt.Errorf("serves %q that is no feed, sitemap or HTML page (%v)", resp.MediaType(), ferr)
}

// Discover lists the feeds an HTML page links to (<link rel=alternate>
// with a feed type) and the sitemaps its site's robots.txt names.
func (c *Crawler) Discover(ctx context.Context, pageURL string) ([]Found, error) {
	resp, err := c.Fetcher.Get(ctx, pageURL)
	if err != nil {
		return nil, err
	}
	return c.discover(ctx, resp), nil
}

func (c *Crawler) discover(ctx context.Context, resp *fetch.Response) []Found {
	var out []Found
	have := map[string]bool{}
	add := func(f Found) {
		u, err := fetch.Normalize(f.URL)
		if err != nil || have[u.String()] {
			return
		}
		have[u.String()] = true
		f.URL = u.String()
		out = append(out, f)
	}
	for _, f := range feedLinks(resp.Body, resp.URL) {
		add(f)
	}
	if r, err := c.Fetcher.Robots(ctx, resp.URL); err == nil {
		for _, s := range r.Sitemaps {
			add(Found{URL: s, Kind: warta.SourceSitemap, Via: "robots.txt"})
		}
	}
	return out
}

// feedTypes are the link types that name a feed.
var feedTypes = map[string]bool{
	"application/rss+xml": true, "application/atom+xml": true, "application/feed+json": true,
	"application/rdf+xml": true, "application/x.atom+xml": true, "application/x-rss+xml": true,
}

// feedLinks finds <link rel="alternate" type="application/rss+xml" href>
// and its kin in a page.
func feedLinks(body []byte, base string) []Found {
	b, err := url.Parse(base)
	if err != nil {
		return nil
	}
	var out []Found
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if atom.Lookup(name) == atom.Body {
			return out // feed links live in the head
		}
		if atom.Lookup(name) != atom.Link || !hasAttr {
			continue
		}
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			attrs[string(k)] = strings.TrimSpace(string(v))
			if !more {
				break
			}
		}
		rels := strings.Fields(strings.ToLower(attrs["rel"]))
		alternate := false
		for _, r := range rels {
			alternate = alternate || r == "alternate"
		}
		typ := strings.ToLower(attrs["type"])
		if !alternate || !feedTypes[typ] || attrs["href"] == "" {
			continue
		}
		u, err := b.Parse(attrs["href"])
		if err != nil {
			continue
		}
		out = append(out, Found{URL: u.String(), Kind: warta.SourceFeed, Title: attrs["title"], Via: "link rel=alternate"})
	}
}

// Remove deletes a source by ID, or by URL when id is 0; ENOTFOUND when
// there is none. The URLs fetched through it stay recorded.
func (c *Crawler) Remove(ctx context.Context, id int64, rawURL string) error {
	if id == 0 {
		u, err := fetch.Normalize(rawURL)
		if err != nil {
			return warta.Errorf(warta.EINVALID, "%v", err)
		}
		srcs, err := c.Store.Sources(ctx)
		if err != nil {
			return err
		}
		for _, s := range srcs {
			if s.URL == u.String() {
				id = s.ID
			}
		}
		if id == 0 {
			return warta.Errorf(warta.ENOTFOUND, "no source %s", u)
		}
	}
	return c.Store.RemoveSource(ctx, id)
}

// SourceState is a source with what the crawler makes of it.
type SourceState struct {
	*warta.Source
	// State is "new" (never polled), "polling", "ok" or "failing" (backing
	// off until NextAt).
	State string `json:"state"`
}

// Metrics are the crawler's and its fetcher's running totals and the
// sources' states, flat and named for a metrics system.
type Metrics struct {
	Sources        int         `json:"sources"`
	SourcesFailing int         `json:"sources_failing"`
	SourcesPolling int         `json:"sources_polling"`
	Polls          uint64      `json:"polls_total"`
	PollErrors     uint64      `json:"poll_errors_total"`
	NotModified    uint64      `json:"polls_not_modified_total"`
	ArticlesNew    uint64      `json:"articles_new_total"`
	ArticlesSeen   uint64      `json:"articles_seen_total"`
	ArticleErrors  uint64      `json:"article_errors_total"`
	Deferred       uint64      `json:"articles_deferred_total"`
	Pages          uint64      `json:"pages_fetched_total"`
	Fetch          fetch.Stats `json:"fetch"`
}

// Status lists the sources with their state, and the metrics.
func (c *Crawler) Status(ctx context.Context) ([]SourceState, Metrics, error) {
	srcs, err := c.Store.Sources(ctx)
	if err != nil {
		return nil, Metrics{}, err
	}
	m := c.metricsNow()
	out := []SourceState{}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range srcs {
		st := SourceState{Source: s}
		switch {
		case c.polling[s.ID]:
			st.State = "polling"
			m.SourcesPolling++
		case s.Failures > 0:
			st.State = "failing"
			m.SourcesFailing++
		case s.LastFetched.IsZero():
			st.State = "new"
		default:
			st.State = "ok"
		}
		out = append(out, st)
	}
	m.Sources = len(srcs)
	return out, m, nil
}

func (c *Crawler) metricsNow() Metrics {
	k := &c.metrics
	return Metrics{Polls: k.polls.Load(), PollErrors: k.pollErrors.Load(), NotModified: k.notModified.Load(),
		ArticlesNew: k.created.Load(), ArticlesSeen: k.skipped.Load(), ArticleErrors: k.articleErrors.Load(),
		Deferred: k.deferred.Load(), Pages: k.pages.Load(), Fetch: c.Fetcher.Stats()}
}

// Run polls every source when it is due until ctx ends, at most Workers
// at a time, and returns nil then (after the polls in progress stop). It
// reads the sources from the store each round, so sources added or
// removed elsewhere (the CLI, the API) are picked up; Wake makes it look
// at once.
func (c *Crawler) Run(ctx context.Context) error {
	sem := make(chan struct{}, c.opt.Workers)
	done := make(chan struct{})
	var running int
	defer func() {
		for ; running > 0; running-- {
			<-done
		}
	}()
	for {
		// Reap finished polls without blocking.
		for reaped := false; !reaped; {
			select {
			case <-done:
				running--
			default:
				reaped = true
			}
		}
		wait := time.Hour
		srcs, err := c.Store.Sources(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			c.logger().Error("list sources", "error", err)
			wait = time.Minute
		}
		now := c.Now()
		for _, s := range srcs {
			c.mu.Lock()
			busy := c.polling[s.ID]
			c.mu.Unlock()
			if busy {
				continue
			}
			if d := s.NextAt.Sub(now); d > 0 {
				wait = min(wait, d)
				continue
			}
			select {
			case sem <- struct{}{}:
			default:
				continue // all workers busy; a finishing poll wakes us
			}
			c.mu.Lock()
			c.polling[s.ID] = true
			c.mu.Unlock()
			running++
			go func(s *warta.Source) {
				defer func() {
					c.mu.Lock()
					delete(c.polling, s.ID)
					c.mu.Unlock()
					<-sem
					done <- struct{}{}
				}()
				c.Poll(ctx, s)
			}(s)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		case <-c.wake:
			t.Stop()
		case <-done:
			running--
			t.Stop()
		}
	}
}

// PollAll polls every source once now, whatever its schedule, at most
// Workers at a time, and returns the results in source order.
func (c *Crawler) PollAll(ctx context.Context) ([]*Result, error) {
	srcs, err := c.Store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Result, len(srcs))
	sem := make(chan struct{}, c.opt.Workers)
	done := make(chan struct{})
	for i, s := range srcs {
		go func() {
			sem <- struct{}{}
			defer func() { <-sem; done <- struct{}{} }()
			out[i] = c.Poll(ctx, s)
		}()
	}
	for range srcs {
		<-done
	}
	return out, nil
}

// PollURL polls a URL once as a source that is not stored: its kind is
// found out when not given, and its articles are fetched unless fetched
// before. It is `warta fetch URL`.
func (c *Crawler) PollURL(ctx context.Context, rawURL string, kind warta.SourceKind, outlet string) *Result {
	src := &warta.Source{URL: rawURL, Kind: kind, Outlet: outlet, Every: c.opt.Every}
	res := &Result{Source: src}
	u, err := fetch.Normalize(rawURL)
	if err != nil {
		res.Err = warta.Errorf(warta.EINVALID, "%v", err)
		return res
	}
	src.URL = u.String()
	start := c.Now()
	var first *fetch.Response
	if kind == "" {
		k, found, resp, err := c.detect(ctx, src.URL, false)
		switch {
		case err != nil:
			res.Err = err
			return res
		case k == "":
			res.Err = warta.Errorf(warta.EINVALID, "%s is a home page; its sources are: %s", src.URL, foundList(found))
			return res
		}
		src.Kind = k
		if k != warta.SourcePage {
			first = resp
		}
	}
	res = c.poll(ctx, src, first)
	res.Took = c.Now().Sub(start)
	return res
}

func foundList(fs []Found) string {
	var s []string
	for _, f := range fs {
		s = append(s, string(f.Kind)+" "+f.URL)
	}
	return strings.Join(s, ", ")
}

// ErrNoSink is returned by polls of a Crawler without a Sink.
var ErrNoSink = errors.New("crawler has no sink")

// MarshalJSON writes the state with the interval as "10m0s" rather than
// nanoseconds.
func (s SourceState) MarshalJSON() ([]byte, error) {
	type plain warta.Source
	var every string
	if s.Source != nil {
		every = s.Every.String()
	}
	return json.Marshal(struct {
		*plain
		Every string `json:"every"`
		State string `json:"state"`
	}{(*plain)(s.Source), every, s.State})
}
