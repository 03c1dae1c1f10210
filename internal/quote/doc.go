// Package quote finds who said what: direct quotes (straight or curly
// double quotes, over several paragraphs, with a missing mark tolerated)
// and reported speech ("Retno menuturkan bahwa ..."), each attributed to a
// speaker through speech verbs before or after it (kata, ujar, ucap,
// sambungnya, menurut ...), pronouns resolved to the last speaker, and
// interviews whose answers belong to the interviewee. Where the text does
// not say who spoke, the speaker stays empty rather than guessed.
package quote
