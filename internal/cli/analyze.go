package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/pipeline"
)

// AnalyzeCommand prints the analysis of documents as JSONL without a store.
type AnalyzeCommand struct{ m *Main }

// Run implements `warta analyze`.
func (c *AnalyzeCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("analyze", "PATH...")
	pretty := fs.Bool("pretty", false, "indent the JSON (one object per document, no longer one per line)")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &UsageError{Msg: "analyze: no paths given", Hint: "Usage: warta analyze PATH... (files, folders, globs, - for stdin)"}
	}
	// The stages load the entity models (about 50 ms of CPU); do it on
	// another core while the first documents are read, and wait for it
	// only when there is something to analyze.
	type loaded struct {
		stages pipeline.Stages
		err    error
	}
	ready := make(chan loaded, 1)
	go func() {
		st, err := newStages(time.Now(), cluster.NewMemory())
		ready <- loaded{st, err}
	}()
	var p *pipeline.Pipeline
	out := bufio.NewWriter(c.m.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if *pretty {
		enc.SetIndent("", "  ")
	}
	nproblems := 0
	var batch []*warta.Document
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if p == nil {
			l := <-ready
			if l.err != nil {
				return l.err
			}
			p = &pipeline.Pipeline{Stages: l.stages, Workers: c.m.Config.Workers, Logger: c.m.logger("pipeline")}
		}
		res, err := p.Analyze(ctx, batch)
		if err != nil {
			return err
		}
		for i, a := range res.Articles {
			if a == nil {
				// Nothing could be extracted: still say so on stdout, so a
				// reader of the JSONL sees every input document.
				a = &warta.Article{ID: batch[i].ID, Source: batch[i].Source, URL: batch[i].URL}
				for _, pr := range res.Problems {
					if pr.Source == batch[i].Source {
						a.Problems = append(a.Problems, pr)
					}
				}
			}
			normalize(a)
			if err := enc.Encode(a); err != nil {
				return fmt.Errorf("write json: %w", err)
			}
		}
		nproblems += len(res.Problems)
		batch = batch[:0]
		return nil
	}
	walkProblems, err := ingest.Walk(ctx, fs.Args(), c.m.Stdin, ingest.Options{MaxDocBytes: c.m.Config.MaxDocBytes}, func(d *warta.Document) error {
		batch = append(batch, d)
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	for _, pr := range walkProblems {
		fmt.Fprintln(c.m.Stderr, "problem:", pr.String())
	}
	if n := nproblems + len(walkProblems); n > 0 {
		out.Flush()
		return &ProblemsError{N: n}
	}
	return nil
}

// normalize makes empty lists [] rather than null, so consumers of the JSON
// contract never need to tell the two apart.
func normalize(a *warta.Article) {
	if a.Paragraphs == nil {
		a.Paragraphs = []string{}
	}
	if a.Captions == nil {
		a.Captions = []string{}
	}
	if a.Related == nil {
		a.Related = []string{}
	}
	if a.Clutter == nil {
		a.Clutter = []warta.Clutter{}
	}
	if a.Problems == nil {
		a.Problems = []warta.Problem{}
	}
	if a.Entities == nil {
		a.Entities = []warta.Entity{}
	}
	if a.Quotes == nil {
		a.Quotes = []warta.Quote{}
	}
	if a.Dates == nil {
		a.Dates = []warta.DateMention{}
	}
	if a.Events == nil {
		a.Events = []warta.Event{}
	}
}
