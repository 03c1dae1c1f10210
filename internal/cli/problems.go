package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/warta-news/warta"
)

// ProblemsCommand lists the stored problems.
type ProblemsCommand struct{ m *Main }

// problemFilter selects stored problems.
type problemFilter struct {
	source, stage string    // source contains; stage equals (without case)
	since, until  time.Time // stored at or after since, before until; zero: unbounded
}

func (f problemFilter) keep(p warta.Problem) bool {
	if f.source != "" && !strings.Contains(p.Source, f.source) {
		return false
	}
	if f.stage != "" && !strings.EqualFold(p.Stage, f.stage) {
		return false
	}
	if !f.since.IsZero() && p.At.Before(f.since) {
		return false
	}
	if !f.until.IsZero() && !p.At.Before(f.until) {
		return false
	}
	return true
}

// parseDay reads a flag date: 2006-01-02 (UTC) or RFC 3339.
func parseDay(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, &UsageError{Msg: fmt.Sprintf("--%s %q: want a date (2006-01-02) or an RFC 3339 time", flag, v)}
	}
	return t, nil
}

// Run implements `warta problems`.
func (c *ProblemsCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("problems", "")
	var f problemFilter
	fs.StringVar(&f.source, "source", "", "only problems whose source contains this")
	fs.StringVar(&f.stage, "stage", "", "only problems of this kind: the stage that met them (ingest, extract, date, pipeline, ...)")
	fs.StringVar(&f.stage, "kind", "", "the same as --stage")
	since := fs.String("since", "", "only problems stored on or after this date (2006-01-02 or RFC 3339)")
	until := fs.String("until", "", "only problems stored before this date")
	limit := fs.Int("limit", 100, "problems to show at most (0: all)")
	asJSON := fs.Bool("json", false, "print JSON lines")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	var err error
	if f.since, err = parseDay("since", *since); err != nil {
		return err
	}
	if f.until, err = parseDay("until", *until); err != nil {
		return err
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	enc := json.NewEncoder(c.m.Stdout)
	enc.SetEscapeHTML(false)
	shown := 0
	var before int64
	for {
		page, err := store.ProblemsBefore(ctx, before, 500)
		if err != nil {
			return err
		}
		for _, p := range page {
			before = p.ID
			if !f.keep(p) {
				continue
			}
			if *limit > 0 && shown >= *limit {
				fmt.Fprintf(c.m.Stderr, "warta: more problems match; raise --limit (0 for all)\n")
				return nil
			}
			shown++
			if *asJSON {
				if err := enc.Encode(p); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintf(c.m.Stdout, "%s  %s\n", p.At.UTC().Format("2006-01-02 15:04:05"), p.String())
		}
		if len(page) < 500 {
			break
		}
	}
	if shown == 0 {
		fmt.Fprintln(c.m.Stderr, "warta: no stored problems match")
	}
	return nil
}
