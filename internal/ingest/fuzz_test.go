package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"golang.org/x/text/unicode/norm"
)

func testdataSeeds(f *testing.F) [][]byte {
	paths, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds in testdata: %v", err)
	}
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// FuzzJSONL puts a line of arbitrary bytes between two good records: the
// reader must not panic and must keep both records, whatever the junk.
func FuzzJSONL(f *testing.F) {
	for _, s := range testdataSeeds(f) {
		for _, line := range bytes.Split(s, []byte("\n")) {
			f.Add("Harga cabai naik", line, "Banjir surut")
		}
	}
	f.Add("", []byte("{\"text\": \"\\u0000\"}\r"), "\xff\xfe")
	f.Fuzz(func(t *testing.T, a string, junk []byte, b string) {
		rec := func(url, text string) []byte {
			line, err := json.Marshal(map[string]string{"url": url, "text": "Berita " + text})
			if err != nil {
				t.Fatal(err)
			}
			return line
		}
		var in bytes.Buffer
		in.Write(rec("https://kabar.example.id/a", a))
		in.WriteByte('\n')
		in.Write(bytes.ReplaceAll(junk, []byte("\n"), nil))
		in.WriteByte('\n')
		in.Write(rec("https://kabar.example.id/b", b))
		urls := map[string]string{}
		problems, err := Walk(context.Background(), []string{"-"}, &in, Options{}, func(d *warta.Document) error {
			if !utf8.ValidString(d.Text) {
				t.Fatalf("%s: Text is not UTF-8", d.Source)
			}
			urls[d.Source] = d.URL
			if (d.Source == "-:1" || d.Source == "-:3") && !strings.Contains(d.Text, "Berita") {
				t.Fatalf("%s: Text %q lost its words", d.Source, d.Text)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if urls["-:1"] != "https://kabar.example.id/a" || urls["-:3"] != "https://kabar.example.id/b" {
			t.Fatalf("good records lost: %v, problems %v", urls, problems)
		}
		for _, p := range problems {
			if p.Line != 2 {
				t.Fatalf("problem outside the junk line: %v", p)
			}
		}
	})
}

// FuzzPrepare decodes arbitrary bytes: the text that comes out is valid,
// normalized UTF-8, the same on a second run, and readable text is never
// refused.
func FuzzPrepare(f *testing.F) {
	for _, s := range testdataSeeds(f) {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
	}
	f.Add([]byte("Caf\xe9 \x93kopi\x94 ‚Äú¬†√©"), uint8(0))
	f.Add([]byte("‚Äú ‚Äù"), uint8(0)) // only quotation marks once repaired
	f.Add([]byte{0xFF, 0xFE, 'a', 0, 0x0D, 0}, uint8(1))
	f.Add([]byte(`{"html": "<p>a\r\n</p>", "authors": ["x", 1]}`), uint8(2))
	formats := []warta.Format{warta.FormatText, warta.FormatHTML, warta.FormatJSON}
	f.Fuzz(func(t *testing.T, raw []byte, which uint8) {
		format := formats[int(which)%len(formats)]
		doc := &warta.Document{Source: "x", Format: format, Raw: raw}
		problems := Prepare(doc)
		if len(problems) == 0 {
			switch {
			case !utf8.ValidString(doc.Text):
				t.Fatalf("Text is not UTF-8: %q", doc.Text)
			case strings.ContainsAny(doc.Text, "\r\u00a0\ufeff"):
				t.Fatalf("Text keeps CR, NBSP or BOM: %q", doc.Text)
			case !norm.NFC.IsNormalString(doc.Text):
				t.Fatalf("Text is not NFC: %q", doc.Text)
			case doc.Text == "" || doc.TextFormat == "" || doc.Charset == "":
				t.Fatalf("usable document without Text, TextFormat or Charset: %+v", doc)
			}
		}
		again := &warta.Document{Source: "x", Format: format, Raw: raw}
		if p2 := Prepare(again); !reflect.DeepEqual(problems, p2) || !reflect.DeepEqual(doc, again) {
			t.Fatalf("Prepare is not deterministic")
		}
		// Mac Roman mojibake of a quotation mark ("‚Äú" for "“") has
		// letters only until it is repaired; text left with no letter
		// after the repair is rightly refused as having no words.
		repaired := strings.IndexFunc(clean(string(raw)), unicode.IsLetter) >= 0
		if format == warta.FormatText && readable(raw) && repaired && len(problems) > 0 {
			t.Fatalf("readable text refused: %v", problems)
		}
	})
}

// readable reports UTF-8 text made of letters, marks, digits, punctuation
// and spaces, with at least one letter.
func readable(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	letter := false
	for _, r := range string(raw) {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case r == utf8.RuneError || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cf, r):
			return false
		case unicode.IsGraphic(r) || r == '\n' || r == '\t' || r == '\r':
		default:
			return false
		}
	}
	return letter
}
