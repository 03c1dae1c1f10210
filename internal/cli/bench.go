package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/extract"
	"github.com/warta-news/warta/internal/ingest"
)

// BenchCommand measures throughput and memory: cleaning text, HTML
// extraction, a whole ingest of the news corpus into a fresh store, and
// fetching live sources from a local server (bench fetch).
type BenchCommand struct{ m *Main }

// Run implements `warta bench`.
func (c *BenchCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("bench", "[clean|html|ingest|fetch]...")
	shared := fs.String("shared", "", "the shared data folder (default ../shared or $WARTA_SHARED)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	fb := fetchBench{}
	fs.IntVar(&fb.articles, "articles", 10000, "fetch: articles in all")
	fs.IntVar(&fb.hosts, "hosts", 50, "fetch: made-up hosts (one feed each) served by one local server")
	fs.DurationVar(&fb.delay, "delay", 0, "fetch: least time between requests to one host (politeness)")
	fs.DurationVar(&fb.latency, "latency", 0, "fetch: delay the server adds to every response")
	fs.BoolVar(&fb.discard, "discard", false, "fetch: drop documents instead of analyzing and storing them (the fetch path alone)")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	what := fs.Args()
	if len(what) == 0 {
		what = []string{"clean", "html", "ingest"}
	}
	needShared := false
	for _, w := range what {
		needShared = needShared || w != "fetch"
	}
	var dir string
	if needShared {
		var err error
		if dir, err = sharedDir("bench", *shared); err != nil {
			return err
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fmt.Errorf("create profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("start profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(c.m.Stdout, "machine: %s/%s, %d CPUs, GOMAXPROCS %d\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	corpus := filepath.Join(dir, "data", "news-corpus", "click-id", "articles.jsonl.gz")
	for _, w := range what {
		switch w {
		case "clean":
			var docs []*warta.Document
			if _, err := ingest.Walk(ctx, []string{corpus}, nil, ingest.Options{}, func(d *warta.Document) error {
				docs = append(docs, d)
				return nil
			}); err != nil {
				return err
			}
			start := time.Now()
			for _, d := range docs {
				extract.Extract(d, extract.Options{})
			}
			el := time.Since(start)
			fmt.Fprintf(c.m.Stdout, "clean text (news corpus, one core): %d docs in %.2fs = %.0f docs/s\n", len(docs), el.Seconds(), float64(len(docs))/el.Seconds())
		case "html":
			pages, err := eval.LoadBench(dir)
			if err != nil {
				return err
			}
			base := eval.RunBench("go-trafilatura (defaults)", pages, trafilaturaBaseline)
			ours := eval.RunBench("warta extract", pages, extractHTML)
			base.Print(c.m.Stdout)
			ours.Print(c.m.Stdout)
			fmt.Fprintf(c.m.Stdout, "speed: %.2f× go-trafilatura\n", base.Seconds/ours.Seconds)
		case "ingest":
			tmp, err := os.MkdirTemp("", "warta-bench-")
			if err != nil {
				return fmt.Errorf("temp dir: %w", err)
			}
			defer os.RemoveAll(tmp)
			c.m.Config.DB = filepath.Join(tmp, "bench.db")
			store, err := c.m.openStore(ctx)
			if err != nil {
				return err
			}
			runtime.GC()
			start := time.Now()
			sum, err := c.m.ingest(ctx, store, []string{corpus}, false)
			store.Close()
			if err != nil {
				return err
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			el := time.Since(start)
			fmt.Fprintf(c.m.Stdout, "ingest news corpus (%d workers): %d docs, %d articles in %.1fs = %.0f docs/s; heap high-water %.0f MiB (Sys %.0f MiB)\n",
				c.m.Config.EffectiveWorkers(), sum.read, sum.articles, el.Seconds(), float64(sum.read)/el.Seconds(),
				float64(ms.HeapSys)/(1<<20), float64(ms.Sys)/(1<<20))
		case "fetch":
			if err := c.fetch(ctx, fb); err != nil {
				return err
			}
		default:
			return &UsageError{Msg: fmt.Sprintf("bench: unknown benchmark %q", w), Hint: "Usage: warta bench [clean|html|ingest|fetch]..."}
		}
	}
	return nil
}
