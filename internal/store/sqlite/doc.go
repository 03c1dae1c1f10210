// Package sqlite implements warta.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go, so the binary stays static). Full-text search
// uses an FTS5 table over pre-stemmed text, because SQLite cannot call a Go
// stemmer from inside its tokenizer.
package sqlite
