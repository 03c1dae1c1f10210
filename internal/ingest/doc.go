// Package ingest reads the outside world into warta.Documents: plain-text
// page dumps, HTML pages, JSONL records and WARC archives, from files,
// folders, globs and stdin, gzip-compressed or not. The raw bytes are kept
// exactly; Prepare derives the decoded text from them, deterministically,
// so `warta reprocess` can rebuild everything. Bad input becomes a
// warta.Problem and the walk goes on.
package ingest
