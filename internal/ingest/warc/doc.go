// Package warc reads WARC/1.0 and WARC/1.1 files, plain or compressed one
// gzip member per record, as a stream of records.
//
// It exists because the only gowarc version available here grows memory
// without bound on a truncated record. This reader never sizes a buffer from
// a Content-Length it has not yet read, caps every header line and every
// block, and reports each failure with the byte offset of the record (for a
// .warc.gz, the offset of its gzip member in the compressed file) so that the
// records before a damaged one are kept.
package warc
