package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/pipeline"
	"github.com/warta-news/warta/internal/store/postgres"
)

// AnalyzeArgs analyzes a batch of stored documents: extraction (with the
// outlet's repeated lines), language, entities, dates, quotes, events.
// The batch is the unit of line-repetition evidence, as in the pipeline.
type AnalyzeArgs struct {
	Docs []string `json:"docs"`
}

// Kind implements river.JobArgs.
func (AnalyzeArgs) Kind() string { return "warta_analyze" }

// ClusterArgs adds articles, in order, to the duplicate links, events and
// stories.
type ClusterArgs struct {
	Articles []string `json:"articles"`
}

// Kind implements river.JobArgs.
func (ClusterArgs) Kind() string { return "warta_cluster" }

// AlertsArgs matches every alert against the articles stored since it
// last ran and queues a delivery job for each webhook post that is due.
type AlertsArgs struct{}

// Kind implements river.JobArgs.
func (AlertsArgs) Kind() string { return "warta_alerts" }

// InsertOpts keeps one alerts job per ten seconds: each matches
// everything stored before it runs.
func (AlertsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 10 * time.Second}}
}

// DeliverArgs posts one webhook delivery (its articles are fixed in the
// store); the notifier stores each attempt and its own backoff.
type DeliverArgs struct {
	Delivery int64 `json:"delivery"`
}

// Kind implements river.JobArgs.
func (DeliverArgs) Kind() string { return "warta_deliver" }

// InsertOpts keeps one job per delivery while it waits or runs.
func (DeliverArgs) InsertOpts() river.InsertOpts { return uniqueWhileOpen() }

// PollArgs polls one source (a feed, a sitemap or a page) and fetches its
// new articles.
type PollArgs struct {
	Source int64 `json:"source"`
}

// Kind implements river.JobArgs.
func (PollArgs) Kind() string { return "warta_poll" }

// InsertOpts keeps one job per source while it waits or runs.
func (PollArgs) InsertOpts() river.InsertOpts { return uniqueWhileOpen() }

// ScheduleArgs, run periodically by every worker process's River leader,
// enqueues a poll of each source that is due and an alerts job.
type ScheduleArgs struct{}

// Kind implements river.JobArgs.
func (ScheduleArgs) Kind() string { return "warta_schedule" }

// uniqueWhileOpen makes a job unique by its arguments until it completes.
func uniqueWhileOpen() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateScheduled, rivertype.JobStateRetryable}}}
}

// EnqueueDocuments stores docs and, in the same transaction, enqueues
// analyze jobs of at most batch documents for the new ones (all of them
// when force). It returns which documents were new.
func (q *Queue) EnqueueDocuments(ctx context.Context, docs []*warta.Document, batch int, force bool) ([]bool, error) {
	if batch <= 0 {
		batch = 200
	}
	return q.deps.DB.PutDocumentsThen(ctx, docs, func(ctx context.Context, tx pgx.Tx, created []bool) error {
		var ids []string
		for i, d := range docs {
			if created[i] || force {
				ids = append(ids, d.ID)
			}
		}
		var params []river.InsertManyParams
		for len(ids) > 0 {
			n := min(batch, len(ids))
			params = append(params, river.InsertManyParams{Args: AnalyzeArgs{Docs: ids[:n]}})
			ids = ids[n:]
		}
		if len(params) == 0 {
			return nil
		}
		if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
			return fmt.Errorf("enqueue analysis: %w", err)
		}
		return nil
	})
}

// Sink is the crawler's sink on a shared database: fetched documents are
// stored and queued for analysis in one transaction.
func (q *Queue) Sink(ctx context.Context, docs []*warta.Document, probs []warta.Problem) (int, error) {
	created := 0
	if len(docs) > 0 {
		c, err := q.EnqueueDocuments(ctx, docs, 0, false)
		if err != nil {
			return 0, err
		}
		for _, ok := range c {
			if ok {
				created++
			}
		}
	}
	return created, q.deps.DB.AddProblems(ctx, probs)
}

type analyzeWorker struct {
	river.WorkerDefaults[AnalyzeArgs]
	q *Queue
}

// lineRecorder holds a batch's page-line counts in memory, so that they
// commit with the articles (postgres.CommitAnalysis) instead of as the
// pipeline reads them.
type lineRecorder struct {
	warta.Store
	lines map[string]postgres.LineBatch
}

func (r *lineRecorder) AddLines(_ context.Context, outlet string, counts map[uint64]int, pages int) error {
	b := r.lines[outlet]
	if b.Counts == nil {
		b.Counts = map[uint64]int{}
	}
	for h, n := range counts {
		b.Counts[h] += n
	}
	b.Pages += pages
	r.lines[outlet] = b
	return nil
}

