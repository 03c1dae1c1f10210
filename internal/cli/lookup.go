package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/query"
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
	name := strings.Join(fs.Args(), " ")
	if name == "" {
		return &UsageError{Msg: "entities: no query", Hint: "Usage: warta entities NAME (e.g. warta entities Lavrov)"}
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	out, res, err := query.New(store, newSearcher()).Entities(ctx, name)
	if err != nil {
		if warta.ErrorCode(err) == warta.EINVALID {
			return &UsageError{Msg: warta.ErrorMessage(err)}
		}
		return err
	}
	if of, err := officesOf(); err == nil {
		query.WithOffices(out, of)
	}
	if *asJSON {
		return json.NewEncoder(c.m.Stdout).Encode(out)
	}
	if res != nil {
		fmt.Fprintf(c.m.Stderr, "entity %s\n", res)
	}
	if len(out) == 0 {
		fmt.Fprintf(c.m.Stdout, "no entity named %q\n", name)
	}
	for _, s := range out {
		fmt.Fprintf(c.m.Stdout, "%s  %s (%s) · %d article(s)\n", s.ID, s.Name, s.Type, s.ArticleCount)
		if len(s.Roles) > 0 {
			fmt.Fprintf(c.m.Stdout, "    roles: %s\n", strings.Join(s.Roles, "; "))
		}
		for _, o := range s.Offices {
			fmt.Fprintf(c.m.Stdout, "    office: %s\n", o)
		}
		fmt.Fprintf(c.m.Stdout, "    written as: %s\n", strings.Join(s.Aliases, ", "))
		if len(s.With) > 0 {
			var with []string
			for _, x := range s.With {
				with = append(with, fmt.Sprintf("%s (%d)", x.Name, x.Articles))
			}
			fmt.Fprintf(c.m.Stdout, "    named with: %s\n", strings.Join(with, ", "))
		}
	}
	return nil
}

// QuotesCommand lists quotes by speaker and words.
type QuotesCommand struct{ m *Main }

// Run implements `warta quotes`.
func (c *QuotesCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("quotes", "")
	speaker := fs.String("speaker", "", "only quotes by this speaker: an entity ID or any name, alias or nickname (jokowi)")
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
	// The speaker is resolved like any entity name: --speaker jokowi is
	// Joko Widodo's quotes, however an article spelled him.
	pg, err := query.New(store, s).Quotes(ctx, query.QuotesRequest{Speaker: *speaker, Query: q, Limit: 200})
	if err != nil {
		return err
	}
	if pg.Speaker != nil {
		fmt.Fprintf(c.m.Stderr, "speaker %s\n", pg.Speaker)
	}
	out := pg.Quotes
	if *asJSON {
		return json.NewEncoder(c.m.Stdout).Encode(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.m.Stdout, "no quotes found")
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

// TimelineCommand lists the events of an entity, or between two, over time.
type TimelineCommand struct{ m *Main }

// Run implements `warta timeline`.
func (c *TimelineCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("timeline", "")
	ent := fs.String("entity", "", "an entity ID (per:retno-marsudi) or name")
	with := fs.String("with", "", "only events that also involve this entity")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if *ent == "" {
		return &UsageError{Msg: "timeline: no entity", Hint: "Usage: warta timeline --entity NAME [--with NAME]"}
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	tl, err := query.New(store, newSearcher()).Timeline(ctx, *ent, *with)
	if err != nil {
		if code := warta.ErrorCode(err); code == warta.EINVALID || code == warta.ENOTFOUND {
			return &UsageError{Msg: warta.ErrorMessage(err)}
		}
		return err
	}
	evs := tl.Events
	fmt.Fprintf(c.m.Stderr, "entity %s\n", tl.Entity)
	if tl.With != nil {
		fmt.Fprintf(c.m.Stderr, "with %s\n", tl.With)
	}
	if *asJSON {
		return json.NewEncoder(c.m.Stdout).Encode(evs)
	}
	// Each event in two lines, as the timeline page lists it: what
	// happened (its headline-like label) with its kind as a tag, then who
	// took part, where, and how widely it was reported; its reports below.
	for _, e := range evs {
		date := e.Date
		if date == "" {
			date = "(undated)"
		}
		fmt.Fprintf(c.m.Stdout, "%-12s %s [%s]\n", date, query.EventLabel(e), strings.ToLower(e.Type))
		facts := []string{}
		if len(e.Actors) > 0 {
			facts = append(facts, strings.Join(e.Actors, ", "))
		}
		if e.Place != "" {
			facts = append(facts, e.Place)
		}
		facts = append(facts, fmt.Sprintf("%d report(s)", len(e.Reports)), e.ID)
		fmt.Fprintf(c.m.Stdout, "%-12s %s\n", "", strings.Join(facts, " · "))
		for _, r := range e.Reports {
			fmt.Fprintf(c.m.Stdout, "    %s · %s · %s\n", r.Outlet, r.Published, r.Title)
		}
	}
	return nil
}

// officesOf looks up the offices an entity held in the knowledge file's
// table of office holders.
func officesOf() (func(id string) []query.Office, error) {
	rec, err := loadRecognizer()
	if err != nil {
		return nil, err
	}
	return func(id string) []query.Office {
		var out []query.Office
		for _, h := range rec.Offices().Of(id) {
			o := query.Office{Office: h.Office, Of: h.Of, From: h.From.Format("2006-01-02")}
			if !h.To.IsZero() {
				o.To = h.To.Format("2006-01-02")
			}
			out = append(out, o)
		}
		return out
	}, nil
}

// resolveEntities reads entity flags through the query layer, as the API
// and the pages do, and says on standard error which entity each name was
// taken to mean when that is not plain from an ID.
func (m *Main) resolveEntities(ctx context.Context, store warta.Store, refs []string) ([]string, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	ids, res, err := query.New(store, newSearcher()).ResolveAll(ctx, refs)
	if err != nil {
		if warta.ErrorCode(err) == warta.EINVALID {
			return nil, &UsageError{Msg: warta.ErrorMessage(err), Hint: "Name an entity by its ID (per:joko-widodo) or any of its names (Jokowi); warta entities NAME lists them"}
		}
		return nil, err
	}
	for _, r := range res {
		if r.Entity.ID != r.Query || r.Ambiguous {
			fmt.Fprintf(m.Stderr, "entity %s\n", r)
		}
	}
	return ids, nil
}
