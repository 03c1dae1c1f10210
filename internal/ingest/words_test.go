package ingest

import (
	"strings"
	"testing"
)

func TestHasWord(t *testing.T) {
	for _, c := range []struct {
		text string
		html bool
		want bool
	}{
		{"", false, false},
		{"  ...  ", false, false},
		{"— * * * —", false, false},
		{"Banjir.", false, true},
		{"2025", false, true},
		{"<p>&nbsp;</p><hr>", true, false},
		{"<div class=\"isi\">-</div>", true, false},
		{"<p>R&amp;D</p>", true, true},
		{"<p>Gempa</p>", true, true},
		{"<p>&nbsp;</p>", false, true}, // as text, "nbsp" is a word
	} {
		if got := hasWord(c.text, c.html); got != c.want {
			t.Errorf("hasWord(%q, html=%v) = %v, want %v", c.text, c.html, got, c.want)
		}
	}
}

// FuzzHasWord: text that holds a letter outside any markup is never
// called empty.
func FuzzHasWord(f *testing.F) {
	for _, s := range []string{"", "...", "<p>a</p>", "&nbsp;", "<", "&", "a<b>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !strings.ContainsAny(s, "<>&") && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") && !hasWord(s, true) {
			t.Fatalf("%q has a word", s)
		}
		hasWord(s, false)
	})
}
