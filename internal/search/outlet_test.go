package search

import (
	"strings"
	"testing"
)

func TestResolveOutlet(t *testing.T) {
	names := []string{"Fimela.com", "KapanLagi.com", "Kompas.com", "Kompas TV", "Okezone", "Posmetro Medan", "SINDOnews.com", "Tempo.co", "Tribunnews.com"}
	for _, c := range []struct{ given, want, err string }{
		{"", "", ""},
		{"Kompas.com", "Kompas.com", ""},
		{"kompas.com", "Kompas.com", ""},
		{"www.kompas.com", "Kompas.com", ""},
		{"kompas", "Kompas.com", ""}, // "Kompas TV" starts with it too, but kompas.com is kompas
		{"sindonews", "SINDOnews.com", ""},
		{"tempo", "Tempo.co", ""},
		{"okezone.com", "Okezone", ""},
		{"posmetro-medan.com", "Posmetro Medan", ""},
		{"tribun", "Tribunnews.com", ""},
		{"kapan", "KapanLagi.com", ""},
		{"detik", "", "no outlet \"detik\"; outlets: Fimela.com, KapanLagi.com, Kompas"},
		{"k", "", "ambiguous: KapanLagi.com, Kompas TV, Kompas.com"},
	} {
		got, err := ResolveOutlet(c.given, names)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("ResolveOutlet(%q) = %q, %v; want %q, %q", c.given, got, err, c.want, c.err)
		}
	}
	if _, err := ResolveOutlet("kompas", nil); err == nil || !strings.Contains(err.Error(), "no articles yet") {
		t.Errorf("empty store: %v", err)
	}
}
