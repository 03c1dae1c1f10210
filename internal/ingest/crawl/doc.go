// Package crawl keeps live sources up to date: feeds, news sitemaps (and
// sitemap indexes) and single pages, each polled at its own interval. A
// poll lists the source's articles, skips those fetched before (by
// canonical URL, recorded in the warta.SourceStore), fetches the rest as
// pages — assembling multi-page articles into one document — and hands the
// documents, with the feed's title, date and author as hints, to a Sink:
// the same store-and-analyze path files take. A failing source backs off;
// every source's state is saved, so a restart resumes where it stopped.
//
// It also adds sources, discovering a site's feeds and sitemaps from its
// home page and robots.txt.
//
// All network access goes through a fetch.Fetcher; crawl imports no store
// or server, only the warta interfaces, so data still flows one way.
package crawl
