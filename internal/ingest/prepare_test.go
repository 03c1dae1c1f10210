package ingest

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/warta-news/warta"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	out := []byte{0xFF, 0xFE}
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestPrepareEncodings(t *testing.T) {
	const kalimat = "Café “Kopi Tubruk” di Bogor — ramai."
	for _, tc := range []struct {
		name        string
		format      warta.Format
		contentType string
		raw         []byte
		text        string
		charset     string
	}{
		{"utf-8", warta.FormatText, "", []byte(kalimat), kalimat, "utf-8"},
		{"utf-8 with BOM", warta.FormatText, "", append([]byte{0xEF, 0xBB, 0xBF}, kalimat...), kalimat, "utf-8"},
		{"utf-16le with BOM", warta.FormatText, "", utf16Bytes(kalimat, false), kalimat, "utf-16le"},
		{"utf-16be with BOM", warta.FormatText, "", utf16Bytes(kalimat, true), kalimat, "utf-16be"},
		{"windows-1252 undeclared", warta.FormatText, "", []byte("Caf\xe9 \x93Kopi Tubruk\x94 di Bogor \x97 ramai."), kalimat, "windows-1252"},
		{"iso-8859-1 declared in meta", warta.FormatHTML, "", []byte("<html><head><meta charset=\"ISO-8859-1\"></head><body>Caf\xe9 Braga</body></html>"),
			"<html><head><meta charset=\"ISO-8859-1\"></head><body>Café Braga</body></html>", "windows-1252"},
		{"charset from Content-Type", warta.FormatHTML, "text/html; charset=iso-8859-2", []byte("<p>\xb3\xf3d\xbc</p>"), "<p>łódź</p>", "iso-8859-2"},
		{"valid utf-8 beats a wrong declaration", warta.FormatHTML, "text/html; charset=windows-1252", []byte("<p>Café</p>"), "<p>Café</p>", "utf-8"},
		{"utf-8 with a stray latin-1 byte", warta.FormatText, "", []byte("Café di Bogor, caf\xe9 di Braga"), "Café di Bogor, café di Braga", "utf-8"},
		{"CRLF and lone CR", warta.FormatText, "", []byte("satu\r\ndua\rtiga\n\r\nempat"), "satu\ndua\ntiga\n\nempat", "utf-8"},
		{"no-break spaces", warta.FormatText, "", []byte("Rp\u00a04,2\u00a0miliar dan 10\u202fkm"), "Rp 4,2 miliar dan 10 km", "utf-8"},
		{"Mac Roman mojibake", warta.FormatText, "", []byte("BANDUNG ‚Äì Persib menang.¬†Kata pelatih, ‚Äúkami siap‚Äù. Caf√© ‚Ä¶ \uf8ffüòÄ"), "BANDUNG – Persib menang. Kata pelatih, “kami siap”. Café … 😀", "utf-8"},
		{"Arabic script in Mac Roman mojibake", warta.FormatText, "", []byte("Allah berfirman: ÿ®Ÿêÿ≥ŸíŸÖŸê ÿßŸÑŸÑŸáŸê."), "Allah berfirman: بِسْمِ اللهِ.", "utf-8"},
		{"a euro price stays", warta.FormatText, "", []byte("Harganya €5, atau ÿ saja."), "Harganya €5, atau ÿ saja.", "utf-8"},
		{"real text near the mojibake leads stays", warta.FormatText, "", []byte("√2 ≈ 1,41 dan ¬ p; „kutip‚ x"), "√2 ≈ 1,41 dan ¬ p; „kutip‚ x", "utf-8"},
		{"decomposed to NFC", warta.FormatText, "", []byte("Cafe\u0301"), "Café", "utf-8"},
		{"controls and inner BOMs dropped", warta.FormatText, "", []byte("Hari\x07 ini\ufeff cerah\x1b sekali\tE\fF"), "Hari ini cerah sekali\tE\nF", "utf-8"},
		{"HTML without body is a document", warta.FormatHTML, "", []byte("<html><head><title>Judul</title></head></html>"), "<html><head><title>Judul</title></head></html>", "utf-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := &warta.Document{Source: "x", Format: tc.format, Raw: tc.raw, Hints: warta.Hints{ContentType: tc.contentType}}
			if ps := Prepare(doc); len(ps) != 0 {
				t.Fatalf("problems: %v", ps)
			}
			if doc.Text != tc.text || doc.Charset != tc.charset || doc.TextFormat != tc.format {
				t.Errorf("Text=%q Charset=%q TextFormat=%q\nwant %q %q %q", doc.Text, doc.Charset, doc.TextFormat, tc.text, tc.charset, tc.format)
			}
		})
	}
}

