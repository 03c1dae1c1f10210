package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/alert"
	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/outbound"
	"github.com/warta-news/warta/internal/pipeline"
	"github.com/warta-news/warta/internal/store/postgres"
)

// IngestCommand stores documents and analyzes the new ones.
type IngestCommand struct{ m *Main }

// Run implements `warta ingest`.
func (c *IngestCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("ingest", "PATH...")
	force := fs.Bool("force", false, "analyze documents again even if already stored")
	noWork := fs.Bool("no-work", false, "PostgreSQL: only store and queue; leave the analysis to `warta worker` processes")
	jobs := fs.Int("jobs", 0, "PostgreSQL: jobs this process works at once until the queue is empty (0 = one per CPU)")
	fs.IntVar(&c.m.batch, "batch", 0, "documents per batch (one transaction) or, on PostgreSQL, per analyze job (default: batch_docs, 2000)")
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
	if db, ok := store.(*postgres.DB); ok {
		// The analysis, clustering and alerts are jobs: this process
		// works them with any worker processes until none is left.
		if !*noWork {
			if err := c.m.work(ctx, db, *jobs); err != nil {
				return err
			}
		}
		if sum.problems > 0 {
			return &ProblemsError{N: sum.problems}
		}
		return nil
	}
	// Saved searches see the new articles now; webhooks are retried here
	// until delivered or given up, and whatever Ctrl-C interrupts is
	// picked up by the next run or by warta serve.
	if err := c.m.notifier(store).Flush(ctx); err != nil {
		return fmt.Errorf("alerts: %w", err)
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

// walkFunc hands documents to fn and returns the problems of reading them.
type walkFunc func(fn func(*warta.Document) error) ([]warta.Problem, error)

// ingest walks paths into the store through the pipeline, in batches.
// Each problem is printed as its batch is stored, up to maxPrinted a run;
// a summary says how many more there were.
func (m *Main) ingest(ctx context.Context, store warta.Store, paths []string, force bool) (*ingestSummary, error) {
	opt := ingest.Options{MaxDocBytes: m.Config.MaxDocBytes}
	walk := func(fn func(*warta.Document) error) ([]warta.Problem, error) {
		return ingest.Walk(ctx, paths, m.Stdin, opt, fn)
	}
	// The total, for the time left, costs one more read of the input:
	// small beside analyzing it, and impossible for stdin, which is read
	// once.
	total := 0
	if !slices.Contains(paths, "-") {
		ingest.Walk(ctx, paths, nil, opt, func(*warta.Document) error { total++; return nil })
	}
	// Problems are printed as they come, through the log writer, so that
	// they too clear the progress bar rather than share its line.
	pr := &problemPrinter{w: m.logOut(), max: maxPrinted}
	sum, err := m.ingestFrom(ctx, store, walk, ingestOptions{Total: total, Progress: true, Force: force,
		OnBatch: func(res *pipeline.Result) { pr.print(res.Problems) }})
	if err != nil {
		return nil, err
	}
	pr.print(sum.walkProblems)
	pr.summary()
	return &sum.ingestSummary, nil
}

// maxPrinted is how many problems one run prints; all of a run's
// problems up to the readers' cap are stored, for `warta problems`.
const maxPrinted = 1000

// problemPrinter prints problems up to max and counts the rest.
type problemPrinter struct {
	w          io.Writer
	max, shown int
	more       int
}

func (p *problemPrinter) print(ps []warta.Problem) {
	for _, pr := range ps {
		if p.shown >= p.max {
			p.more++
			continue
		}
		p.shown++
		fmt.Fprintln(p.w, "problem:", pr.String())
	}
}

func (p *problemPrinter) summary() {
	if p.more > 0 {
		fmt.Fprintf(p.w, "problem: %d more not printed (the first %d were); `warta problems` lists the stored ones\n", p.more, p.shown)
	}
}

// ingestRun is an ingestSummary with the reading problems themselves.
type ingestRun struct {
	ingestSummary
	walkProblems []warta.Problem
}

// ingestFrom runs the documents walk yields through the pipeline into the
// store, in batches; `warta ingest`, `warta serve --ingest` and POST
// /api/v1/ingest all come through here. onBatch, when set, sees each
// batch's result. The queue gauge counts documents read and not yet
// stored, for /metrics.
//
// ingestOptions says how: Total documents expected, for the time left (0
// when unknown); Progress shows the bar; Force analyzes stored documents
// again; MaxBatch bounds the documents of a batch below the configured
// size (0: no further bound); OnBatch sees each batch's result.
func (m *Main) ingestFrom(ctx context.Context, store warta.Store, walk walkFunc, opt ingestOptions) (*ingestRun, error) {
	total, showProgress, force, onBatch := opt.Total, opt.Progress, opt.Force, opt.OnBatch
	maxBatch := opt.MaxBatch
	if maxBatch <= 0 {
		maxBatch = math.MaxInt
	}
	if db, ok := store.(*postgres.DB); ok {
		return m.enqueueFrom(ctx, db, walk, force)
	}
	if err := m.finishReprocess(ctx, store); err != nil {
		return nil, err
	}
	start := time.Now()
	stages, err := newStages(start, store)
	if err != nil {
		return nil, err
	}
	var prog *progress
	if showProgress {
		prog = newProgress(m.Stderr, "ingest", total, isTerminal(m.Stderr), m.logs)
		defer prog.finish()
	}
	p := &pipeline.Pipeline{Stages: stages, Store: store, Workers: m.Config.Workers, Logger: m.logger("pipeline")}
	doneBefore := 0 // documents of earlier batches
	if prog != nil {
		p.Progress = func(done, _ int) { prog.set(doneBefore + done) }
	}
	queue := m.ingestQueue()
	sum := &ingestRun{}
	var batch []*warta.Document
	var batchBytes int64
	defer func() { queue.Add(-int64(len(batch))) }()
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
		if onBatch != nil {
			onBatch(res)
		}
		doneBefore += len(batch)
		if prog != nil {
			prog.set(doneBefore)
		}
		queue.Add(-int64(len(batch)))
		batch, batchBytes = batch[:0], 0
		return nil
	}
	walkProblems, err := walk(func(d *warta.Document) error {
		sum.read++
		batch = append(batch, d)
		batchBytes += int64(len(d.Raw))
		queue.Add(1)
		if m.batchFull(len(batch), batchBytes) || len(batch) >= maxBatch {
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
	sum.walkProblems = walkProblems
	sum.problems += len(walkProblems)
	sum.took = time.Since(start)
	m.logger("ingest").Info("ingest done", "read", sum.read, "new", sum.created, "articles", sum.articles,
		"problems", sum.problems, "took_ms", sum.took.Milliseconds())
	return sum, nil
}

// apiIngest is POST /api/v1/ingest: the body (read whole by the handler)
// through ingestFrom, then the alerts are poked. Concurrent requests run
// side by side, their batches taking turns on the store's batch lock; a
// reprocess waits for them and they for it.
//
// serving ends when the server shuts down: the batch in flight is then
// rolled back (batches commit atomically) and the client is told to send
// the request again, rather than the shutdown waiting for a long ingest.
func (m *Main) apiIngest(serving context.Context, store warta.Store, poke chan<- struct{}) func(ctx context.Context, in api.IngestRequest) (*api.IngestResult, error) {
	return func(ctx context.Context, in api.IngestRequest) (*api.IngestResult, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(serving, cancel)()
		m.writeMu.RLock()
		defer m.writeMu.RUnlock()
		out := &api.IngestResult{Articles: []api.IngestedItem{}, Problems: []warta.Problem{}}
		walk := func(fn func(*warta.Document) error) ([]warta.Problem, error) {
			return ingest.Read(ctx, in.Source, in.Body, in.Format, ingest.Options{MaxDocBytes: m.Config.MaxDocBytes}, fn)
		}
		sum, err := m.ingestFrom(ctx, store, walk, ingestOptions{Force: in.Force, MaxBatch: liveBatch, OnBatch: func(res *pipeline.Result) {
			for _, a := range res.Articles {
				if a != nil {
					out.Articles = append(out.Articles, api.IngestedItem{ID: a.ID, Title: a.Title, Outlet: a.Outlet,
						Published: a.Published, URL: a.URL})
				}
			}
			out.Problems = append(out.Problems, res.Problems...)
		}})
		if err != nil {
			if serving.Err() != nil {
				return nil, warta.Errorf(warta.EBUSY, "the server is shutting down: batches committed before stay, the batch in flight was rolled back; send the request again")
			}
			return nil, err
		}
		out.Read, out.New = sum.read, sum.created
		out.Problems = append(out.Problems, sum.walkProblems...)
		select {
		case poke <- struct{}{}:
		default: // a match is already due
		}
		return out, nil
	}
}

// liveBatch is the batch size of HTTP ingests. Batches take turns on the
// store's batch lock, so a report POSTed beside a bulk load waits for the
// bulk's batch in flight: at 2,000 documents that was 30 s at p99 (`warta
// bench freshness` with a bulk ingest beside it, docs/performance.md); at
// 32 it is one short batch (p99 421 ms on a quiet machine).
const liveBatch = 32

// ingestOptions are ingestFrom's choices (see there).
type ingestOptions struct {
	Total    int
	Progress bool
	Force    bool
	MaxBatch int
	OnBatch  func(*pipeline.Result)
}

// notifier returns the alert notifier for store.
func (m *Main) notifier(store warta.Store) *alert.Notifier {
	return &alert.Notifier{Store: store, Searcher: newSearcher(), UserAgent: "warta/" + version(),
		Client:  m.webhookGuard().PostClient(10 * time.Second),
		BaseURL: m.Config.BaseURL, Logger: m.logger("alert")}
}

// webhookGuard is the address guard of webhook posts: the fetcher's
// checks, with the operator's webhook_allow_private.
func (m *Main) webhookGuard() *outbound.Guard {
	return &outbound.Guard{AllowPrivate: m.Config.WebhookAllowPrivate, Resolve: m.Resolve,
		ConnectTimeout: time.Duration(m.Config.FetchConnectTimeout)}
}
