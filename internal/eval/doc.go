// Package eval measures warta's quality against gold files: the seed pages'
// gold.json, the project's own fixtures, and the third-party data sets in
// ../shared/data. Each evaluation returns a report with a Print method so the
// `warta eval` command and the test suite read the same numbers.
package eval
