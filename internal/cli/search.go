package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/search"
)

// maxSearchLimit is the most results one search returns, as in the API.
const maxSearchLimit = 200

// SearchCommand searches the store.
type SearchCommand struct{ m *Main }

// Run implements `warta search`.
func (c *SearchCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("search", "QUERY")
	limit := fs.Int("limit", 10, "results to show (1-200)")
	offset := fs.Int("offset", 0, "results to skip")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	outlet := fs.String("outlet", "", "only this outlet")
	lang := fs.String("lang", "", "only this language (id, ms, en, ...)")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	// The same range the API takes (limit=1..200), refused rather than
	// quietly clamped.
	if *limit < 1 || *limit > maxSearchLimit {
		return &UsageError{Msg: fmt.Sprintf("--limit %d: want 1 to %d", *limit, maxSearchLimit)}
	}
	if *offset < 0 {
		return &UsageError{Msg: fmt.Sprintf("--offset %d: want 0 or more", *offset)}
	}
	s := newSearcher()
	q, err := s.Parse(strings.Join(fs.Args(), " "))
	if err != nil {
		return &UsageError{Msg: warta.ErrorMessage(err), Hint: "Dates look like from:2021-07-01 to:2021-07-31."}
	}
	if *outlet != "" {
		q.Outlet = *outlet
	}
	if *lang != "" {
		q.Language = *lang
	}
	q.Limit, q.Offset = *limit, *offset
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if q.Outlet != "" {
		// "outlet:kompas" means Kompas.com; an unknown name lists the
		// outlets there are.
		st, err := store.Stats(ctx)
		if err != nil {
			return err
		}
		if q.Outlet, err = search.ResolveOutlet(q.Outlet, search.OutletNames(st.Outlets)); err != nil {
			return &UsageError{Msg: warta.ErrorMessage(err)}
		}
	}
	res, err := store.SearchArticles(ctx, q)
	if err != nil {
		if warta.ErrorCode(err) == warta.EINVALID {
			return &UsageError{Msg: warta.ErrorMessage(err)}
		}
		return err
	}
	for i := range res.Hits {
		res.Hits[i].Snippet = s.Snippet(res.Hits[i].Article, q, 30)
	}
	if *asJSON {
		enc := json.NewEncoder(c.m.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	fmt.Fprintf(c.m.Stdout, "%d article(s)\n", res.Total)
	switch {
	case res.Total == 0:
		fmt.Fprintln(c.m.Stdout, "No article matches. Try fewer words, or check the spelling and the filters.")
	case len(res.Hits) == 0:
		fmt.Fprintf(c.m.Stdout, "No results past --offset %d.\n", *offset)
	}
	r := strings.NewReplacer("<mark>", "[", "</mark>", "]", "&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'")
	for i, h := range res.Hits {
		a := h.Article
		fmt.Fprintf(c.m.Stdout, "\n%d. %s\n   %s · %s · %s\n   %s\n", *offset+i+1, orDash(a.Headline()), orDash(a.Outlet),
			orDash(a.Published), a.ID, r.Replace(h.Snippet))
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
