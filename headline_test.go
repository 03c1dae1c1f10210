package warta

import (
	"strings"
	"testing"
)

func TestHeadline(t *testing.T) {
	long := strings.Repeat("Presiden meninjau bendungan baru di Jawa Tengah bersama para menteri ", 3)
	for _, c := range []struct {
		name string
		a    Article
		want string
	}{
		{"its title", Article{Title: " Banjir Rendam Jakarta ", Paragraphs: []string{"Banjir merendam."}}, "Banjir Rendam Jakarta"},
		{"first sentence", Article{Paragraphs: []string{"", "Presiden Joko Widodo meresmikan bendungan. Bendungan itu mengairi sawah."}},
			"Presiden Joko Widodo meresmikan bendungan."},
		{"an abbreviation does not end it", Article{Paragraphs: []string{"Dr. Terawan menjenguk H. Ahmad di RSPAD. Ia datang pagi."}},
			"Dr. Terawan menjenguk H. Ahmad di RSPAD."},
		{"a question", Article{Paragraphs: []string{"Siapa yang menang? Hasil hitung cepat keluar sore ini."}}, "Siapa yang menang?"},
		{"a long sentence is cut at a word", Article{Paragraphs: []string{long}},
			"Presiden meninjau bendungan baru di Jawa Tengah bersama para menteri Presiden meninjau bendungan baru di Jawa…"},
		{"nothing to show", Article{ID: "854f8de813fdbb987d7b4c33391d9f60"}, ""},
	} {
		if got := c.a.Headline(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// FuzzHeadline: any text gives a headline no longer than a headline, made
// of the article's own words, without panicking.
func FuzzHeadline(f *testing.F) {
	for _, s := range []string{"", "Dr. Terawan datang. Lalu pergi.", "...", "a. b? c!", strings.Repeat("kata ", 100), "\xff\xfe. x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		h := (&Article{Paragraphs: []string{p}}).Headline()
		if n := len([]rune(h)); n > headlineMax+1 {
			t.Fatalf("headline of %d runes: %q", n, h)
		}
		if strings.TrimSpace(p) != "" && h == "" {
			t.Fatalf("no headline from %q", p)
		}
	})
}
