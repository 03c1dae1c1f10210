// Package search turns a user's query string into a backend-neutral
// warta.SearchQuery, produces the stemmed text that stores index, and cuts
// highlighted snippets. Stores never see the raw query text: they receive
// stems and translate them to FTS5 or tsquery, so that the same words find
// the same articles on every backend.
package search
