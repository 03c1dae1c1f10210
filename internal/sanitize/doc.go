// Package sanitize makes untrusted article HTML safe to show: an allow-list
// policy (bluemonday) keeps text structure and drops scripts, event
// handlers, styles and javascript: links.
package sanitize
