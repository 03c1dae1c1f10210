package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// EntitiesCommand lists the entities named in matching articles.
type EntitiesCommand struct{ m *Main }

// Run implements `warta entities`.
func (c *EntitiesCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("entities", "QUERY")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	if query == "" {
		return &UsageError{Msg: "entities: no query", Hint: "Usage: warta entities NAME (e.g. warta entities Lavrov)"}
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	s := newSearcher()
	q, err := s.Parse(query)
	if err != nil {
		return &UsageError{Msg: warta.ErrorMessage(err)}
	}
	q.Limit = 200
	res, err := store.SearchArticles(ctx, q)
	if err != nil {
		return err
	}
	type summary struct {
		ID       string   `json:"id"`
		Name     string   `json:"name"`
		Type     string   `json:"type"`
		Roles    []string `json:"roles,omitempty"`
		Aliases  []string `json:"aliases,omitempty"`
		Articles int      `json:"articles"`
	}
	byID := map[string]*summary{}
	needle := strings.ToLower(query)
	for _, h := range res.Hits {
		for _, e := range h.Article.Entities {
			match := strings.Contains(strings.ToLower(e.Name), needle)
			for _, m := range e.Mentions {
				match = match || strings.Contains(strings.ToLower(m.Text), needle)
			}
			if !match {
				continue
			}
			sm := byID[e.ID]
			if sm == nil {
				sm = &summary{ID: e.ID, Name: e.Name, Type: string(e.Type)}
				byID[e.ID] = sm
			}
			sm.Articles++
			if e.Role != "" {
				role := e.Role
				if e.Affiliation != "" {
					role += " " + e.Affiliation
				}
				if y := h.Article.Published; len(y) >= 4 {
					role += " (" + y[:4] + ")"
				}
				sm.Roles = addUnique(sm.Roles, role)
			}
			for _, m := range e.Mentions {
				sm.Aliases = addUnique(sm.Aliases, m.Text)
			}
		}
	}
	var out []*summary
	for _, s := range byID {
		sort.Strings(s.Roles)
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Articles > out[j].Articles || out[i].Articles == out[j].Articles && out[i].ID < out[j].ID
	})
	if *asJSON {
		return json.NewEncoder(c.m.Stdout).Encode(out)
	}
	for _, s := range out {
		fmt.Fprintf(c.m.Stdout, "%s  %s (%s) · %d article(s)\n", s.ID, s.Name, s.Type, s.Articles)
		if len(s.Roles) > 0 {
			fmt.Fprintf(c.m.Stdout, "    roles: %s\n", strings.Join(s.Roles, "; "))
		}
		fmt.Fprintf(c.m.Stdout, "    written as: %s\n", strings.Join(s.Aliases, ", "))
	}
	return nil
}

func addUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// QuotesCommand lists quotes by speaker and words.
type QuotesCommand struct{ m *Main }

// Run implements `warta quotes`.
func (c *QuotesCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("quotes", "")
	speaker := fs.String("speaker", "", "only quotes by this speaker (any part of the name)")
	words := fs.String("q", "", "only quotes in articles matching these words")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	s := newSearcher()
	q, err := s.Parse(*words)
	if err != nil {
		return &UsageError{Msg: warta.ErrorMessage(err)}
	}
	q = s.WithAny(q, *speaker)
	q.Limit = 200
	res, err := store.SearchArticles(ctx, q)
	if err != nil {
		return err
	}
	type row struct {
		warta.Quote
		ArticleID string `json:"article_id"`
		Outlet    string `json:"outlet,omitempty"`
		Published string `json:"published,omitempty"`
	}
	var out []row
	for _, h := range res.Hits {
		for _, qt := range h.Article.Quotes {
			if *speaker != "" && (qt.Speaker == nil || !strings.Contains(strings.ToLower(*qt.Speaker), strings.ToLower(*speaker))) {
				continue
			}
			out = append(out, row{Quote: qt, ArticleID: h.Article.ID, Outlet: h.Article.Outlet, Published: h.Article.Published})
		}
	}
	if *asJSON {
		return json.NewEncoder(c.m.Stdout).Encode(out)
	}
	for _, r := range out {
		who := "(speaker unknown)"
		if r.Speaker != nil {
			who = *r.Speaker
		}
		kind := ""
		if !r.Direct {
			kind = " [reported]"
		}
		fmt.Fprintf(c.m.Stdout, "%s%s: “%s”\n    %s · %s · %s\n", who, kind, r.Text, r.Outlet, r.Published, r.ArticleID)
	}
	return nil
}
