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
	// in ingest order; the raw documents stay untouched. A store that
	// commits batches atomically records the reprocess as pending and each
	// batch's last document, so an interrupted reprocess resumes where it
	// stopped (the next ingest, serve or reprocess finishes it).
	bc, atomic := store.(warta.BatchCommitter)
	after := ""
	if atomic {
		if after, err = bc.BeginReprocess(ctx); err != nil {
			return nil, err
		}
		if after != "" {
			m.logger("reprocess").Info("resuming an interrupted reprocess", "after", after)
		}
	} else if err := store.DeleteDerived(ctx); err != nil {
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
	var batchBytes int64
	res := &api.ReprocessResult{}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		r, err := p.Reprocess(ctx, batch)
		if err != nil {
			return err
		}
		res.Problems += len(r.Problems)
		doneBefore += len(batch)
		if prog != nil {
			prog.set(doneBefore)
		}
		batch, batchBytes = nil, 0
		return nil
	}
	each := store.EachDocument
	if atomic {
		each = func(ctx context.Context, fn func(*warta.Document) error) error {
			return bc.EachDocumentAfter(ctx, after, fn)
		}
	}
	err = each(ctx, func(d *warta.Document) error {
		res.Problems += len(ingest.Prepare(d))
		batch = append(batch, d)
		batchBytes += int64(len(d.Raw))
		res.Documents++
		if m.batchFull(len(batch), batchBytes) {
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
	if atomic {
		if err := bc.EndReprocess(ctx); err != nil {
			return res, err
		}
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

// finishReprocess completes a reprocess an earlier run left unfinished;
// ingest and serve call it before anything else touches the store.
func (m *Main) finishReprocess(ctx context.Context, store warta.Store) error {
	bc, ok := store.(warta.BatchCommitter)
	if !ok {
		return nil
	}
	pending, err := bc.PendingReprocess(ctx)
	if err != nil || !pending {
		return err
	}
	m.logger("reprocess").Warn("an earlier reprocess was interrupted; finishing it first")
	_, err = m.reprocess(ctx, store, false)
	return err
}
