// Package cli implements the warta command line: one file per command, each
// a type with its own flag set. Main wires configuration, store, pipeline
// and server together; end-to-end tests run it in process.
package cli
