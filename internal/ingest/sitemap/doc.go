// Package sitemap reads XML sitemaps, sitemap indexes and Google News
// sitemaps (and plain-text lists of URLs) into the page and sitemap URLs
// warta fetches. It reads as a stream with bounded nesting, entry count and
// field size, so a hostile or broken sitemap costs no more than its size;
// a truncated or damaged one yields the entries before the damage and a
// problem saying where it broke.
//
// It is pure: bytes in, entries and problems out, no I/O. Compressed
// (.xml.gz) sitemaps are inflated by the caller under its limits.
package sitemap
