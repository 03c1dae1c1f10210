// Package pipeline runs the analysis stages over documents with a bounded
// worker pool. It is the only place where stages meet the store: stages are
// pure functions handed in by the caller, so this package imports nothing
// but warta and the standard library.
package pipeline
