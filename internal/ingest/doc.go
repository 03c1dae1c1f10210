// Package ingest turns files into warta.Documents: plain-text page dumps,
// HTML pages, JSONL records and WARC archives, plain or gzip-compressed,
// from files, directories, glob patterns or standard input.
//
// Each document keeps its bytes exactly as received (Raw) and gets a
// content-addressed ID, so that ingesting the same input twice is a no-op.
// Prepare derives the decoded, normalized Text from those bytes, the same
// way at ingest and at reprocess. Trouble with one input becomes a
// warta.Problem naming the file, line or byte offset, and reading goes on.
package ingest
