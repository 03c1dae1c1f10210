package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warta-news/warta"
)

const rssSample = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Contoh.id - Berita Terkini</title>
<link>https://contoh.id/</link>
<item>
  <title><![CDATA[Menlu Sugiono Bertemu <b>Wang Yi</b> di Jakarta]]></title>
  <link>https://contoh.id/berita/menlu-sugiono-bertemu-wang-yi?utm_source=rss</link>
  <guid isPermaLink="false">contoh-1</guid>
  <pubDate>Selasa, 06 Mei 2025 10:00:00 WIB</pubDate>
  <dc:creator>Riana Putri</dc:creator>
</item>
<item>
  <title>Banjir Merendam Semarang</title>
  <link>/berita/banjir-merendam-semarang</link>
  <pubDate>Tue, 06 May 2025 11:30:00 +0700</pubDate>
  <author>redaksi@contoh.id (Budi Santoso)</author>
</item>
<item>
  <title>Tanpa tautan</title>
  <description>Item ini tidak punya link.</description>
</item>
<item>
  <title>Gempa Cianjur</title>
  <guid>https://contoh.id/berita/gempa-cianjur</guid>
  <pubDate>kemarin sore</pubDate>
</item>
</channel>
</rss>
`

const atomSample = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Contoh Atom</title>
  <link href="https://contoh.id/"/>
  <entry>
    <title>KPK Tangkap Bupati</title>
    <link rel="alternate" href="https://contoh.id/berita/kpk-tangkap-bupati"/>
    <id>tag:contoh.id,2025:1</id>
    <published>2025-03-13T07:30:00+07:00</published>
    <updated>2025-03-13T08:00:00+07:00</updated>
    <author><name>Tessa</name></author>
  </entry>
  <entry>
    <title>Harga Cabai Naik</title>
    <link href="https://contoh.id/berita/harga-cabai-naik"/>
    <id>tag:contoh.id,2025:2</id>
    <updated>2025-03-14T01:00:00Z</updated>
  </entry>
</feed>
`

func mustParse(t *testing.T, data []byte, opt Options) (*Feed, []warta.Problem) {
	t.Helper()
	f, probs, err := Parse(data, opt)
	if err != nil {
		t.Fatalf("Parse: %v (problems %v)", err, probs)
	}
	return f, probs
}

func expectProblems(t *testing.T, probs []warta.Problem, want ...string) {
	t.Helper()
	if len(probs) != len(want) {
		t.Fatalf("problems = %v, want %d: %q", probs, len(want), want)
	}
	for i, w := range want {
		if !strings.Contains(probs[i].Msg, w) {
			t.Errorf("problem %d = %q, want it to mention %q", i, probs[i].Msg, w)
		}
		if probs[i].Source != "https://contoh.id/rss" && probs[i].Source != "" {
			t.Errorf("problem %d source %q", i, probs[i].Source)
		}
	}
}

func TestRSS(t *testing.T) {
	f, probs := mustParse(t, []byte(rssSample), Options{Source: "https://contoh.id/rss", BaseURL: "https://contoh.id/rss"})
	expectProblems(t, probs, `item 3 ("Tanpa tautan") has no link`, `item 4: unreadable date "kemarin sore"`)
	if f.Title != "Contoh.id - Berita Terkini" || f.Truncated || len(f.Items) != 3 {
		t.Fatalf("feed = %+v", f)
	}
	a, b, c := f.Items[0], f.Items[1], f.Items[2]
	if a.Title != "Menlu Sugiono Bertemu Wang Yi di Jakarta" || a.Link != "https://contoh.id/berita/menlu-sugiono-bertemu-wang-yi?utm_source=rss" ||
		a.Date.String() != "2025-05-06T10:00:00+07:00" || a.Date.Raw != "Selasa, 06 Mei 2025 10:00:00 WIB" ||
		len(a.Authors) != 1 || a.Authors[0] != "Riana Putri" {
		t.Errorf("item 1 = %+v", a)
	}
	if b.Link != "https://contoh.id/berita/banjir-merendam-semarang" || b.Date.String() != "2025-05-06T11:30:00+07:00" ||
		len(b.Authors) != 1 || b.Authors[0] != "Budi Santoso" {
		t.Errorf("item 2 = %+v", b)
	}
	if c.Link != "https://contoh.id/berita/gempa-cianjur" || !c.Date.Time.IsZero() || c.Date.String() != "kemarin sore" {
		t.Errorf("item 4 = %+v", c)
	}
}

func TestAtom(t *testing.T) {
	f, probs := mustParse(t, []byte(atomSample), Options{})
	expectProblems(t, probs)
	if len(f.Items) != 2 || f.Items[0].Date.String() != "2025-03-13T07:30:00+07:00" || f.Items[0].Authors[0] != "Tessa" ||
		f.Items[1].Date.String() != "2025-03-14T01:00:00Z" || f.Items[1].Link != "https://contoh.id/berita/harga-cabai-naik" {
		t.Fatalf("items = %+v", f.Items)
	}
}

