// Package fetch is warta's HTTP client for live sources: the one place that
// talks to news sites. It exists so that every request, whoever asks for
// it, gets the same manners and the same distrust: one request at a time
// per host with a delay between them, robots.txt (with Crawl-delay)
// honoured, conditional GET, bounded redirects, retries with backoff on 5xx
// and timeouts, size and decompression limits on every body, and no
// connections to loopback, private, link-local or metadata addresses
// (checked on the resolved IP of every connection, redirects included)
// unless configured.
//
// It also decides article identity: Canonical turns the many URLs of one
// article (tracking parameters, AMP and mobile variants, pages 2..N) into
// one, so that an article is fetched once.
//
// fetch returns bytes and errors; it does not parse feeds or pages and
// does not know about stores.
package fetch
