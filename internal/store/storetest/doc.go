// Package storetest is the conformance suite every warta.Store backend
// runs, so that SQLite and PostgreSQL behave the same to their callers.
package storetest
