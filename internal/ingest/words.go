package ingest

import "unicode"

// hasWord reports whether text holds a letter or a digit, outside tags and
// character references ("&nbsp;") when it is HTML. A record whose body is
// "..." or "-" would otherwise be stored as a blank article.
func hasWord(text string, html bool) bool {
	inTag, inRef := false, false
	for _, r := range text {
		switch {
		case html && r == '<':
			inTag = true
		case html && inTag:
			inTag = r != '>'
		case html && r == '&':
			inRef = true
		case inRef && (r == ';' || unicode.IsSpace(r)):
			inRef = false
		case inRef:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return true
		}
	}
	return false
}
