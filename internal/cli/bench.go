package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/extract"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/store/sqlite"
)

// BenchCommand measures throughput and memory: cleaning text, HTML
// extraction, a whole ingest of the news corpus into a fresh store,
// fetching live sources from a local server (bench fetch), the start-up of
// the binary itself (bench startup), and growing a SQLite or PostgreSQL
// store (bench store).
type BenchCommand struct {
	m    *Main
	keep bool // store: keep the PostgreSQL schema for a look afterwards
}

// Run implements `warta bench`.
func (c *BenchCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("bench", "["+modes(benchModes)+"]...")
	sizes := fs.String("sizes", "10000,100000,1000000", "cluster, store: the store sizes (articles) at which to measure")
	fs.BoolVar(&c.keep, "keep", false, "store: keep the PostgreSQL schema it grew (to look at it with psql)")
	shared := fs.String("shared", "", "the shared data folder (default ../shared or $WARTA_SHARED)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile (live objects) to this file at the end")
	fb := fetchBench{}
	fs.IntVar(&fb.articles, "articles", 10000, "fetch: articles in all")
	fs.IntVar(&fb.hosts, "hosts", 50, "fetch: made-up hosts (one feed each) served by one local server")
	fs.DurationVar(&fb.delay, "delay", 0, "fetch: least time between requests to one host (politeness)")
	fs.DurationVar(&fb.latency, "latency", 0, "fetch: delay the server adds to every response")
	fs.BoolVar(&fb.discard, "discard", false, "fetch: drop documents instead of analyzing and storing them (the fetch path alone)")
	sb := serveBench{}
	fs.StringVar(&sb.url, "url", "http://127.0.0.1:8080", "serve: the running warta serve to load")
	fs.IntVar(&sb.readers, "readers", 8, "serve: concurrent readers")
	fs.DurationVar(&sb.duration, "duration", 60*time.Second, "serve: how long to load it")
	fs.StringVar(&sb.ingest, "ingest", "", "serve, freshness: a JSONL file to POST to /api/v1/ingest meanwhile (needs WARTA_TOKEN)")
	every := fs.Duration("every", 2*time.Second, "freshness: how often to POST one new report")
	runs := fs.Int("runs", 20, "startup: runs of each command")
	page := fs.String("page", "", "startup: the page to analyze and search (default: a short page of our own)")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	what := fs.Args()
	if len(what) == 0 {
		what = []string{"clean", "html", "ingest"}
	}
	for _, w := range what {
		if !slices.Contains(benchModes, w) {
			return &UsageError{Msg: fmt.Sprintf("bench: unknown benchmark %q", w), Hint: "Usage: warta bench [" + modes(benchModes) + "]..."}
		}
	}
	needShared := false
	for _, w := range what {
		// The synthetic cluster and local fetch benchmarks need no corpus.
		needShared = needShared || w != "fetch" && w != "cluster" && w != "startup" && w != "store" && w != "serve" && w != "freshness"
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
	if *memprofile != "" {
		defer func() {
			if err := writeHeapProfile(*memprofile); err != nil {
				fmt.Fprintln(c.m.Stderr, "warta:", err)
			}
		}()
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
		case "cluster":
			if err := c.cluster(ctx, *sizes); err != nil {
				return err
			}
		case "fetch":
			if err := c.fetch(ctx, fb); err != nil {
				return err
			}
		case "freshness":
			sb.token = c.m.Config.Token
			if err := sb.freshness(ctx, c.m.Stdout, *every); err != nil {
				return err
			}
		case "serve":
			sb.token = c.m.Config.Token
			if err := sb.run(ctx, c.m.Stdout); err != nil {
				return err
			}
		case "startup":
			if err := c.startup(ctx, *runs, *page); err != nil {
				return err
			}
		case "store":
			targets, err := parseSizes(*sizes)
			if err != nil {
				return err
			}
			if err := c.benchStore(ctx, c.m.Config.DB, targets); err != nil {
				return err
			}
		default:
			return &UsageError{Msg: fmt.Sprintf("bench: unknown benchmark %q", w), Hint: "Usage: warta bench [" + modes(benchModes) + "]..."}
		}
	}
	return nil
}

// cluster measures the cost of adding an article to the clustering as the
// store grows: it grows a SQLite store with synthetic articles to each size
// and times adding a further sample there, in the pipeline's batches.
func (c *BenchCommand) cluster(ctx context.Context, sizes string) error {
	targets, err := parseSizes(sizes)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "warta-bench-cluster-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	path := filepath.Join(tmp, "cluster.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	gen := cluster.NewSynthetic(1)
	n, examined := 0, 0
	add := func(count int) error {
		for count > 0 {
			k := min(count, batchSize)
			b := cluster.NewBatch(db)
			cl := &cluster.Clusterer{Store: b}
			for range k {
				if err := cl.Add(ctx, gen.Article(n)); err != nil {
					return err
				}
				n++
			}
			if err := b.Flush(ctx); err != nil {
				return err
			}
			examined += cl.Examined
			count -= k
		}
		return nil
	}
	const sample = 2000
	start := time.Now()
	for _, target := range targets {
		if err := add(target - n); err != nil {
			return err
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		t0, ex0 := time.Now(), examined
		if err := add(sample); err != nil {
			return err
		}
		el := time.Since(t0)
		runtime.GC()
		runtime.ReadMemStats(&after)
		var size int64
		for _, suffix := range []string{"", "-wal"} {
			if st, err := os.Stat(path + suffix); err == nil {
				size += st.Size()
			}
		}
		fmt.Fprintf(c.m.Stdout, "cluster: %9d stored: %6.0f µs/article, %5.1f candidates/article, %5.0f KiB allocated/article, heap in use %4.0f MiB, store %5.0f MiB (grown in %.0fs)\n",
			target, float64(el.Microseconds())/sample, float64(examined-ex0)/sample, float64(after.TotalAlloc-before.TotalAlloc)/1024/sample,
			float64(after.HeapInuse)/(1<<20), float64(size)/(1<<20), time.Since(start).Seconds())
	}
	return nil
}

// parseSizes reads --sizes: article counts separated by commas.
func parseSizes(sizes string) ([]int, error) {
	var targets []int
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, &UsageError{Msg: fmt.Sprintf("bench: bad size %q", f), Hint: "--sizes takes article counts: 10000,100000"}
		}
		targets = append(targets, n)
	}
	return targets, nil
}

// writeHeapProfile writes the live heap, after a collection, to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create heap profile: %w", err)
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("write heap profile: %w", err)
	}
	return f.Close()
}
