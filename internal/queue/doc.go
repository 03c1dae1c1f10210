// Package queue runs warta's work as River jobs in the PostgreSQL
// database the store lives in, so that any number of `warta worker`
// processes on any number of machines share it: poll a source, analyze a
// batch of documents, cluster articles, match alerts, deliver a webhook.
// Jobs are enqueued in the same transaction as the rows they work on (a
// document stored is a document queued), retried with backoff a bounded
// number of times, and a job given up is recorded as a warta.Problem, so
// it shows on /status and /api/v1/problems.
//
// The embedded SQLite store keeps its in-process pipeline: one process is
// its only writer, and a queue in the same file would add writes per job
// to a database that serializes writes (docs/deploy.md gives the
// reasons for not using River's SQLite driver there).
package queue