// Work analyzes the documents and commits their articles, problems and
// line counts together with the cluster jobs of the articles and an
// alerts job.
func (w *analyzeWorker) Work(ctx context.Context, job *river.Job[AnalyzeArgs]) error {
	q := w.q
	docs, err := q.deps.DB.Documents(ctx, job.Args.Docs)
	if err != nil {
		return err
	}
	for _, d := range docs {
		ingest.Prepare(d) // its problems were stored when the document was
	}
	stages, err := q.deps.Stages(time.Now())
	if err != nil {
		return err
	}
	stages.Connect = nil
	rec := &lineRecorder{Store: q.deps.DB, lines: map[string]postgres.LineBatch{}}
	p := &pipeline.Pipeline{Stages: stages, Store: rec, Workers: q.deps.PipelineWorkers, Logger: q.deps.Logger.With("component", "pipeline")}
	res, err := p.Analyze(ctx, docs)
	if err != nil {
		return err
	}
	an := &postgres.Analysis{Docs: job.Args.Docs, Lines: rec.lines, Problems: res.Problems}
	var ids []string
	for _, a := range res.Articles {
		if a != nil {
			an.Articles = append(an.Articles, a)
			ids = append(ids, a.ID)
		}
	}
	_, err = q.deps.DB.CommitAnalysis(ctx, an, func(ctx context.Context, tx pgx.Tx) error {
		params := []river.InsertManyParams{{Args: AlertsArgs{}}}
		for len(ids) > 0 {
			n := min(q.opt.ClusterChunk, len(ids))
			params = append(params, river.InsertManyParams{Args: ClusterArgs{Articles: ids[:n]}})
			ids = ids[n:]
		}
		if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
			return fmt.Errorf("enqueue clustering: %w", err)
		}
		return nil
	})
	return err
}

type clusterWorker struct {
	river.WorkerDefaults[ClusterArgs]
	q *Queue
}

// Work clusters each article in its own serializable transaction (see
// postgres.DB.ClusterArticle). A job retried after some of its articles
// committed clusters them again, which the clusterer recognizes (a report
// already in its event) and leaves as they are.
func (w *clusterWorker) Work(ctx context.Context, job *river.Job[ClusterArgs]) error {
	retries := 0
	for _, id := range job.Args.Articles {
		r, err := w.q.deps.DB.ClusterArticle(ctx, id, w.q.deps.Cluster)
		retries += r
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			continue // deleted meanwhile
		}
		if err != nil {
			return fmt.Errorf("cluster article %s: %w", id, err)
		}
	}
	if retries > 0 {
		w.q.deps.Logger.Debug("clustering retried after conflicts", "job_id", job.ID, "articles", len(job.Args.Articles), "retries", retries)
	}
	clusterRetries.Add(int64(retries))
	return nil
}

type alertsWorker struct {
	river.WorkerDefaults[AlertsArgs]
	q *Queue
}

func (w *alertsWorker) Work(ctx context.Context, job *river.Job[AlertsArgs]) error {
	n := w.q.deps.Notifier
	if n == nil {
		return nil
	}
	if _, err := n.Match(ctx); err != nil {
		return err
	}
	due, err := w.q.deps.DB.DueDeliveries(ctx, time.Now(), 500)
	if err != nil {
		return err
	}
	var params []river.InsertManyParams
	for _, d := range due {
		params = append(params, river.InsertManyParams{Args: DeliverArgs{Delivery: d.ID}})
	}
	if len(params) > 0 {
		if _, err := w.q.client.InsertMany(ctx, params); err != nil {
			return fmt.Errorf("enqueue deliveries: %w", err)
		}
	}
	return nil
}

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	q *Queue
}

// Work makes one attempt at a delivery. The notifier keeps the attempts,
// the backoff and the giving up in the store; the next alerts job queues
// the delivery again when its retry is due.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	if w.q.deps.Notifier == nil {
		return nil
	}
	_, err := w.q.deps.Notifier.DeliverOne(ctx, job.Args.Delivery)
	return err
}

type pollWorker struct {
	river.WorkerDefaults[PollArgs]
	q *Queue
}

func (w *pollWorker) Work(ctx context.Context, job *river.Job[PollArgs]) error {
	cr := w.q.deps.Crawler
	if cr == nil {
		return nil
	}
	srcs, err := w.q.deps.DB.Sources(ctx)
	if err != nil {
		return err
	}
	for _, s := range srcs {
		if s.ID == job.Args.Source {
			res := cr.Poll(ctx, s)
			if res.Err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			return nil // a failed poll is the source's state, backed off by the crawler
		}
	}
	return nil // removed meanwhile
}

type scheduleWorker struct {
	river.WorkerDefaults[ScheduleArgs]
	q *Queue
}

func (w *scheduleWorker) Work(ctx context.Context, job *river.Job[ScheduleArgs]) error {
	params := []river.InsertManyParams{{Args: AlertsArgs{}}}
	if w.q.deps.Crawler != nil {
		srcs, err := w.q.deps.DB.Sources(ctx)
		if err != nil {
			return err
		}
		now := time.Now()
		for _, s := range srcs {
			if !s.NextAt.After(now) {
				params = append(params, river.InsertManyParams{Args: PollArgs{Source: s.ID}})
			}
		}
	}
	if _, err := w.q.client.InsertMany(ctx, params); err != nil {
		return fmt.Errorf("enqueue scheduled jobs: %w", err)
	}
	return nil
}

// EnqueueCluster queues one cluster job per chunk of articles, in order.
func (q *Queue) EnqueueCluster(ctx context.Context, ids []string) error {
	var params []river.InsertManyParams
	for len(ids) > 0 {
		n := min(q.opt.ClusterChunk, len(ids))
		params = append(params, river.InsertManyParams{Args: ClusterArgs{Articles: ids[:n]}})
		ids = ids[n:]
	}
	if len(params) == 0 {
		return nil
	}
	_, err := q.client.InsertMany(ctx, params)
	return err
}
