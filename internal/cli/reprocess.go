package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/pipeline"
	"github.com/warta-news/warta/internal/store/postgres"
)

// ReprocessCommand rebuilds every derived value from the raw documents.
type ReprocessCommand struct{ m *Main }

// Run implements `warta reprocess`.
func (c *ReprocessCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("reprocess", "")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if _, err = c.m.reprocess(ctx, store, true); err != nil {
		return err
	}
	if db, ok := store.(*postgres.DB); ok {
		return c.m.work(ctx, db, 0)
	}
	return nil
}

// reprocess rebuilds derived data from the stored documents; `warta
// reprocess` and POST /api/v1/reprocess both run it.
func (m *Main) reprocess(ctx context.Context, store warta.Store, showProgress bool) (*api.ReprocessResult, error) {
	if db, ok := store.(*postgres.DB); ok {
		return m.reprocessQueued(ctx, db)
	}
	start := time.Now()
	stages, err := newStages(start, store)
	if err != nil {
		return nil, err
	}
	// Derived data goes first so that line counts are rebuilt from scratch
	// in ingest order; the raw documents stay untouched.
	if err := store.DeleteDerived(ctx); err != nil {
		return nil, err
	}
	p := &pipeline.Pipeline{Stages: stages, Store: store, Workers: m.Config.Workers, Logger: m.logger("pipeline")}
	var prog *progress
	doneBefore := 0 // documents of earlier batches
	if showProgress {
		total, _ := store.CountDocuments(ctx) // 0, unknown, if it fails
		prog = newProgress(m.Stderr, "reprocess", total, isTerminal(m.Stderr), m.logs)
		defer prog.finish()
		p.Progress = func(done, _ int) { prog.set(doneBefore + done) }
	}
	var batch []*warta.Document
	res := &api.ReprocessResult{}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		r, err := p.Ingest(ctx, batch, true)
		if err != nil {
			return err
		}
		res.Problems += len(r.Problems)
		doneBefore += len(batch)
		if prog != nil {
			prog.set(doneBefore)
		}
		batch = nil
		return nil
	}
	err = store.EachDocument(ctx, func(d *warta.Document) error {
		res.Problems += len(ingest.Prepare(d))
		batch = append(batch, d)
		res.Documents++
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("reprocess: %w", err)
	}
	if err := flush(); err != nil {
		return res, fmt.Errorf("reprocess: %w", err)
	}
	m.logger("reprocess").Info("reprocess done", "documents", res.Documents, "problems", res.Problems, "took_ms", time.Since(start).Milliseconds())
	return res, nil
}

// reprocessQueued rebuilds derived data on PostgreSQL: the derived
// tables are emptied and every document is queued for analysis again,
// for the workers (or, from `warta reprocess`, this process) to redo.
func (m *Main) reprocessQueued(ctx context.Context, db *postgres.DB) (*api.ReprocessResult, error) {
	if err := db.DeleteDerived(ctx); err != nil {
		return nil, err
	}
	q, err := m.queued(ctx, db)
	if err != nil {
		return nil, err
	}
	res := &api.ReprocessResult{}
	var batch []*warta.Document
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := q.EnqueueDocuments(ctx, batch, batchSize, true)
		batch = nil
		return err
	}
	err = db.EachDocument(ctx, func(d *warta.Document) error {
		res.Documents++
		batch = append(batch, d)
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return res, fmt.Errorf("reprocess: %w", err)
	}
	return res, nil
}
