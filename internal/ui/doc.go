// Package ui serves warta's web pages: server-rendered HTML that works
// without JavaScript, Indonesian by default with English available. All
// templates are parsed at startup from go:embed; article text is escaped by
// html/template, and the little markup warta adds (entity links, quote
// marks) is built from escaped pieces.
package ui
