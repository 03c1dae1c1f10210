package sitemap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"
)

const newsSitemap = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://contoh.id/berita/menlu-bertemu-wang-yi</loc>
    <lastmod>2025-05-06T10:05:00+07:00</lastmod>
    <news:news>
      <news:publication><news:name>Contoh.id</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>2025-05-06T10:00:00+07:00</news:publication_date>
      <news:title>Menlu Sugiono Bertemu Wang Yi</news:title>
      <news:keywords>diplomasi, tiongkok</news:keywords>
    </news:news>
    <image:image><image:loc>https://contoh.id/foto.jpg</image:loc><image:title>Foto</image:title></image:image>
  </url>
  <url>
    <loc> https://contoh.id/berita/banjir-semarang </loc>
    <news:news>
      <news:publication><news:name>Contoh.id</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>Selasa, 06 Mei 2025 11:00 WIB</news:publication_date>
      <news:title>Banjir Semarang</news:title>
    </news:news>
  </url>
  <url><loc>/relatif</loc></url>
  <url><lastmod>2025-05-06</lastmod></url>
  <url><loc>https://contoh.id/berita/gempa</loc></url>
</urlset>
`

const sitemapIndex = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://contoh.id/sitemap-news.xml</loc><lastmod>2025-05-06T10:00:00+07:00</lastmod></sitemap>
  <sitemap><loc>https://contoh.id/sitemap-2025-05.xml.gz</loc></sitemap>
</sitemapindex>
`

