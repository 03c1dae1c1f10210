package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/pipeline"
)

// IngestCommand stores documents and analyzes the new ones.
type IngestCommand struct{ m *Main }

// Run implements `warta ingest`.
func (c *IngestCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("ingest", "PATH...")
	force := fs.Bool("force", false, "analyze documents again even if already stored")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &UsageError{Msg: "ingest: no paths given", Hint: "Usage: warta ingest PATH... (files, folders, globs, - for stdin)"}
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	sum, err := c.m.ingest(ctx, store, fs.Args(), *force)
	if err != nil {
		return err
	}
	if sum.problems > 0 {
		return &ProblemsError{N: sum.problems}
	}
	return nil
}

// ingestSummary counts what an ingest run did.
type ingestSummary struct {
	read, created, articles, problems int
	took                              time.Duration
}

// batchSize trades memory for fewer transactions; line repetition is also
// counted per batch.
const batchSize = 2000

// ingest walks paths into the store through the pipeline, in batches.
func (m *Main) ingest(ctx context.Context, store warta.Store, paths []string, force bool) (*ingestSummary, error) {
	start := time.Now()
	stages, err := newStages(start, store)
	if err != nil {
		return nil, err
	}
	prog := newProgress(m.Stderr, "ingest")
	defer prog.finish()
	p := &pipeline.Pipeline{Stages: stages, Store: store, Workers: m.Config.Workers, Logger: m.logger("pipeline")}
	sum := &ingestSummary{}
	var batch []*warta.Document
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := p.Ingest(ctx, batch, force)
		if err != nil {
			return err
		}
		sum.created += res.New
		for _, a := range res.Articles {
			if a != nil {
				sum.articles++
			}
		}
		sum.problems += len(res.Problems)
		prog.add(len(batch))
		batch = batch[:0]
		return nil
	}
	walkProblems, err := ingest.Walk(ctx, paths, m.Stdin, ingest.Options{MaxDocBytes: m.Config.MaxDocBytes}, func(d *warta.Document) error {
		sum.read++
		batch = append(batch, d)
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	if err := flush(); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	if err := store.AddProblems(ctx, walkProblems); err != nil {
		return nil, err
	}
	for _, pr := range walkProblems {
		fmt.Fprintln(m.Stderr, "problem:", pr.String())
	}
	sum.problems += len(walkProblems)
	sum.took = time.Since(start)
	m.logger("ingest").Info("ingest done", "read", sum.read, "new", sum.created, "articles", sum.articles,
		"problems", sum.problems, "took_ms", sum.took.Milliseconds())
	return sum, nil
}
