// Package outbound is the one address guard every outgoing connection
// goes through: the fetcher's GETs and the alert webhooks' POSTs. It
// checks the address actually dialed, after DNS, so neither a name that
// resolves to a private address, nor DNS rebinding, nor a redirect gets
// past it.
package outbound
