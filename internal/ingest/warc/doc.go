// Package warc reads WARC 1.0/1.1 archives record by record, plain or as a
// series of gzip members, without trusting the lengths the file claims. It
// is written here rather than taken from gowarc because gowarc v1.6.0 (the
// only version that resolves) grows memory without bound on a truncated
// record.
package warc
