package extract

import (
	"testing"

	"github.com/warta-news/warta"
)

// TestOutletFromURL: a host names an outlet only when it is a domain; an
// IP address or a bare machine name is no outlet ("0.0.1" was shown).
func TestOutletFromURL(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"https://www.kompas.com/a/1", "Kompas.com"},
		{"https://berita.contoh.co.id/x", "contoh.co.id"},
		{"https://m.contoh.id/x", "contoh.id"},
		{"http://127.0.0.1:8080/berita/7", ""},
		{"http://10.0.0.1/berita/2", ""},
		{"http://[::1]:80/a", ""},
		{"http://localhost:8080/a", ""},
		{"not a url", ""},
	} {
		if got := outletFromURL(c.url); got != c.want {
			t.Errorf("outletFromURL(%q) = %q, want %q", c.url, got, c.want)
		}
	}
}

// TestOutletHint: an outlet the user or the record names (sources add
// --outlet, fetch --outlet, a JSONL "outlet") wins over the URL's host;
// a known outlet's cue is written its usual way.
func TestOutletHint(t *testing.T) {
	body := "<html><body><article><h1>Gubernur Meresmikan Jembatan Baru</h1><p>Gubernur meresmikan jembatan baru di pusat kota pada Selasa pagi. Jembatan itu menghubungkan dua kecamatan.</p></article></body></html>"
	for _, c := range []struct{ hint, url, want string }{
		{"Harian Uji", "http://127.0.0.1:8080/berita/7", "Harian Uji"},
		{"Harian Uji", "https://contoh.co.id/berita/7", "Harian Uji"},
		{"kompas", "https://contoh.co.id/berita/7", "Kompas.com"},
		{"", "https://contoh.co.id/berita/7", "contoh.co.id"},
	} {
		doc := &warta.Document{ID: "d", URL: c.url, Format: warta.FormatHTML, Raw: []byte(body), Text: body, TextFormat: warta.FormatHTML, Hints: warta.Hints{Outlet: c.hint}}
		a, _ := Extract(doc, Options{})
		if a == nil || a.Outlet != c.want {
			t.Errorf("hint %q, url %s: outlet %v, want %q", c.hint, c.url, a, c.want)
		}
	}
}