func TestTruncatedFeedKeepsItems(t *testing.T) {
	whole := []byte(rssSample)
	cuts := []struct {
		after string // cut just after this text
		items int
	}{
		{"<title>Banjir Merendam", 1},
		{"</item>\n<item>\n  <title>Banjir Merendam Semarang</title>\n  <link>/berita/banjir-merendam-semarang</link>\n  <pubDate>Tue, 06 May 2025 11:30:00 +0700</pubDate>\n  <author>redaksi@contoh.id (Budi Santoso)</author>\n</item>", 2},
		{"</channel>", 3},
		{"<title>Contoh.id - Berita", 0},
		{"<ite", 0},
	}
	for _, tc := range cuts {
		i := bytes.Index(whole, []byte(tc.after))
		if i < 0 {
			t.Fatalf("%q not in sample", tc.after)
		}
		data := whole[:i+len(tc.after)]
		f, probs := mustParse(t, data, Options{Source: "https://contoh.id/rss"})
		if !f.Truncated || len(f.Items) != tc.items {
			t.Errorf("cut after %q: truncated %v, %d items, want %d", clip([]byte(tc.after), 20), f.Truncated, len(f.Items), tc.items)
		}
		if len(probs) == 0 || !strings.Contains(probs[0].Msg, "truncated feed") || !strings.Contains(probs[0].Msg, fmt.Sprintf("kept the %d items", scanItems(data))) {
			t.Errorf("cut after %q: problems %v", clip([]byte(tc.after), 20), probs)
		}
	}
	// An Atom feed cut inside its second entry keeps the first.
	i := strings.Index(atomSample, "Harga Cabai")
	f, _ := mustParse(t, []byte(atomSample[:i]), Options{})
	if !f.Truncated || len(f.Items) != 1 || f.Items[0].Title != "KPK Tangkap Bupati" {
		t.Fatalf("atom cut: %+v", f)
	}
}

func scanItems(b []byte) int {
	sc, _ := scan(b, 64)
	return sc.items
}

func TestDamagedFeed(t *testing.T) {
	// A raw '<' in the second item's title breaks the XML there.
	bad := strings.Replace(rssSample, "Banjir Merendam Semarang</title>", "Banjir < Merendam</title>", 1)
	f, probs := mustParse(t, []byte(bad), Options{})
	if !f.Truncated || len(f.Items) != 1 || len(probs) == 0 || !strings.Contains(probs[0].Msg, "damaged feed") {
		t.Fatalf("damaged: %+v %v", f, probs)
	}
	// Stray HTML left unclosed in a description is tolerated.
	stray := strings.Replace(rssSample, "<description>Item ini tidak punya link.</description>",
		"<description>Item <br> ini <p>tidak punya</description>", 1)
	f, _ = mustParse(t, []byte(stray), Options{})
	if f.Truncated || len(f.Items) != 3 {
		t.Fatalf("stray tags: truncated %v, %d items", f.Truncated, len(f.Items))
	}
	// Nesting deeper than allowed stops reading there.
	deep := strings.Replace(rssSample, "<title>Banjir Merendam Semarang</title>",
		strings.Repeat("<x>", 100)+"dalam"+strings.Repeat("</x>", 100), 1)
	f, probs = mustParse(t, []byte(deep), Options{})
	if !f.Truncated || len(f.Items) != 1 || !strings.Contains(probs[0].Msg, "nested deeper than 64") {
		t.Fatalf("deep: %+v %v", f, probs)
	}
	// Control characters XML forbids are dropped, not fatal.
	ctl := strings.Replace(rssSample, "Banjir Merendam", "Banjir\x01\x08 Merendam", 1)
	f, _ = mustParse(t, []byte(ctl), Options{})
	if len(f.Items) != 3 || f.Items[1].Title != "Banjir Merendam Semarang" {
		t.Fatalf("controls: %+v", f.Items)
	}
}

func TestNotAFeed(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"empty", "  \n", "empty body"},
		{"html", "<!DOCTYPE html><html><head><title>Contoh</title></head><body>x</body></html>", "an HTML page"},
		{"sitemap", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://contoh.id/a</loc></url></urlset>`, "a sitemap"},
		{"text", "Ini bukan feed", "neither XML nor JSON"},
		{"json", `{"hello": "world"}`, "JSON"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00", "neither XML nor JSON"},
		{"other xml", `<?xml version="1.0"?><kml><x/></kml>`, "root element <kml>"},
		{"broken start", `<?xml version="1.0"?><`, "not a feed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tc.body), Options{})
			if !errors.Is(err, ErrNotFeed) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrNotFeed mentioning %q", err, tc.want)
			}
		})
	}
}

