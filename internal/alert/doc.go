// Package alert runs saved searches against newly stored articles and
// tells people about the matches: an Atom feed per alert, and webhook
// posts retried with exponential backoff and jitter. What is matched and
// what is delivered lives in the store, so a restart resumes where the
// last run stopped without losing or repeating a delivery.
package alert
