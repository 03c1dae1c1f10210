package queue

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/alert"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/pipeline"
	"github.com/warta-news/warta/internal/store/postgres"
)

// Deps are what the jobs work with.
type Deps struct {
	DB *postgres.DB
	// Stages builds the analysis stages for documents analyzed at now;
	// their Connect step is not used (clustering is its own job).
	Stages func(now time.Time) (pipeline.Stages, error)
	// Cluster adds an article to the clustering kept in cs; nil means
	// cluster.Clusterer. Tests replace it to inject failures.
	Cluster func(ctx context.Context, cs warta.ClusterStore, a *warta.Article) error
	// Notifier matches alerts and posts webhooks; nil leaves the alert
	// jobs doing nothing.
	Notifier *alert.Notifier
	// Crawler polls sources; nil leaves sources unpolled by this process.
	// Its Sink is replaced by one that stores and enqueues.
	Crawler *crawl.Crawler
	// PipelineWorkers bounds the goroutines one analyze job uses; 0 means
	// one per CPU.
	PipelineWorkers int
	Logger          *slog.Logger
}

// Options tune the queue.
type Options struct {
	// Concurrency is how many jobs this process works at once; 0 makes a
	// client that only enqueues (warta serve, warta ingest --no-work).
	Concurrency int
	// MaxAttempts bounds the tries of one job (default 5).
	MaxAttempts int
	// RetryBase is the wait after the first failure, doubled after each
	// further one up to RetryMax (defaults 1s and 5m).
	RetryBase, RetryMax time.Duration
	// JobTimeout bounds one job (default 10m). RescueAfter is when a job
	// whose worker vanished (kill -9, a lost machine) is run again
	// (default JobTimeout + 1m).
	JobTimeout, RescueAfter time.Duration
	// ScheduleEvery is how often due sources are looked for and alerts
	// matched (default 30s).
	ScheduleEvery time.Duration
	// ClusterChunk is how many articles one cluster job takes (default 50).
	ClusterChunk int
}

func (o *Options) defaults() {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.RetryBase <= 0 {
		o.RetryBase = time.Second
	}
	if o.RetryMax <= 0 {
		o.RetryMax = 5 * time.Minute
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = 10 * time.Minute
	}
	if o.RescueAfter <= o.JobTimeout {
		o.RescueAfter = o.JobTimeout + time.Minute
	}
	if o.ScheduleEvery <= 0 {
		o.ScheduleEvery = 30 * time.Second
	}
	if o.ClusterChunk <= 0 {
		o.ClusterChunk = 50
	}
}

// Queue enqueues and (with Concurrency > 0) works warta's jobs.
type Queue struct {
	deps   Deps
	opt    Options
	client *river.Client[pgx.Tx]
}

