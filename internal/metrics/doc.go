// Package metrics keeps the process's counters and writes them in the
// Prometheus text exposition format. It is written by hand: warta exports a
// dozen series, and the format is a few lines of text per series, which is
// less code than the client library's registry, collectors and the
// dependencies they bring (docs/dependencies.md).
package metrics
