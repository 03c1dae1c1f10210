package cli

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/config"
	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/ingest/crawl/crawltest"
)

// fetchBench are the settings of `warta bench fetch`.
type fetchBench struct {
	articles, hosts int
	delay, latency  time.Duration
	discard         bool
}

// fetch measures live sources end to end: one local server plays
// fb.hosts sites (made-up host names resolved to it), each with a feed
// listing its share of fb.articles; every feed is polled once, all at the
// same time, and every article is fetched, extracted, analyzed and stored
// in a fresh store. The live heap is sampled after every 1000 articles,
// to show whether memory stays flat.
func (c *BenchCommand) fetch(ctx context.Context, fb fetchBench) error {
	if fb.hosts < 1 || fb.articles < fb.hosts {
		return &UsageError{Msg: "bench fetch: want at least one host and one article per host"}
	}
	per := fb.articles / fb.hosts
	site := crawltest.New(fb.hosts, per)
	site.Latency = fb.latency
	defer site.Close()
	text := "generated text"
	if dir := eval.SharedDir(); dir != "" {
		pages, err := corpusPages(filepath.Join(dir, "data", "news-corpus", "click-id", "articles.jsonl.gz"), per*fb.hosts)
		if err != nil {
			return err
		}
		site.Pages, text = pages, fmt.Sprintf("%d news-corpus articles", len(pages))
	}
	tmp, err := os.MkdirTemp("", "warta-bench-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	// A Main of its own (not a copy: Main holds a mutex), with the bench's
	// store and fetch settings.
	m := &Main{Config: c.m.Config, Stdin: c.m.Stdin, Stdout: c.m.Stdout, Stderr: c.m.Stderr, Getenv: c.m.Getenv, Logger: c.m.Logger}
	m.Config.DB = filepath.Join(tmp, "bench.db")
	m.Config.FetchAllowPrivate = true // the local server
	m.Config.FetchDelay = config.Duration(fb.delay)
	m.Config.FetchWorkers = fb.hosts
	m.Config.FetchRetries = 0
	m.Resolve = site.Resolve
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	// One poll per feed takes all its articles (the default caps a poll
	// at 500 and leaves the rest for the next).
	cr, err := m.newCrawler(store, crawl.Options{MaxArticles: per})
	if err != nil {
		return err
	}
	defer cr.Fetcher.Close()
	var mu sync.Mutex
	var samples []uint64
	var got int
	sink := cr.Sink
	if fb.discard {
		sink = func(_ context.Context, docs []*warta.Document, _ []warta.Problem) (int, error) { return len(docs), nil }
	}
	cr.Sink = func(ctx context.Context, docs []*warta.Document, probs []warta.Problem) (int, error) {
		n, err := sink(ctx, docs, probs)
		mu.Lock()
		defer mu.Unlock()
		before := got / 1000
		got += len(docs)
		if got/1000 != before {
			// The live heap after a collection: what a long run keeps.
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			samples = append(samples, ms.HeapAlloc)
		}
		return n, err
	}
	for i := range fb.hosts {
		if _, _, err := cr.Add(ctx, crawl.AddOptions{URL: site.FeedURL(i), Kind: warta.SourceFeed, Every: time.Hour}); err != nil {
			return err
		}
	}
	runtime.GC()
	start := time.Now()
	results, err := cr.PollAll(ctx)
	if err != nil {
		return err
	}
	el := time.Since(start)
	created, failed := 0, 0
	for _, r := range results {
		created += r.New
		if r.Err != nil || r.Failed > 0 {
			failed++
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mode := "fetched, extracted, analyzed and stored"
	if fb.discard {
		mode = "fetched and prepared (documents dropped)"
	}
	fmt.Fprintf(c.m.Stdout, "fetch %d articles (%s) from %d hosts (delay %s, server latency %s, %d pipeline workers): %d %s in %.1fs = %.0f articles/s; %d requests, %.0f MiB served; %d sources with failures\n",
		per*fb.hosts, text, fb.hosts, fb.delay, fb.latency, m.Config.EffectiveWorkers(), created, mode, el.Seconds(),
		float64(created)/el.Seconds(), site.Requests(), float64(site.Bytes())/(1<<20), failed)
	if fb.delay > 0 {
		fmt.Fprintf(c.m.Stdout, "politeness bound: %d hosts / %s = %.0f requests/s at most\n", fb.hosts, fb.delay, float64(fb.hosts)/fb.delay.Seconds())
	}
	fmt.Fprint(c.m.Stdout, "live heap after GC every 1000 articles (MiB):")
	for _, s := range samples {
		fmt.Fprintf(c.m.Stdout, " %.0f", float64(s)/(1<<20))
	}
	fmt.Fprintf(c.m.Stdout, "; heap high-water %.0f MiB (Sys %.0f MiB)\n", float64(ms.HeapSys)/(1<<20), float64(ms.Sys)/(1<<20))
	return nil
}

// corpusPages reads up to n articles with a title and text from the news
// corpus, its paragraphs split where the corpus joined them (".,").
func corpusPages(path string, n int) ([]crawltest.Page, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	br := bufio.NewReaderSize(zr, 1<<20)
	var out []crawltest.Page
	for len(out) < n {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			var rec struct{ Title, Text string }
			if json.Unmarshal(line, &rec) == nil && rec.Title != "" && len(rec.Text) > 200 {
				p := crawltest.Page{Title: rec.Title}
				for _, para := range strings.Split(rec.Text, ".,") {
					if para = strings.TrimSpace(strings.Trim(para, " ,")); para != "" {
						p.Paragraphs = append(p.Paragraphs, para+".")
					}
				}
				out = append(out, p)
			}
		}
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("read corpus: %w", err)
		}
	}
	return out, nil
}
