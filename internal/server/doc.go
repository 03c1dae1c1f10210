// Package server runs warta's HTTP server: it mounts the API (and later the
// UI), adds logging and security headers, and shuts down gracefully when
// its context ends.
package server