func TestJSONFeed(t *testing.T) {
	f, _ := mustParse(t, []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"Contoh","items":[{"id":"1","url":"https://contoh.id/a","title":"A","date_published":"2025-05-06T10:00:00+07:00"}]}`), Options{})
	if len(f.Items) != 1 || f.Items[0].Link != "https://contoh.id/a" || f.Items[0].Date.String() != "2025-05-06T10:00:00+07:00" {
		t.Fatalf("%+v", f.Items)
	}
}

// cp1252 encodes s (which must be Latin-1 plus Windows-1252 punctuation)
// as Windows-1252.
func cp1252(s string) []byte {
	var b []byte
	for _, r := range s {
		switch r {
		case '“':
			b = append(b, 0x93)
		case '”':
			b = append(b, 0x94)
		case '–':
			b = append(b, 0x96)
		default:
			b = append(b, byte(r))
		}
	}
	return b
}

func TestCharsets(t *testing.T) {
	title := "“Kafé” Rakyat – Dibuka"
	item := "<item><title>" + title + "</title><link>https://contoh.id/kafe</link></item>"
	tests := []struct {
		name, contentType string
		data              []byte
		charset           string
	}{
		{"declared in XML", "application/rss+xml", cp1252(`<?xml version="1.0" encoding="windows-1252"?><rss><channel>` + item + `</channel></rss>`), "windows-1252"},
		{"iso-8859-1 label", "", cp1252(`<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel>` + item + `</channel></rss>`), "windows-1252"},
		{"declared in HTTP only", "text/xml; charset=windows-1252", cp1252(`<rss><channel>` + item + `</channel></rss>`), "windows-1252"},
		{"undeclared", "", cp1252(`<?xml version="1.0"?><rss><channel>` + item + `</channel></rss>`), "windows-1252"},
		{"UTF-8 declared as Latin-1", "", []byte(`<?xml version="1.0" encoding="iso-8859-1"?><rss><channel>` + item + `</channel></rss>`), "utf-8"},
		{"UTF-8 BOM", "", append([]byte{0xEF, 0xBB, 0xBF}, `<rss><channel>`+item+`</channel></rss>`...), "utf-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := mustParse(t, tc.data, Options{ContentType: tc.contentType})
			if len(f.Items) != 1 || f.Items[0].Title != title || f.Charset != tc.charset {
				t.Fatalf("items %+v, charset %q; want title %q in %s", f.Items, f.Charset, title, tc.charset)
			}
		})
	}
}

// feedWith builds an RSS feed whose item titles are given, escaped.
func feedWith(titles []string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<rss version=\"2.0\"><channel><title>F</title>\n")
	for i, t := range titles {
		b.WriteString("<item><title>")
		xml.EscapeText(&b, []byte(t))
		fmt.Fprintf(&b, "</title><link>https://contoh.id/%d</link><pubDate>Selasa, 06 Mei 2025 10:0%d:00 WIB</pubDate></item>\n", i, i)
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(rssSample))
	f.Add([]byte(atomSample))
	f.Add(cp1252(`<?xml version="1.0" encoding="windows-1252"?><rss><channel><item><title>“x”</title><link>/a</link></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"url":"https://contoh.id/a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, probs, err := Parse(data, Options{BaseURL: "https://contoh.id/rss"})
		if err != nil {
			if !errors.Is(err, ErrNotFeed) {
				t.Fatalf("error not ErrNotFeed: %v", err)
			}
			return
		}
		for _, it := range feed.Items {
			if it.Link == "" || !utf8.ValidString(it.Title) || !utf8.ValidString(it.Link) {
				t.Fatalf("bad item %+v", it)
			}
		}
		if feed.Truncated && len(probs) == 0 {
			t.Fatal("truncated without a problem")
		}
	})
}

// FuzzParseCut cuts a good feed with fuzzed titles anywhere: every item
// whose </item> comes before the cut is kept.
func FuzzParseCut(f *testing.F) {
	f.Add("Menlu Sugiono", "Banjir <Semarang> & \"Demak\"", "Gempa", uint16(300))
	f.Add("a", "b", "c", uint16(0))
	f.Add("“Kafé”", "x]]>y", "\x00z", uint16(9999))
	f.Fuzz(func(t *testing.T, t1, t2, t3 string, cut uint16) {
		titles := []string{t1, t2, t3}
		for i, s := range titles {
			// XML cannot carry these at all; the feed writer would have
			// had to drop them too.
			titles[i] = strings.Map(func(r rune) rune {
				if r < 0x20 && r != '\t' && r != '\n' || r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
					return -1
				}
				return r
			}, strings.ToValidUTF8(s, ""))
		}
		whole := feedWith(titles)
		n := min(int(cut), len(whole))
		data := whole[:n]
		want := bytes.Count(data, []byte("</item>"))
		feed, _, err := Parse(data, Options{})
		if err != nil {
			if want > 0 {
				t.Fatalf("cut at %d of %d with %d whole items: %v", n, len(whole), want, err)
			}
			return
		}
		if len(feed.Items) != want {
			t.Fatalf("cut at %d of %d: %d items, want %d", n, len(whole), len(feed.Items), want)
		}
		for i, it := range feed.Items {
			if it.Link != fmt.Sprintf("https://contoh.id/%d", i) || it.Date.Time.IsZero() {
				t.Fatalf("item %d = %+v", i, it)
			}
		}
		if n < len(whole)-1 && !feed.Truncated {
			t.Fatalf("cut at %d of %d not reported", n, len(whole))
		}
	})
}
