// Package api serves warta's JSON API under /api/v1. Errors leave as RFC
// 9457 problem details, mapped from warta error codes in one place.
package api
