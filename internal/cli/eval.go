package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/entity"
	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/extract"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/pipeline"
)

// EvalCommand prints quality figures against gold data.
type EvalCommand struct{ m *Main }

// Run implements `warta eval`.
func (c *EvalCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("eval", modes(evalModes)+" [FILE...]")
	shared := fs.String("shared", "", "the shared data folder (default: ../shared next to the repository, or $WARTA_SHARED)")
	pages := fs.String("pages", "examples/pages", "the example pages for quotes and dates")
	sample := fs.Int("sample", 0, "corpus: print what was dropped from this many articles per outlet, for reading")
	dev := fs.String("dev", "internal/eval/testdata/events", "events: the development set (gold.json and pages/)")
	shuffles := fs.Int("shuffles", 5, "events: also score this many random arrival orders")
	train := fs.Bool("train", false, "ner: train the tagger from the shared data first instead of using the shipped model")
	keyDir := fs.String("keys", "", "events, quotes: the news-corpus keys (dev.tsv, test.tsv); default internal/eval/testdata/events-corpus or quotes-corpus")
	whole := fs.Bool("corpus", false, "events: analyze the whole news corpus, not only the keys' articles (as `warta ingest` of it would)")
	verbose := fs.Bool("v", false, "events: list every miss")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 && !slices.Contains(evalModes, fs.Arg(0)) {
		return &UsageError{Msg: fmt.Sprintf("eval: unknown evaluation %q", fs.Arg(0)), Hint: "Usage: warta eval " + modes(evalModes) + " [FILE...]"}
	}
	if fs.NArg() == 1 && fs.Arg(0) == "events" {
		// The development set is ours and ships with the repository: no
		// shared data needed.
		rec, err := entity.Load()
		if err != nil {
			return err
		}
		canonical := func(name string) string { id, _ := rec.Canonical(name); return id }
		rep, err := eval.Events(repoPath(*dev), func() (eval.Analyze, error) { return analyzer(ctx) }, canonical, *shuffles)
		if err != nil {
			return err
		}
		rep.Print(c.m.Stdout)
		shared, err := sharedDir("eval", *shared)
		if err != nil {
			fmt.Fprintf(c.m.Stdout, "news-corpus event keys: skipped (%v)\n", err)
			return nil
		}
		if *keyDir == "" {
			*keyDir = "internal/eval/testdata/events-corpus"
		}
		return c.evalEventKeys(ctx, shared, repoPath(*keyDir), *whole, *verbose)
	}
	if fs.NArg() < 1 || fs.NArg() > 1 && fs.Arg(0) != "ner" {
		return &UsageError{Msg: "eval: say what to evaluate", Hint: "Usage: warta eval " + modes(evalModes) + " [FILE...]"}
	}
	// Scoring the shipped tagger on files one names needs no shared data.
	dir := ""
	if fs.Arg(0) != "ner" || *train || fs.NArg() == 1 {
		d, err := sharedDir("eval", *shared)
		if err != nil {
			return err
		}
		dir = d
	}
	switch fs.Arg(0) {
	case "seeds":
		return c.seeds(ctx, dir)
	case "extract":
		return c.extract(dir)
	case "corpus":
		return c.corpus(ctx, dir, *sample)
	case "ner":
		// The shipped model by default (TestShippedModelIsReproducible
		// keeps it equal to what training gives); --train trains anew
		// from the shared data first, as `warta train ner` would.
		var tagger *entity.Tagger
		if *train {
			t, n, err := trainTagger(dir)
			if err != nil {
				return err
			}
			tagger = t
			fmt.Fprintf(c.m.Stdout, "tagger trained on %d sentences (%s)\n", n, strings.Join(eval.NERTrainFiles(dir), ", "))
		} else {
			t, err := entity.ShippedTagger()
			if err != nil {
				return err
			}
			tagger = t
			fmt.Fprintln(c.m.Stdout, "tagger: the model shipped in the binary (warta train ner; --train to train anew)")
		}
		files := fs.Args()[1:]
		if len(files) == 0 {
			files = eval.NERValidFiles(dir)
		}
		rep, err := eval.NER(files, tagger)
		if err != nil {
			return err
		}
		rep.Print(c.m.Stdout)
		return nil
	case "quotes", "dates":
		an, err := analyzer(ctx)
		if err != nil {
			return err
		}
		fn := eval.Quotes
		if fs.Arg(0) == "dates" {
			fn = eval.Dates
		}
		rep, err := fn(dir, repoPath(*pages), an)
		if err != nil {
			return err
		}
		rep.Print(c.m.Stdout)
		if fs.Arg(0) == "quotes" {
			if *keyDir == "" {
				*keyDir = "internal/eval/testdata/quotes-corpus"
			}
			_, err := c.evalQuoteKeys(ctx, dir, repoPath(*keyDir), *verbose)
			return err
		}
		return nil
	}
	return &UsageError{Msg: fmt.Sprintf("eval: unknown evaluation %q", fs.Arg(0)), Hint: "Usage: warta eval " + modes(evalModes) + " [FILE...]"}
}

