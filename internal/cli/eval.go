package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/extract"
	"github.com/warta-news/warta/internal/pipeline"
)

// EvalCommand prints quality figures against gold data.
type EvalCommand struct{ m *Main }

// Run implements `warta eval`.
func (c *EvalCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("eval", "seeds|extract")
	shared := fs.String("shared", "", "the shared data folder (default: ../shared next to the repository, or $WARTA_SHARED)")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &UsageError{Msg: "eval: say what to evaluate", Hint: "Usage: warta eval seeds|extract"}
	}
	dir := *shared
	if dir == "" {
		dir = eval.SharedDir()
	}
	if dir == "" {
		return &UsageError{Msg: "eval: ../shared not found", Hint: "Pass --shared DIR or set WARTA_SHARED."}
	}
	switch fs.Arg(0) {
	case "seeds":
		return c.seeds(ctx, dir)
	case "extract":
		return c.extract(dir)
	}
	return &UsageError{Msg: fmt.Sprintf("eval: unknown evaluation %q", fs.Arg(0)), Hint: "Usage: warta eval seeds|extract"}
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
	fmt.Fprintf(c.m.Stdout, "F1 %.3f\n", ours.F1)
	return nil
}
