// Package query answers the product's questions from the store: which
// entity a name means, what warta knows of it, its timeline, its quotes,
// and lists of events and stories. The API, the web pages, the CLI and
// alerts all ask here, so that one name gives one answer everywhere; none
// of them computes an answer of its own.
package query
