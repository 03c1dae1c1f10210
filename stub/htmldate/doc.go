// Package htmldate stands in for github.com/markusmobius/go-htmldate in
// warta's build (a replace directive in warta's go.mod points here).
//
// go-trafilatura imports go-htmldate for the publish date of a page, and
// go-htmldate imports go-dateparser, whose package initialisation builds
// the date tables of some 200 locales on every start: about 95 MB and
// 300-500 ms before main runs (GODEBUG=inittrace=1; docs/performance.md).
// warta never asks trafilatura for a date (internal/extract reads the
// publish time from the page itself, with the offset trafilatura drops), so
// this module keeps only the names trafilatura refers to, and FromDocument
// finds nothing. A program that builds go-trafilatura with its date search
// on (HtmlDateMode Fast or Extensive) gets no date from it here.
package htmldate
