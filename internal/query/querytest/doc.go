// Package querytest holds the articles and the table of entity names that
// every surface resolving a name (the query layer, the API, the pages and
// the CLI) is tested against, so that one name is shown to give one entity
// everywhere.
package querytest
