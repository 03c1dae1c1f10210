package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/event"
	"github.com/warta-news/warta/internal/export"
)

// ExportCommand writes articles, events, a GDELT-like table or the entity
// co-occurrence network.
type ExportCommand struct{ m *Main }

// Run implements `warta export`.
func (c *ExportCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("export", "articles|events|gdelt|cooccurrence")
	format := fs.String("format", "", "jsonl or csv for articles; events are jsonl, gdelt tsv, cooccurrence csv")
	query := fs.String("q", "", "only articles matching this search (and the events they report)")
	out := fs.String("out", "", "write to this file instead of standard output")
	var entities, types stringList
	fs.Var(&entities, "entity", "only articles naming this entity, ID or name (repeatable: all of them)")
	fs.Var(&types, "type", "only articles reporting an event of this type, e.g. CONSULT (repeatable: any of them)")
	minWeight := fs.Int("min-weight", 0, "cooccurrence: drop pairs named together in fewer articles")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &UsageError{Msg: "export: say what to export", Hint: "Usage: warta export articles|events|gdelt|cooccurrence [--format jsonl|csv] [--q QUERY] [--out FILE]"}
	}
	s := newSearcher()
	q, err := s.Parse(*query)
	if err != nil {
		return &UsageError{Msg: warta.ErrorMessage(err)}
	}
	for _, t := range types {
		t = strings.ToUpper(strings.TrimSpace(t))
		if !slices.Contains(event.Types(), t) {
			return &UsageError{Msg: fmt.Sprintf("export: event type %q unknown; types: %s", t, strings.Join(event.Types(), ", "))}
		}
		q.EventTypes = append(q.EventTypes, t)
	}
	req := export.Request{What: fs.Arg(0), Format: *format, Query: q, MinWeight: *minWeight,
		Filtered: *query != "" || len(entities) > 0 || len(types) > 0}
	if err := req.Check(); err != nil {
		return &UsageError{Msg: "export: " + warta.ErrorMessage(err)}
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if req.Query.Entities, err = c.m.resolveEntities(ctx, store, entities); err != nil {
		return err
	}
	// An empty export looks like a failed one: say that nothing matched.
	probe := req.Query
	probe.Limit, probe.Offset = 1, 0
	if res, err := store.SearchArticles(ctx, probe); err == nil && res.Total == 0 {
		fmt.Fprintln(c.m.Stderr, "export: no article matches; the export is empty")
	}
	start := time.Now()
	var n int64
	if *out == "" {
		bw := bufio.NewWriter(c.m.Stdout)
		cw := &export.CountingWriter{W: bw}
		if err := export.Write(ctx, cw, store, req); err != nil {
			return fmt.Errorf("export %s: %w", req.What, err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("export %s: %w", req.What, err)
		}
		n = cw.N
	} else if n, err = writeFileAtomic(*out, func(w io.Writer) error { return export.Write(ctx, w, store, req) }); err != nil {
		return fmt.Errorf("export %s: %w", req.What, err)
	}
	took := time.Since(start)
	c.m.logger("export").Info("export done", "what", req.What, "format", req.Format, "bytes", n,
		"took_ms", took.Milliseconds(), "mib_per_s", fmt.Sprintf("%.1f", float64(n)/(1<<20)/max(took.Seconds(), 1e-9)))
	return nil
}

// writeFileAtomic writes through a temporary file in the same directory
// and renames it into place, so an interrupted export never leaves a file
// that looks complete.
func writeFileAtomic(path string, fn func(io.Writer) error) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this fails harmlessly
	bw := bufio.NewWriterSize(tmp, 256<<10)
	cw := &export.CountingWriter{W: bw}
	if err := fn(cw); err != nil {
		tmp.Close()
		return cw.N, err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return cw.N, err
	}
	if err := tmp.Close(); err != nil {
		return cw.N, err
	}
	// CreateTemp makes the file private (0600); an export is meant to be
	// read by others, as a file written with os.Create would be.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return cw.N, err
	}
	return cw.N, os.Rename(tmp.Name(), path)
}
