package crawl

import (
	"context"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/crawl/crawltest"
	"github.com/warta-news/warta/internal/ingest/fetch"
)

// BenchmarkPoll fetches articles from 50 made-up hosts on one local server
// through the whole fetch path (robots.txt, politeness gate, conditional
// GET of the feed, canonical keys, seen-URL checks, documents prepared),
// with an in-memory store and a sink that drops the documents: the crawl
// layer's own cost. `warta bench fetch` measures the same with the real
// pipeline and store.
func BenchmarkPoll(b *testing.B) {
	const hosts, per = 50, 40
	site := crawltest.New(hosts, per)
	defer site.Close()
	b.ReportAllocs()
	for b.Loop() {
		f := fetch.New(fetch.Options{AllowPrivate: true, Resolve: site.Resolve})
		st := newMemStore()
		c := New(f, st, Options{Workers: hosts})
		c.Sink = func(_ context.Context, docs []*warta.Document, _ []warta.Problem) (int, error) { return len(docs), nil }
		for i := range hosts {
			if _, _, err := c.Add(context.Background(), AddOptions{URL: site.FeedURL(i), Kind: warta.SourceFeed, Every: time.Hour}); err != nil {
				b.Fatal(err)
			}
		}
		res, err := c.PollAll(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, r := range res {
			n += r.New
		}
		if n != hosts*per {
			b.Fatalf("%d new, want %d", n, hosts*per)
		}
		f.Close()
	}
	b.ReportMetric(float64(hosts*per*b.N)/b.Elapsed().Seconds(), "articles/s")
}
