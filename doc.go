// Package warta holds the domain vocabulary of the warta news engine:
// documents as they arrive, articles as the pipeline understands them, and
// the store interfaces that persist both. It does no I/O of its own so that
// every stage package can import it without pulling in a database or HTTP.
package warta
