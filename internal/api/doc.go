// Package api serves warta's JSON API under /api/v1, with /healthz and
// /metrics. Reads are open and writes pass RequireToken; lists page with
// opaque cursors; errors leave as RFC 9457 problem details, mapped from
// warta error codes in one place. openapi.json describes every route, and
// its test keeps the description and the routes in step.
package api
