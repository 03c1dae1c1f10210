package cli

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/pipeline"
	"github.com/warta-news/warta/internal/queue"
	"github.com/warta-news/warta/internal/store/postgres"
)

// On PostgreSQL every write of derived data goes through the job queue:
// ingest, the API's ingest, reprocess and the crawler store documents and
// enqueue their analysis in one transaction, and workers (`warta worker`,
// or the ingesting process itself) do the rest. That keeps clustering in
// one place, the serializable per-article transactions that stay correct
// whatever else runs.

// migrateQueue applies the job queue's own migrations.
func migrateQueue(ctx context.Context, db *postgres.DB) ([]string, error) {
	return queue.Migrate(ctx, db)
}

// QueueOptions are the worker settings tests adjust; the zero value
// takes the queue's defaults.
var QueueOptions queue.Options

// newQueue builds a queue on db working jobs jobs at once (0: enqueue
// only). Its crawler and notifier come from the configuration.
func (m *Main) newQueue(ctx context.Context, db *postgres.DB, jobs int) (*queue.Queue, func(), error) {
	pending, err := queue.Pending(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	if pending {
		return nil, nil, &UsageError{Msg: "the job queue's tables are missing or old", Hint: "Run 'warta migrate --db URL' once before starting workers."}
	}
	if _, err := loadRecognizer(); err != nil {
		return nil, nil, fmt.Errorf("load entity knowledge: %w", err)
	}
	deps := queue.Deps{
		DB: db,
		Stages: func(now time.Time) (pipeline.Stages, error) {
			return newStages(now, nil)
		},
		Notifier:        m.notifier(db),
		PipelineWorkers: m.Config.Workers,
		Logger:          m.logger("queue"),
	}
	closeAll := func() {}
	if jobs > 0 {
		cr, err := m.newCrawler(db, crawl.Options{})
		if err != nil {
			return nil, nil, err
		}
		deps.Crawler = cr
		closeAll = cr.Fetcher.Close
	}
	opt := QueueOptions
	opt.Concurrency = jobs
	q, err := queue.New(deps, opt)
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	return q, closeAll, nil
}

// queued returns the enqueue-only queue of db, built once per Main.
func (m *Main) queued(ctx context.Context, db *postgres.DB) (*queue.Queue, error) {
	m.queueMu.Lock()
	defer m.queueMu.Unlock()
	if m.jobs != nil && m.jobsDB == db {
		return m.jobs, nil
	}
	q, _, err := m.newQueue(ctx, db, 0)
	if err != nil {
		return nil, err
	}
	m.jobs, m.jobsDB = q, db
	return q, nil
}

// work runs jobs on db with jobs workers in this process until no job is
// left, for `warta ingest` and `warta reprocess` on PostgreSQL.
func (m *Main) work(ctx context.Context, db *postgres.DB, jobs int) error {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	q, closeAll, err := m.newQueue(ctx, db, jobs)
	if err != nil {
		return err
	}
	defer closeAll()
	if err := q.Start(ctx); err != nil {
		return err
	}
	start := time.Now()
	waitErr := q.Wait(ctx, 200*time.Millisecond)
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if err := q.Stop(stopCtx); err != nil {
		return fmt.Errorf("stop workers: %w", err)
	}
	if waitErr != nil {
		return waitErr
	}
	counts, err := q.Counts(ctx)
	if err != nil {
		return err
	}
	m.logger("queue").Info("jobs done", "workers", jobs, "completed", counts["completed"], "discarded", counts["discarded"],
		"cluster_retries", queue.ClusterRetries(), "took_ms", time.Since(start).Milliseconds())
	return nil
}

// enqueueFrom stores the documents walk yields and queues their analysis
// in batches of m.analyzeBatch() documents, the unit of the pipeline's
// line evidence.
func (m *Main) enqueueFrom(ctx context.Context, db *postgres.DB, walk walkFunc, force bool) (*ingestRun, error) {
	start := time.Now()
	q, err := m.queued(ctx, db)
	if err != nil {
		return nil, err
	}
	sum := &ingestRun{}
	var batch []*warta.Document
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		created, err := q.EnqueueDocuments(ctx, batch, m.analyzeBatch(), force)
		if err != nil {
			return err
		}
		for _, c := range created {
			if c {
				sum.created++
			}
		}
		batch = batch[:0]
		return nil
	}
	walkProblems, err := walk(func(d *warta.Document) error {
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
	if err := db.AddProblems(ctx, walkProblems); err != nil {
		return nil, err
	}
	sum.walkProblems = walkProblems
	sum.problems += len(walkProblems)
	sum.took = time.Since(start)
	m.logger("ingest").Info("ingest queued", "read", sum.read, "new", sum.created, "problems", sum.problems, "took_ms", sum.took.Milliseconds())
	return sum, nil
}

// WorkerCommand runs jobs from the queue in PostgreSQL.
type WorkerCommand struct{ m *Main }

// Run implements `warta worker`.
func (c *WorkerCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("worker", "")
	jobs := fs.Int("jobs", runtime.GOMAXPROCS(0), "jobs worked at once by this process")
	jobTimeout := fs.Duration("job-timeout", 10*time.Minute, "time limit of one job")
	rescueAfter := fs.Duration("rescue-after", 0, "run a job again when its worker has not finished it after this long (default job-timeout + 1m)")
	retryBase := fs.Duration("retry-base", time.Second, "wait after a job's first failure, doubled after each further one")
	c.m.Config.RegisterFetchFlags(fs)
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if !postgres.IsURL(c.m.Config.DSN()) {
		return &UsageError{Msg: "worker: workers share a PostgreSQL database", Hint: "Give it with --db postgres://... or WARTA_DATABASE_URL; the embedded store needs no worker."}
	}
	if *jobs < 1 {
		return &UsageError{Msg: "worker: --jobs must be 1 or more"}
	}
	store, err := c.m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	db := store.(*postgres.DB)
	QueueOptions.JobTimeout, QueueOptions.RescueAfter, QueueOptions.RetryBase = *jobTimeout, *rescueAfter, *retryBase
	q, closeAll, err := c.m.newQueue(ctx, db, *jobs)
	if err != nil {
		return err
	}
	defer closeAll()
	if err := q.Start(ctx); err != nil {
		return err
	}
	c.m.logger("worker").Info("worker started", "jobs", *jobs)
	if c.m.WorkerReady != nil {
		c.m.WorkerReady()
	}
	<-ctx.Done()
	// Running jobs get a minute to finish; whatever is cut off is run
	// again by another worker once River rescues it.
	stopCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := q.Stop(stopCtx); err != nil {
		return fmt.Errorf("stop worker: %w", err)
	}
	c.m.logger("worker").Info("worker stopped")
	return nil
}

// analyzeBatch is how many documents one analyze job or pipeline batch
// takes: the configured batch_docs unless `warta ingest --batch` says.
func (m *Main) analyzeBatch() int {
	if m.batch > 0 {
		return m.batch
	}
	if m.Config.BatchDocs > 0 {
		return m.Config.BatchDocs
	}
	return batchSize
}

// batchFull reports whether a batch of n documents and size bytes is as
// large as a batch may be.
func (m *Main) batchFull(n int, size int64) bool {
	maxBytes := m.Config.BatchBytes
	if maxBytes <= 0 {
		maxBytes = 16 << 20
	}
	return n >= m.analyzeBatch() || size >= maxBytes
}