func TestNewsSitemap(t *testing.T) {
	sm, probs, err := Parse([]byte(newsSitemap), Options{Source: "https://contoh.id/sitemap.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sm.Index || sm.Truncated || len(sm.Entries) != 3 {
		t.Fatalf("sitemap = %+v", sm)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, `2 entries without a usable <loc> (first: "/relatif")`) {
		t.Fatalf("problems = %v", probs)
	}
	a := sm.Entries[0]
	if a.Loc != "https://contoh.id/berita/menlu-bertemu-wang-yi" || a.LastMod.String() != "2025-05-06T10:05:00+07:00" || a.News == nil ||
		a.News.Title != "Menlu Sugiono Bertemu Wang Yi" || a.News.Publication != "Contoh.id" || a.News.Language != "id" ||
		a.News.Date.String() != "2025-05-06T10:00:00+07:00" || a.News.Keywords != "diplomasi, tiongkok" {
		t.Errorf("entry 1 = %+v %+v", a, a.News)
	}
	b := sm.Entries[1]
	if b.Loc != "https://contoh.id/berita/banjir-semarang" || b.News.Date.String() != "2025-05-06T11:00:00+07:00" {
		t.Errorf("entry 2 = %+v %+v", b, b.News)
	}
	if sm.Entries[2].News != nil {
		t.Errorf("entry 3 has news: %+v", sm.Entries[2].News)
	}
}

func TestIndex(t *testing.T) {
	sm, probs, err := Parse([]byte(sitemapIndex), Options{})
	if err != nil || len(probs) != 0 {
		t.Fatal(err, probs)
	}
	if !sm.Index || len(sm.Entries) != 2 || sm.Entries[1].Loc != "https://contoh.id/sitemap-2025-05.xml.gz" {
		t.Fatalf("%+v", sm)
	}
}

func TestTextSitemap(t *testing.T) {
	sm, probs, err := Parse([]byte("https://contoh.id/a\n\nhttps://contoh.id/b\r\nbukan url\n"), Options{})
	if err != nil || len(sm.Entries) != 2 || len(probs) != 1 {
		t.Fatalf("%+v %v %v", sm, probs, err)
	}
}

func TestBrokenSitemaps(t *testing.T) {
	whole := []byte(newsSitemap)
	i := bytes.Index(whole, []byte("<url><loc>/relatif"))
	sm, probs, err := Parse(whole[:i+3], Options{})
	if err != nil || !sm.Truncated || len(sm.Entries) != 2 || !strings.Contains(probs[0].Msg, "truncated sitemap") {
		t.Fatalf("cut: %+v %v %v", sm, probs, err)
	}
	bad := strings.Replace(newsSitemap, "<loc>/relatif</loc>", "<loc>/relatif</loc><<>", 1)
	sm, probs, err = Parse([]byte(bad), Options{})
	if err != nil || !sm.Truncated || len(sm.Entries) != 2 || !strings.Contains(probs[0].Msg, "damaged sitemap") {
		t.Fatalf("damaged: %+v %v %v", sm, probs, err)
	}
	deep := "<urlset><url><loc>https://contoh.id/a</loc></url><url>" + strings.Repeat("<x>", 50) + "</url></urlset>"
	sm, probs, err = Parse([]byte(deep), Options{})
	if err != nil || len(sm.Entries) != 1 || !strings.Contains(probs[0].Msg, "nested deeper than 16") {
		t.Fatalf("deep: %+v %v %v", sm, probs, err)
	}
	many := "<urlset>" + strings.Repeat("<url><loc>https://contoh.id/a</loc></url>", 20) + "</urlset>"
	sm, probs, _ = Parse([]byte(many), Options{MaxEntries: 5})
	if len(sm.Entries) != 5 || !strings.Contains(probs[0].Msg, "more than 5 entries") {
		t.Fatalf("many: %d entries, %v", len(sm.Entries), probs)
	}
	long := "<urlset><url><loc>https://contoh.id/" + strings.Repeat("a", 10000) + "</loc></url></urlset>"
	sm, _, _ = Parse([]byte(long), Options{})
	for _, e := range sm.Entries {
		if len(e.Loc) > maxField {
			t.Fatalf("a %d-byte loc was kept", len(e.Loc))
		}
	}
}

func TestNotASitemap(t *testing.T) {
	for body, want := range map[string]string{
		"":                               "empty body",
		"<html><body>x</body></html>":    "an HTML page",
		`<rss><channel></channel></rss>`: "a feed",
		"<kml/>":                         "root element <kml>",
		"\x00\x01binary":                 "binary",
		"tidak ada url di sini":          "no XML and no URL lines",
	} {
		if _, _, err := Parse([]byte(body), Options{}); !errors.Is(err, ErrNotSitemap) || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) err = %v, want %q", body, err, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(newsSitemap))
	f.Add([]byte(sitemapIndex))
	f.Add([]byte("https://contoh.id/a\nhttps://contoh.id/b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sm, _, err := Parse(data, Options{})
		if err != nil {
			if !errors.Is(err, ErrNotSitemap) {
				t.Fatalf("error not ErrNotSitemap: %v", err)
			}
			return
		}
		for _, e := range sm.Entries {
			if !strings.HasPrefix(e.Loc, "http://") && !strings.HasPrefix(e.Loc, "https://") || len(e.Loc) > maxField {
				t.Fatalf("bad loc %q", e.Loc)
			}
		}
	})
}

// FuzzParseCut cuts a good news sitemap with fuzzed titles anywhere: every
// entry whose </url> comes before the cut is kept.
func FuzzParseCut(f *testing.F) {
	f.Add("Menlu", "Banjir <Semarang> & co", uint16(400))
	f.Add("", "x", uint16(0))
	f.Fuzz(func(t *testing.T, t1, t2 string, cut uint16) {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
		for i, title := range []string{t1, t2, "akhir"} {
			title = strings.Map(func(r rune) rune {
				if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFD || r == 0xFFFE || r == 0xFFFF {
					return -1
				}
				return r
			}, strings.ToValidUTF8(title, ""))
			fmt.Fprintf(&b, "<url><loc>https://contoh.id/%d</loc><news:news><news:title>", i)
			xml.EscapeText(&b, []byte(title))
			b.WriteString("</news:title></news:news></url>\n")
		}
		b.WriteString("</urlset>")
		whole := b.Bytes()
		n := min(int(cut), len(whole))
		want := bytes.Count(whole[:n], []byte("</url>"))
		sm, _, err := Parse(whole[:n], Options{})
		if err != nil {
			if want > 0 {
				t.Fatalf("cut at %d with %d whole entries: %v", n, want, err)
			}
			return
		}
		if len(sm.Entries) != want {
			t.Fatalf("cut at %d: %d entries, want %d", n, len(sm.Entries), want)
		}
		for i, e := range sm.Entries {
			if e.Loc != fmt.Sprintf("https://contoh.id/%d", i) {
				t.Fatalf("entry %d = %q", i, e.Loc)
			}
		}
	})
}
