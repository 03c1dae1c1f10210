package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/pipeline"
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
	start := time.Now()
	stages, err := newStages(start, store)
	if err != nil {
		return err
	}
	// Derived data goes first so that line counts are rebuilt from scratch
	// in ingest order; the raw documents stay untouched.
	if err := store.DeleteDerived(ctx); err != nil {
		return err
	}
	p := &pipeline.Pipeline{Stages: stages, Store: store, Workers: c.m.Config.Workers, Logger: c.m.logger("pipeline")}
	prog := newProgress(c.m.Stderr, "reprocess")
	defer prog.finish()
	var batch []*warta.Document
	n, nprob := 0, 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := p.Ingest(ctx, batch, true)
		if err != nil {
			return err
		}
		nprob += len(res.Problems)
		prog.add(len(batch))
		batch = nil
		return nil
	}
	err = store.EachDocument(ctx, func(d *warta.Document) error {
		nprob += len(ingest.Prepare(d))
		batch = append(batch, d)
		n++
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reprocess: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("reprocess: %w", err)
	}
	c.m.logger("reprocess").Info("reprocess done", "documents", n, "problems", nprob, "took_ms", time.Since(start).Milliseconds())
	return nil
}
