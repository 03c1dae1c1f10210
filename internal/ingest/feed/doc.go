// Package feed reads RSS and Atom (and JSON Feed) documents into the items
// warta fetches as articles. Parsing itself is gofeed's; this package adds
// what gofeed leaves to its callers: bytes in any charset made UTF-8 first,
// a truncated or damaged feed cut back to its last whole item so that the
// items before the damage are kept and the damage reported, a bound on
// nesting, and publish dates read with their own offset (WIB, WITA, WIT,
// "+0700", Indonesian day and month names) instead of gofeed's UTC.
//
// It is pure: bytes in, items and problems out, no I/O.
package feed
