// Package postgres implements warta.Store on PostgreSQL (pgx v5), for
// archives and desks that outgrow one process: many workers on many
// machines share one database. It passes the same conformance suite
// (internal/store/storetest) as the embedded SQLite store, indexes the same
// pre-stemmed text (a tsvector with a GIN index instead of FTS5) and ranks
// with BM25's ingredients (see search.go). Migrations are numbered and
// embedded; Migrate applies them and River's own.
package postgres
