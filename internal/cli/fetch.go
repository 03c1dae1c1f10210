package cli

import (
	"context"
	"fmt"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/crawl"
)

// FetchCommand polls sources once: all stored ones, or URLs given.
type FetchCommand struct{ m *Main }

// Run implements `warta fetch`.
func (c *FetchCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("fetch", "[URL...]")
	kind := fs.String("kind", "auto", "for URLs given: feed, sitemap, page, or auto")
	outlet := fs.String("outlet", "", "for URLs given: outlet name given to their articles")
	c.m.Config.RegisterFetchFlags(fs)
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	k := warta.SourceKind(*kind)
	switch k {
	case "auto":
		k = ""
	case warta.SourceFeed, warta.SourceSitemap, warta.SourcePage:
	default:
		return &UsageError{Msg: fmt.Sprintf("fetch: kind %q", *kind), Hint: "Use feed, sitemap, page or auto."}
	}
	cr, closeAll, err := c.m.openCrawler(ctx)
	if err != nil {
		return err
	}
	defer closeAll()
	var results []*crawl.Result
	if fs.NArg() == 0 {
		if results, err = cr.PollAll(ctx); err != nil {
			return err
		}
		if len(results) == 0 {
			return &UsageError{Msg: "fetch: no sources", Hint: "Add one with 'warta sources add URL', or give URLs: warta fetch URL..."}
		}
	} else {
		for _, u := range fs.Args() {
			results = append(results, cr.PollURL(ctx, u, k, *outlet))
		}
	}
	failed, problems, created := 0, 0, 0
	for _, r := range results {
		fmt.Fprintf(c.m.Stdout, "%s %s: %s (listed %d, seen before %d) in %.1fs\n", r.Source.Kind, r.Source.URL, r.Summary(),
			r.Listed, r.Seen, r.Took.Seconds())
		for _, p := range r.Problems {
			fmt.Fprintln(c.m.Stderr, "problem:", p.String())
		}
		problems += len(r.Problems)
		created += r.New
		if r.Err != nil {
			failed++
		}
	}
	c.m.logger("fetch").Info("fetch done", "sources", len(results), "failed", failed, "new", created, "problems", problems)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed+problems > 0 {
		return &ProblemsError{N: failed + problems}
	}
	return nil
}
