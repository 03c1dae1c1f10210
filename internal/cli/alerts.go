package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/alert"
)

// AlertsCommand manages saved searches.
type AlertsCommand struct{ m *Main }

const alertsUsage = "Usage: warta alerts add NAME --q WORDS [--entity ID] [--type CONSULT] [--webhook URL] [--backfill] | list [--json] | remove ID|NAME"

// alertsHelp is what `warta alerts -h` prints.
const alertsHelp = alertsUsage + `

Saved searches: articles stored after an alert is added that match it are
its matches, in /api/v1/alerts/ID/feed.atom and posted to its webhook.

  add NAME     save a search (--backfill: match the articles already stored too)
  list         the alerts and their last webhook delivery
  remove ID    delete an alert (by ID or NAME) with its matches

Run 'warta alerts add -h' for the flags of add.
`

// Run implements `warta alerts add|list|remove`.
func (c *AlertsCommand) Run(ctx context.Context, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help") {
		// Asking for help is no mistake: it goes to stdout, exit 0.
		fmt.Fprint(c.m.Stdout, alertsHelp)
		return nil
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return &UsageError{Msg: "alerts: say add, list or remove", Hint: alertsUsage}
	}
	switch args[0] {
	case "add":
		return c.add(ctx, args[1:])
	case "list":
		return c.list(ctx, args[1:])
	case "remove", "rm":
		return c.remove(ctx, args[1:])
	}
	return &UsageError{Msg: fmt.Sprintf("alerts: unknown subcommand %q", args[0]), Hint: alertsUsage}
}

func (c *AlertsCommand) add(ctx context.Context, args []string) error {
	fs := c.m.flagSet("alerts add", "NAME")
	query := fs.String("q", "", "words in the search syntax")
	webhook := fs.String("webhook", "", "http(s) URL that receives new matches")
	var entities, types stringList
	fs.Var(&entities, "entity", "an entity ID or name the articles must name (repeatable: all of them)")
	fs.Var(&types, "type", "an event type the articles must report, e.g. CONSULT (repeatable: any of them)")
	backfill := fs.Bool("backfill", false, "match the articles already stored too, and say how many match")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &UsageError{Msg: "alerts add: give one NAME (quote it if it has spaces)", Hint: alertsUsage}
	}
	a := &warta.Alert{Name: fs.Arg(0), Query: *query, Entities: entities, EventTypes: types, Webhook: *webhook, Backfill: *backfill}
	s := newSearcher()
	if err := alert.Check(a, s, c.m.webhookGuard()); err != nil {
		return &UsageError{Msg: "alerts add: " + warta.ErrorMessage(err), Hint: alertsUsage}
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	// Stored by ID: "jokowi" is Joko Widodo in an alert as in a search.
	if a.Entities, err = c.m.resolveEntities(ctx, store, entities); err != nil {
		return err
	}
	if err := store.AddAlert(ctx, a); err != nil {
		if code := warta.ErrorCode(err); code == warta.ECONFLICT || code == warta.EINVALID {
			return &UsageError{Msg: "alerts add: " + warta.ErrorMessage(err)}
		}
		return err
	}
	if !a.Backfill {
		fmt.Fprintf(c.m.Stdout, "alert %d %q saved: articles stored from now on that match it are in /api/v1/alerts/%d/feed.atom\n", a.ID, a.Name, a.ID)
		return nil
	}
	q, err := alert.Query(a, s)
	if err != nil {
		return err
	}
	n, err := store.MatchAlert(ctx, a.ID, q, time.Now())
	if err != nil {
		return fmt.Errorf("back-fill alert %d: %w", a.ID, err)
	}
	fmt.Fprintf(c.m.Stdout, "alert %d %q saved: %d article(s) already stored match; they and later matches are in /api/v1/alerts/%d/feed.atom\n", a.ID, a.Name, n, a.ID)
	return nil
}

func (c *AlertsCommand) list(ctx context.Context, args []string) error {
	fs := c.m.flagSet("alerts list", "")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	as, err := store.Alerts(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if as == nil {
			as = []*warta.Alert{}
		}
		return json.NewEncoder(c.m.Stdout).Encode(as)
	}
	for _, a := range as {
		fmt.Fprintf(c.m.Stdout, "%d  %s  %s\n", a.ID, a.Name, describeAlert(a))
		ds, err := store.Deliveries(ctx, a.ID, 1)
		if err != nil {
			return err
		}
		if len(ds) > 0 {
			d := ds[0]
			fmt.Fprintf(c.m.Stdout, "    last delivery: %s after %d attempt(s)", d.State, d.Attempts)
			if d.LastError != "" {
				fmt.Fprintf(c.m.Stdout, " (%s)", d.LastError)
			}
			fmt.Fprintln(c.m.Stdout)
		}
	}
	return nil
}

func describeAlert(a *warta.Alert) string {
	var parts []string
	if a.Query != "" {
		parts = append(parts, "q="+strconv.Quote(a.Query))
	}
	for _, e := range a.Entities {
		parts = append(parts, "entity="+e)
	}
	for _, t := range a.EventTypes {
		parts = append(parts, "type="+t)
	}
	if a.Webhook != "" {
		parts = append(parts, "webhook="+a.Webhook)
	}
	return strings.Join(parts, " ")
}

func (c *AlertsCommand) remove(ctx context.Context, args []string) error {
	fs := c.m.flagSet("alerts remove", "ID|NAME")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &UsageError{Msg: "alerts remove: give one ID or NAME", Hint: alertsUsage}
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ref := fs.Arg(0)
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		as, err := store.Alerts(ctx)
		if err != nil {
			return err
		}
		for _, a := range as {
			if a.Name == ref {
				id = a.ID
			}
		}
	}
	if err := store.RemoveAlert(ctx, id); err != nil {
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			return &UsageError{Msg: fmt.Sprintf("alerts remove: no alert %q", ref), Hint: "warta alerts list shows them"}
		}
		return err
	}
	fmt.Fprintf(c.m.Stdout, "alert %s removed\n", ref)
	return nil
}