// analyzer runs the full pipeline over one document at a time, clustering
// in memory, as `warta analyze` does.
func analyzer(ctx context.Context) (eval.Analyze, error) {
	stages, err := newStages(time.Now(), cluster.NewMemory())
	if err != nil {
		return nil, err
	}
	p := &pipeline.Pipeline{Stages: stages, Workers: 1}
	return func(doc *warta.Document) *warta.Article {
		res, err := p.Analyze(ctx, []*warta.Document{doc})
		if err != nil || res.Articles[0] == nil {
			return &warta.Article{ID: doc.ID}
		}
		return res.Articles[0]
	}, nil
}

func (c *EvalCommand) seeds(ctx context.Context, dir string) error {
	an, err := analyzer(ctx)
	if err != nil {
		return err
	}
	rep, err := eval.Seeds(dir, an)
	if err != nil {
		return err
	}
	rep.Print(c.m.Stdout)
	if !rep.Passed() {
		return fmt.Errorf("eval seeds: %d check(s) below the bar", len(rep.Failed()))
	}
	return nil
}

// extractHTML is warta's HTML extraction as the benchmark sees it: the
// clean paragraphs joined by newlines.
func extractHTML(html, url string) string {
	doc := &warta.Document{ID: "bench", Source: url, URL: url, Format: warta.FormatHTML, Text: html, TextFormat: warta.FormatHTML}
	a, _ := extract.Extract(doc, extract.Options{})
	return strings.Join(a.Paragraphs, "\n")
}

// trafilaturaBaseline is go-trafilatura with its defaults (fallback off),
// the figure LIBRARIES.md measured, run in the same process for a fair
// speed comparison.
func trafilaturaBaseline(html, url string) string {
	res, err := trafilatura.Extract(strings.NewReader(html), trafilatura.Options{EnableFallback: false})
	if err != nil {
		return ""
	}
	return res.ContentText
}

func (c *EvalCommand) extract(dir string) error {
	pages, err := eval.LoadBench(dir)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.m.Stdout, "extraction benchmark: ../shared/data/extraction-bench (181 pages), one core")
	base := eval.RunBench("go-trafilatura (defaults)", pages, trafilaturaBaseline)
	ours := eval.RunBench("warta extract", pages, extractHTML)
	base.Print(c.m.Stdout)
	ours.Print(c.m.Stdout)
	if base.Seconds > 0 && ours.Seconds > 0 {
		fmt.Fprintf(c.m.Stdout, "speed: %.2f× go-trafilatura\n", base.Seconds/ours.Seconds)
	}
	fmt.Fprintf(c.m.Stdout, "F1 %.4f\n", ours.F1)
	return nil
}

// corpus reports, per outlet of the news corpus, how much text the cleaner
// removes and of which kinds. The corpus has no gold body, so the figures
// describe the cleaner; --sample prints dropped text to read.
func (c *EvalCommand) corpus(ctx context.Context, dir string, sample int) error {
	path := filepath.Join(dir, "data", "news-corpus", "click-id", "articles.jsonl.gz")
	type stat struct {
		docs, in, kept, noBody int
		kinds                  map[warta.ClutterKind]int
		shown                  int
	}
	stats := map[string]*stat{}
	var outlets []string
	_, err := ingest.Walk(ctx, []string{path}, nil, ingest.Options{}, func(d *warta.Document) error {
		a, _ := extract.Extract(d, extract.Options{})
		o := d.Hints.Outlet
		st := stats[o]
		if st == nil {
			st = &stat{kinds: map[warta.ClutterKind]int{}}
			stats[o] = st
			outlets = append(outlets, o)
		}
		st.docs++
		st.in += len(d.Text)
		for _, p := range a.Paragraphs {
			st.kept += len(p)
		}
		if len(a.Paragraphs) == 0 {
			st.noBody++
		}
		for _, cl := range a.Clutter {
			st.kinds[cl.Kind] += len(cl.Text)
		}
		if st.shown < sample && len(a.Clutter) > 0 {
			st.shown++
			fmt.Fprintf(c.m.Stdout, "--- %s %s\n", o, d.Source)
			for _, cl := range a.Clutter {
				fmt.Fprintf(c.m.Stdout, "  dropped %-12s %.160q\n", cl.Kind, cl.Text)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(outlets)
	fmt.Fprintf(c.m.Stdout, "%-20s %6s %9s %8s %7s  %s\n", "outlet", "docs", "removed", "no body", "", "removed by kind (share of input characters)")
	for _, o := range outlets {
		st := stats[o]
		var kinds []string
		for k, n := range st.kinds {
			kinds = append(kinds, fmt.Sprintf("%s %.1f%%", k, 100*float64(n)/float64(max(1, st.in))))
		}
		sort.Strings(kinds)
		fmt.Fprintf(c.m.Stdout, "%-20s %6d %8.1f%% %8d          %s\n", o, st.docs, 100*(1-float64(st.kept)/float64(max(1, st.in))), st.noBody, strings.Join(kinds, ", "))
	}
	return nil
}

// sharedDir is the shared data folder: the --shared flag, else ../shared
// next to the repository or $WARTA_SHARED.
func sharedDir(cmd, flagValue string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = eval.SharedDir()
	}
	if dir == "" {
		return "", &UsageError{Msg: cmd + ": ../shared not found", Hint: "Pass --shared DIR or set WARTA_SHARED."}
	}
	return dir, nil
}
