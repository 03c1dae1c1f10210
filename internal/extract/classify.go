package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
)

// line is one non-empty line of a page with its features.
type line struct {
	n     int    // 1-based line number in the document text
	text  string // trimmed
	words int
	cue   warta.ClutterKind
	score int  // sentence-likeness, see sentenceScore
	title bool // Title Case like a headline
	// repeated counts other occurrences of the line: on this page, and on
	// other pages of the outlet.
	inPage, onPages int
	// metaKind marks lines consumed as metadata (headline, kicker).
	metaKind warta.ClutterKind
}

// functionWords are frequent Indonesian and English grammatical words:
// running text has many, headlines and menus few.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`yang dan di ke dari untuk dengan itu ini adalah akan telah sudah juga tidak dalam
		pada oleh karena bahwa sebagai atau bagi serta agar namun tetapi sehingga saat ketika kami kita mereka ia dia
		saya anda tersebut para secara lebih masih harus dapat bisa belum sejak hingga sampai antara terhadap tentang
		melalui setelah sebelum kepada ada yakni yaitu jika bila maka pun lalu kemudian
		the and of to in for with that this is are was were be by on at from as it its has have had will would not`) {
		m[w] = true
	}
	return m
}()

// sentenceScore rates how much a line reads like running text: length,
// end punctuation, function words and affixed verbs raise it; Title Case
// lowers it. Body lines score 3 or more.
func sentenceScore(s string) (score int, titleCase bool, words int) {
	fields := strings.Fields(s)
	words = len(fields)
	if words == 0 {
		return 0, false, 0
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, " "))
	if strings.ContainsRune(".?!\"”’)", last) {
		score += 2
	}
	switch {
	case words >= 15:
		score += 2
	case words >= 8:
		score++
	case words < 4:
		score -= 2
	}
	fn, caps, lowerStart, affixed := 0, 0, 0, 0
	for _, f := range fields {
		w := strings.Trim(f, `.,;:!?"'“”‘’()[]`)
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		lw := strings.ToLower(w)
		if functionWords[lw] {
			fn++
		}
		if unicode.IsUpper(r) {
			caps++
		} else if unicode.IsLower(r) {
			lowerStart++
		}
		if len(lw) > 5 && (strings.HasPrefix(lw, "me") || strings.HasPrefix(lw, "ber") || strings.HasPrefix(lw, "di") || strings.HasPrefix(lw, "ter")) {
			affixed++
		}
	}
	if fn >= 1 {
		score++
	}
	if fn >= 3 {
		score++
	}
	if affixed >= 1 {
		score++
	}
	// Headlines capitalize most words ("Indonesia, Jauh Di Mata Tapi Dekat
	// Di Hati"); sentences capitalize names only.
	if words >= 3 && caps*10 >= (caps+lowerStart)*7 {
		titleCase = true
		score -= 2
	}
	return score, titleCase, words
}

// bodyLike reports whether a line can be part of the article body.
func (l *line) bodyLike() bool {
	if l.cue != "" {
		return false
	}
	if l.score >= 3 {
		return true
	}
	// Interview questions are short but end in "?" and are not headlines.
	return strings.HasSuffix(l.text, "?") && l.words >= 5 && !l.title
}

// strong lines are unmistakable running text: used to decide whether the
// body resumes after a list of other news began.
func (l *line) strong() bool {
	return l.cue == "" && l.score >= 5 && l.words >= 12 && !l.title
}

// normLine is the form lines are compared in for repetition.
func normLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// LineHash is the hash of a line in its normalized form (case, spacing and
// punctuation folded), used to count repetition across pages.
func LineHash(s string) uint64 {
	n := normLine(s)
	h := uint64(14695981039346656037)
	for i := 0; i < len(n); i++ {
		h ^= uint64(n[i])
		h *= 1099511628211
	}
	return h
}
