package warta

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// headlineMax bounds a headline made from an untitled article's first
// sentence: about the length of a real headline.
const headlineMax = 110

// Headline is what a list shows for the article: its title, or, for a page
// that has none, its first sentence (cut at a word near headlineMax). A
// reader recognizes a report by its first words, never by its hex ID. It
// is "" only when the article has no text at all.
func (a *Article) Headline() string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	for _, p := range a.Paragraphs {
		if p = strings.TrimSpace(p); p != "" {
			return Shorten(firstSentence(p), headlineMax)
		}
	}
	return ""
}

// firstSentence returns p up to its first sentence end: '.', '!' or '?'
// followed by a space and not closing a short abbreviation ("Dr.", "H.",
// "No.") or a number ("Rp 1.5").
func firstSentence(p string) string {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '!' && c != '?' || i+1 >= len(p) || p[i+1] != ' ' {
			continue
		}
		word := p[strings.LastIndexByte(p[:i], ' ')+1 : i]
		if c == '.' && utf8.RuneCountInString(word) <= 3 && word != "" && unicode.IsUpper([]rune(word)[0]) {
			continue
		}
		return p[:i+1]
	}
	return p
}

// Shorten cuts s to at most n runes at a word boundary, marking the cut:
// the one way a headline, an event label or a report's line is shortened.
func Shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)[:n]
	cut := len(rs)
	for i := len(rs) - 1; i > n/2; i-- {
		if unicode.IsSpace(rs[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(rs[:cut]), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}
