// Package export writes the store out for other tools: articles as JSONL
// or CSV, events as PLOVER-style JSONL, a GDELT-like table of events, and
// the co-occurrence network of entities. Every format is written as it is
// read from the store, so an export of millions of articles holds one
// article at a time (the co-occurrence network, an aggregate, holds one
// count per pair of entities). docs/exports.md describes the columns.
package export