func TestPrepareUnusable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format warta.Format
		raw    string
		msg    string
	}{
		{"empty", warta.FormatText, "", "empty file"},
		{"white space only", warta.FormatHTML, " \r\n\t\n", "empty file"},
		{"only control characters", warta.FormatText, "\x07\x07", "binary file"},
		{"NUL bytes", warta.FormatText, "PK\x03\x04\x00\x00\x08\x00", "binary file (NUL bytes)"},
		{"control heavy", warta.FormatHTML, "\x01\x02\x03\x04 ab \x05\x06\x07\x08", "binary file (mostly control characters)"},
		{"unknown format", "pdf", "%PDF-1.4", "unknown format"},
		{"json not json", warta.FormatJSON, "{\"text\": ", "not JSON"},
		{"json array", warta.FormatJSON, "[1, 2]", "not a JSON object"},
		{"json null", warta.FormatJSON, "null", "not a JSON object"},
		{"json neither text nor html", warta.FormatJSON, `{"url": "https://a.example.id/", "title": "Judul"}`, "neither text nor html"},
		{"json blank text", warta.FormatJSON, `{"text": " \u00a0 ", "html": ""}`, "neither text nor html"},
		{"json punctuation only", warta.FormatJSON, `{"title": "Kosong", "text": "  ...  "}`, "empty or only punctuation"},
		{"json html without words", warta.FormatJSON, `{"html": "<div class=\"isi\"><p>-</p><p>&nbsp;</p></div>"}`, "empty or only punctuation"},
		{"text punctuation only", warta.FormatText, "...\n—\n* * *\n", "empty or only punctuation"},
		{"html without words", warta.FormatHTML, "<html><body><p>…</p><hr></body></html>", "empty or only punctuation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := &warta.Document{Source: "berkas.txt", Format: tc.format, Raw: []byte(tc.raw), Text: "lama"}
			ps := Prepare(doc)
			if len(ps) != 1 || !strings.Contains(ps[0].Msg, tc.msg) || ps[0].Source != "berkas.txt" || ps[0].Stage != "ingest" {
				t.Fatalf("problems %v, want one saying %q", ps, tc.msg)
			}
			if doc.Text != "" {
				t.Errorf("Text=%q left on an unusable document", doc.Text)
			}
		})
	}
}

func TestPrepareJSON(t *testing.T) {
	for _, tc := range []struct {
		name       string
		raw        string
		text       string
		textFormat warta.Format
		url        string
		hints      warta.Hints
		charset    string
	}{
		{"html wins over text", `{"url": "https://a.example.id/1", "html": "<p>Isi</p>", "text": "Isi", "title": " Judul ", "outlet": "a.example.id", "published": "2021-07-06", "authors": ["Budi", " ", "Sri"]}`,
			"<p>Isi</p>", warta.FormatHTML, "https://a.example.id/1",
			warta.Hints{Title: "Judul", Outlet: "a.example.id", Published: "2021-07-06", Authors: []string{"Budi", "Sri"}, ContentType: "application/json"}, "utf-8"},
		{"text, single author", `{"text": "Isi\r\nberita", "author": "Sri Wahyuni"}`, "Isi\nberita", warta.FormatText, "",
			warta.Hints{Authors: []string{"Sri Wahyuni"}, ContentType: "application/json"}, "utf-8"},
		{"authors as a string", `{"text": "Isi", "authors": "Budi dan Sri"}`, "Isi", warta.FormatText, "",
			warta.Hints{Authors: []string{"Budi dan Sri"}, ContentType: "application/json"}, "utf-8"},
		{"fields of other types ignored", `{"text": "Isi", "title": 7, "authors": [1, "Budi"], "extra": {"a": 1}, "url": null}`, "Isi", warta.FormatText, "",
			warta.Hints{Authors: []string{"Budi"}, ContentType: "application/json"}, "utf-8"},
		{"mojibake in the corpus", `{"text": "Kata dia,¬†‚Äúsiap‚Äù.", "title": "Siap¬†Tempur"}`, "Kata dia, “siap”.", warta.FormatText, "",
			warta.Hints{Title: "Siap Tempur", ContentType: "application/json"}, "utf-8"},
		{"windows-1252 bytes in a line", "{\"text\": \"Caf\xe9 Braga\"}", "Café Braga", warta.FormatText, "",
			warta.Hints{ContentType: "application/json"}, "windows-1252"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := &warta.Document{Source: "a.jsonl:1", Format: warta.FormatJSON, Raw: []byte(tc.raw),
				Hints: warta.Hints{Title: "lama", Authors: []string{"lama"}, ContentType: "application/json"}}
			if ps := Prepare(doc); len(ps) != 0 {
				t.Fatalf("problems: %v", ps)
			}
			if doc.Text != tc.text || doc.TextFormat != tc.textFormat || doc.URL != tc.url || doc.Charset != tc.charset {
				t.Errorf("Text=%q TextFormat=%q URL=%q Charset=%q\nwant %q %q %q %q", doc.Text, doc.TextFormat, doc.URL, doc.Charset, tc.text, tc.textFormat, tc.url, tc.charset)
			}
			if !reflect.DeepEqual(doc.Hints, tc.hints) {
				t.Errorf("Hints=%+v\nwant  %+v", doc.Hints, tc.hints)
			}
		})
	}
}

// TestPrepareAgain checks that reprocessing gives what ingest gave.
func TestPrepareAgain(t *testing.T) {
	raws := [][]byte{[]byte("Caf\xe9 \x93Kopi\x94\r\n"), []byte(`{"html": "<p>a</p>", "title": "b", "authors": ["c"]}`), utf16Bytes("Jakarta\r\n", false)}
	for i, raw := range raws {
		format := warta.FormatText
		if i == 1 {
			format = warta.FormatJSON
		}
		a := &warta.Document{Source: "a", Format: format, Raw: raw}
		Prepare(a)
		b := *a
		b.Hints.Authors = append([]string(nil), a.Hints.Authors...)
		Prepare(&b)
		if !reflect.DeepEqual(*a, b) {
			t.Errorf("%d: second Prepare changed the document:\n%+v\n%+v", i, *a, b)
		}
	}
}
