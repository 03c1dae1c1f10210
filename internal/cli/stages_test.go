package cli

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warta-news/warta"
)

// TestCutLong: paragraphs over the limit are cut at a sentence end or a
// space, never inside a rune, with one problem per article.
func TestCutLong(t *testing.T) {
	sentence := "Banjir merendam ratusan rumah di Semarang. "
	for _, tc := range []struct {
		name      string
		paras     []string
		wantParas int
		wantEnd   string // the first paragraph's last bytes
		wantProbs int
	}{
		{"short", []string{sentence}, 1, "Semarang. ", 0},
		{"sentences", []string{strings.Repeat(sentence, 1000)}, 1, "Semarang.", 1},
		{"one long sentence", []string{strings.Repeat("banjir ", 5000)}, 1, "banjir", 1},
		{"no spaces", []string{strings.Repeat("é", 10000)}, 1, "é", 1},
		{"too many paragraphs", make([]string, maxParagraphs+5), maxParagraphs, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &warta.Article{Paragraphs: tc.paras}
			probs := cutLong(a)
			if len(a.Paragraphs) != tc.wantParas || len(probs) != tc.wantProbs {
				t.Fatalf("%d paragraphs, %d problems %v; want %d, %d", len(a.Paragraphs), len(probs), probs, tc.wantParas, tc.wantProbs)
			}
			p := a.Paragraphs[0]
			if len(p) > maxParagraphBytes || !utf8.ValidString(p) || !strings.HasSuffix(p, tc.wantEnd) {
				t.Fatalf("cut to %d bytes ending %q", len(p), p[max(0, len(p)-12):])
			}
		})
	}
}