// Migrate applies River's own migrations to the database and returns the
// versions it applied.
func Migrate(ctx context.Context, db *postgres.DB) ([]string, error) {
	m, err := rivermigrate.New(riverpgxv5.New(db.Pool()), nil)
	if err != nil {
		return nil, fmt.Errorf("job queue migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("job queue migrations: %w", err)
	}
	var out []string
	for _, v := range res.Versions {
		out = append(out, fmt.Sprintf("river %03d", v.Version))
	}
	return out, nil
}

// Pending reports River migrations not yet applied, so that a worker
// started on an unmigrated database says `warta migrate` rather than
// failing on a missing table.
func Pending(ctx context.Context, db *postgres.DB) (bool, error) {
	m, err := rivermigrate.New(riverpgxv5.New(db.Pool()), nil)
	if err != nil {
		return false, fmt.Errorf("job queue migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{DryRun: true})
	if err != nil {
		return false, fmt.Errorf("job queue migrations: %w", err)
	}
	return len(res.Versions) > 0, nil
}

// New builds a queue on deps.DB.
func New(deps Deps, opt Options) (*Queue, error) {
	opt.defaults()
	if deps.Logger == nil {
		deps.Logger = slog.Default().With("component", "queue")
	}
	if deps.Cluster == nil {
		deps.Cluster = func(ctx context.Context, cs warta.ClusterStore, a *warta.Article) error {
			return (&cluster.Clusterer{Store: cs}).Add(ctx, a)
		}
	}
	q := &Queue{deps: deps, opt: opt}
	workers := river.NewWorkers()
	river.AddWorker(workers, &analyzeWorker{q: q})
	river.AddWorker(workers, &clusterWorker{q: q})
	river.AddWorker(workers, &alertsWorker{q: q})
	river.AddWorker(workers, &deliverWorker{q: q})
	river.AddWorker(workers, &pollWorker{q: q})
	river.AddWorker(workers, &scheduleWorker{q: q})
	cfg := &river.Config{
		Workers:              workers,
		MaxAttempts:          opt.MaxAttempts,
		RetryPolicy:          &retryPolicy{base: opt.RetryBase, max: opt.RetryMax},
		JobTimeout:           opt.JobTimeout,
		RescueStuckJobsAfter: opt.RescueAfter,
		ErrorHandler:         &problemRecorder{q: q},
		Logger:               deps.Logger,
		// River's default pauses between fetches suit jobs of seconds;
		// ours are often milliseconds (one article's clustering).
		FetchCooldown:     5 * time.Millisecond,
		FetchPollInterval: 500 * time.Millisecond,
	}
	if opt.Concurrency > 0 {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opt.Concurrency}}
		cfg.PeriodicJobs = []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(opt.ScheduleEvery),
				func() (river.JobArgs, *river.InsertOpts) { return ScheduleArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
		}
	}
	if deps.Crawler != nil {
		deps.Crawler.Sink = q.Sink
		q.deps.Crawler = deps.Crawler
	}
	client, err := river.NewClient(riverpgxv5.New(deps.DB.Pool()), cfg)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	q.client = client
	return q, nil
}

// Start starts working jobs (a no-op for an enqueue-only queue).
func (q *Queue) Start(ctx context.Context) error {
	if q.opt.Concurrency == 0 {
		return nil
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("start workers: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for those running to finish, or for
// ctx to end; jobs cut off are run again by another worker later.
func (q *Queue) Stop(ctx context.Context) error {
	if q.opt.Concurrency == 0 {
		return nil
	}
	return q.client.Stop(ctx)
}

// retryPolicy waits base·2^(attempt-1), at most max, between tries: the
// default (attempt⁴ seconds) waits over four minutes before the fifth.
type retryPolicy struct{ base, max time.Duration }

func (p *retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	d := p.base
	for i := 1; i < job.Attempt && d < p.max; i++ {
		d *= 2
	}
	return time.Now().Add(min(d, p.max))
}

// problemRecorder turns a job River gives up on into a warta.Problem.
type problemRecorder struct{ q *Queue }

func (r *problemRecorder) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	r.record(ctx, job, err.Error())
	return nil
}

func (r *problemRecorder) HandlePanic(ctx context.Context, job *rivertype.JobRow, v any, trace string) *river.ErrorHandlerResult {
	r.q.deps.Logger.Error("job panicked", "job_id", job.ID, "kind", job.Kind, "panic", v, "stack", trace)
	r.record(ctx, job, fmt.Sprintf("internal error: %v", v))
	return nil
}

func (r *problemRecorder) record(ctx context.Context, job *rivertype.JobRow, msg string) {
	if job.Attempt < job.MaxAttempts {
		r.q.deps.Logger.Warn("job failed, will retry", "job_id", job.ID, "kind", job.Kind, "attempt", job.Attempt, "error", msg)
		return
	}
	r.q.deps.Logger.Error("job given up", "job_id", job.ID, "kind", job.Kind, "attempts", job.Attempt, "error", msg)
	p := warta.Problem{Source: fmt.Sprintf("job %d (%s) %s", job.ID, strings.TrimPrefix(job.Kind, "warta_"), clip(string(job.EncodedArgs), 200)),
		Stage: "worker", Msg: fmt.Sprintf("gave up after %d attempts: %s", job.Attempt, msg)}
	if err := r.q.deps.DB.AddProblems(context.WithoutCancel(ctx), []warta.Problem{p}); err != nil {
		r.q.deps.Logger.Error("record given-up job", "job_id", job.ID, "error", err)
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Counts returns how many of warta's jobs are in each state (available,
// running, retryable, discarded, ...), for /status and /metrics.
func (q *Queue) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := q.deps.DB.Pool().Query(ctx, `SELECT state::text, count(*) FROM river_job WHERE kind LIKE 'warta\_%' GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("count jobs: %w", err)
		}
		out[s] = n
	}
	return out, rows.Err()
}

// Wait returns once no job of warta's is waiting, running or due for a
// retry, checking every interval, or when ctx ends.
func (q *Queue) Wait(ctx context.Context, interval time.Duration) error {
	for {
		var n int
		err := q.deps.DB.Pool().QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind LIKE 'warta\_%' AND kind != 'warta_schedule'
			AND state IN ('available', 'pending', 'running', 'retryable', 'scheduled')`).Scan(&n)
		if err != nil {
			return fmt.Errorf("count open jobs: %w", err)
		}
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

// clusterRetries counts clustering attempts run again after a conflict
// with another worker, for `warta bench` and the tests.
var clusterRetries atomic.Int64

// ClusterRetries returns how many clustering attempts this process ran
// again after a serialization conflict.
func ClusterRetries() int64 { return clusterRetries.Load() }
