package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

// walkFiles writes files into a temp dir and walks it.
func walkFiles(t *testing.T, files map[string][]byte, opt Options) ([]*warta.Document, []warta.Problem) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var docs []*warta.Document
	probs, err := Walk(context.Background(), []string{dir}, nil, opt, func(d *warta.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs, probs
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

const page = "Jakarta, Warta.id - Banjir merendam rumah warga di Semarang, Senin (3/2/2025).\nWarga mengungsi ke masjid terdekat.\n"

func TestFormats(t *testing.T) {
	cp1252 := []byte("Jakarta - Caf\xe9 di Kemang ditutup \x93sementara\x94.\n")
	tests := []struct {
		name       string
		file       string
		body       []byte
		wantDocs   int
		wantFormat warta.Format
		wantText   string // a substring of the first document's text
		wantCS     string
	}{
		{"text dump", "a.txt", []byte(page), 1, warta.FormatText, "Banjir merendam", "utf-8"},
		{"utf-8 BOM stripped", "bom.txt", append([]byte{0xEF, 0xBB, 0xBF}, page...), 1, warta.FormatText, "Jakarta, Warta.id", "utf-8"},
		{"CRLF folded", "crlf.txt", []byte(strings.ReplaceAll(page, "\n", "\r\n")), 1, warta.FormatText, "2025).\nWarga", "utf-8"},
		{"windows-1252", "w.txt", cp1252, 1, warta.FormatText, "Café di Kemang ditutup “sementara”", "windows-1252"},
		{"utf-16 with BOM", "u16.txt", []byte{0xFF, 0xFE, 'B', 0, 'a', 0, 'n', 0, 'j', 0, 'i', 0, 'r', 0}, 1, warta.FormatText, "Banjir", "utf-16"},
		{"html by extension", "a.html", []byte("<html><body><p>Banjir.</p></body></html>"), 1, warta.FormatHTML, "<p>Banjir.</p>", "utf-8"},
		{"html sniffed", "page", []byte("<!DOCTYPE html><html><body>x</body></html>"), 1, warta.FormatHTML, "x", "utf-8"},
		{"html meta charset", "l1.html", []byte("<html><head><meta charset=\"iso-8859-1\"></head><body>Caf\xe9</body></html>"), 1, warta.FormatHTML, "Café", "windows-1252"},
		{"gzip text", "a.txt.gz", gz([]byte(page)), 1, warta.FormatText, "Banjir merendam", "utf-8"},
		{"jsonl", "a.jsonl", []byte(`{"url":"https://warta.id/a","title":"Banjir","text":"Banjir merendam Semarang.","published":"2025-02-03T10:00:00+07:00","outlet":"Warta.id","author":"Ani"}` + "\n" + `{"html":"<p>Kedua</p>"}` + "\n"), 2, warta.FormatJSON, "Banjir merendam Semarang.", "utf-8"},
		{"json array", "a.json", []byte(`[{"text":"Satu."},{"text":"Dua."}]`), 2, warta.FormatJSON, "Satu.", "utf-8"},
		{"mojibake nbsp and dash", "m.txt", []byte("Jakarta¬†‚Äì Banjir ‚Äúbesar‚Äù.\n"), 1, warta.FormatText, "Jakarta – Banjir “besar”.", "utf-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, probs := walkFiles(t, map[string][]byte{tc.file: tc.body}, Options{})
			if len(docs) != tc.wantDocs {
				t.Fatalf("got %d documents (problems %v), want %d", len(docs), probs, tc.wantDocs)
			}
			d := docs[0]
			if d.Format != tc.wantFormat || !strings.Contains(d.Text, tc.wantText) || d.Charset != tc.wantCS {
				t.Fatalf("doc = format %s charset %s text %q; want %s %s containing %q", d.Format, d.Charset, d.Text, tc.wantFormat, tc.wantCS, tc.wantText)
			}
			if d.ID != warta.ContentID(d.Raw) || d.Source == "" {
				t.Fatalf("ID %q is not the content address of Raw, or no source", d.ID)
			}
			if tc.file != "a.txt.gz" && !bytes.Contains(tc.body, d.Raw) {
				t.Fatalf("raw bytes not kept as received")
			}
		})
	}
}

func TestJSONLHints(t *testing.T) {
	docs, _ := walkFiles(t, map[string][]byte{"a.jsonl": []byte(`{"url":"https://warta.id/a","title":"Banjir","text":"Isi.","published":"2025-02-03","outlet":"Warta.id","authors":["Ani","Budi"]}` + "\n" + `{"html":"<p>x</p>"}`)}, Options{})
	d := docs[0]
	if d.URL != "https://warta.id/a" || d.Hints.Title != "Banjir" || d.Hints.Outlet != "Warta.id" || d.Hints.Published != "2025-02-03" ||
		strings.Join(d.Hints.Authors, ",") != "Ani,Budi" || d.TextFormat != warta.FormatText || !strings.HasSuffix(d.Source, "a.jsonl:1") {
		t.Fatalf("doc = %+v", d)
	}
	if docs[1].TextFormat != warta.FormatHTML || !strings.HasSuffix(docs[1].Source, ":2") {
		t.Fatalf("html record: %+v", docs[1])
	}
}

func TestBadInput(t *testing.T) {
	truncated := gz([]byte(strings.Repeat(page, 200)))
	truncated = truncated[:len(truncated)/2]
	tests := []struct {
		name      string
		files     map[string][]byte
		wantDocs  int
		wantProbs []string // substrings, one per problem
	}{
		{"empty file", map[string][]byte{"e.txt": {}}, 0, []string{"empty file"}},
		{"whitespace file", map[string][]byte{"e.txt": []byte(" \n\t\n")}, 0, []string{"empty file"}},
		{"binary file", map[string][]byte{"b.txt": {0x89, 'P', 'N', 'G', 0, 0, 1, 2}}, 0, []string{"binary file"}},
		{"invalid utf-8 is decoded, not dropped", map[string][]byte{"x.txt": {'a', 0xff, 'b', '\n'}}, 1, nil},
		{"truncated gzip keeps what was readable", map[string][]byte{"t.txt.gz": truncated}, 1, []string{"truncated or corrupt"}},
		{"not gzip at all", map[string][]byte{"n.txt.gz": []byte("\x1f\x8bxx")}, 0, []string{"gzip"}},
		{"html with no body is still a document", map[string][]byte{"n.html": []byte("<html><head><title>x</title></head></html>")}, 1, nil},
		{"bad jsonl line, others kept", map[string][]byte{"j.jsonl": []byte("{\"text\":\"satu\"}\nbukan json\n{\"text\":\"tiga\"}\n")}, 2, []string{"not JSON"}},
		{"jsonl record without text", map[string][]byte{"j.jsonl": []byte("{\"title\":\"kosong\"}\n")}, 0, []string{"neither text nor html"}},
		{"json file that is not a record", map[string][]byte{"gold.json": []byte("{\"about\": 1}")}, 0, []string{"not a page record"}},
		{"hidden files skipped", map[string][]byte{".git/x.txt": []byte(page), "ok.txt": []byte(page + "x")}, 1, nil},
		{"document over the limit", map[string][]byte{"big.txt": bytes.Repeat([]byte("kata "), 300)}, 0, []string{"document too large"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, probs := walkFiles(t, tc.files, Options{MaxDocBytes: 1000})
			if len(docs) != tc.wantDocs || len(probs) != len(tc.wantProbs) {
				t.Fatalf("got %d docs, problems %v; want %d docs, problems %v", len(docs), probs, tc.wantDocs, tc.wantProbs)
			}
			for i, want := range tc.wantProbs {
				if !strings.Contains(probs[i].Msg, want) || probs[i].Source == "" || probs[i].Stage != "ingest" {
					t.Fatalf("problem %d = %+v, want it to mention %q with a source", i, probs[i], want)
				}
			}
		})
	}
}

func TestBadPaths(t *testing.T) {
	var n int
	probs, err := Walk(context.Background(), []string{"/nonexistent/x.txt", "/nonexistent/*.txt", "["}, nil, Options{}, func(*warta.Document) error { n++; return nil })
	if err != nil || n != 0 || len(probs) != 3 {
		t.Fatalf("problems %v err %v", probs, err)
	}
	if probs[0].Source != "/nonexistent/x.txt" || !strings.Contains(probs[1].Msg, "matches no file") {
		t.Fatalf("problems %v", probs)
	}
}

func TestHugeFileIsRefusedWithoutReadingIt(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "huge.txt")
	f, _ := os.Create(p)
	f.Write([]byte("Jakarta - awal berita.\n"))
	f.Truncate(100 << 20) // sparse: 100 MB on paper, nothing on disk
	f.Close()
	var n int
	probs, _ := Walk(context.Background(), []string{p}, nil, Options{}, func(*warta.Document) error { n++; return nil })
	if n != 0 || len(probs) != 1 || !strings.Contains(probs[0].Msg, "too large") {
		t.Fatalf("docs %d problems %v", n, probs)
	}
}

func TestStdinAndGlob(t *testing.T) {
	var docs []*warta.Document
	probs, _ := Walk(context.Background(), []string{"-"}, strings.NewReader("{\"text\":\"satu\"}\n{\"text\":\"dua\"}\n"), Options{}, func(d *warta.Document) error {
		docs = append(docs, d)
		return nil
	})
	if len(docs) != 2 || len(probs) != 0 || docs[1].Source != "-:2" {
		t.Fatalf("stdin jsonl: %d docs %v", len(docs), probs)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(page), 0o644)
	os.WriteFile(filepath.Join(dir, "b.html"), []byte("<p>x</p>"), 0o644)
	docs = nil
	Walk(context.Background(), []string{filepath.Join(dir, "*.txt")}, nil, Options{}, func(d *warta.Document) error {
		docs = append(docs, d)
		return nil
	})
	if len(docs) != 1 {
		t.Fatalf("glob matched %d", len(docs))
	}
}

func TestPrepareIsDeterministic(t *testing.T) {
	d := &warta.Document{Source: "x", Format: warta.FormatJSON, Raw: []byte(`{"text":"Satu\r\nDua","url":"u"}`)}
	Prepare(d)
	first := *d
	d.Text, d.URL = "", ""
	Prepare(d)
	if d.Text != first.Text || d.Text != "Satu\nDua" || d.URL != "u" {
		t.Fatalf("Prepare gave %q then %q", first.Text, d.Text)
	}
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte("{\"text\":\"satu\"}\nbukan\n{\"html\":\"<p>x</p>\"}"))
	f.Add([]byte("{\"text\":1}\n{}\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var n int
		probs, err := Walk(context.Background(), []string{"-"}, bytes.NewReader(data), Options{MaxDocBytes: 1 << 16}, func(d *warta.Document) error {
			if d.ID != warta.ContentID(d.Raw) {
				t.Fatalf("bad id")
			}
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_ = probs
	})
}

func FuzzPrepare(f *testing.F) {
	f.Add([]byte("Jakarta - Caf\xe9\r\n"), false)
	f.Add([]byte("<html><meta charset=\"koi8-r\">\xc1</html>"), true)
	f.Add([]byte{0xFF, 0xFE, 'a', 0}, false)
	f.Fuzz(func(t *testing.T, raw []byte, html bool) {
		format := warta.FormatText
		if html {
			format = warta.FormatHTML
		}
		d := &warta.Document{Source: "f", Format: format, Raw: raw}
		Prepare(d)
		if strings.Contains(d.Text, "\r") {
			t.Fatalf("CR left in %q", d.Text)
		}
	})
}

func warcRecord(uri, body string) string {
	block := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + itoa(len(body)) + "\r\n\r\n" + body
	return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
		itoa(len(block)) + "\r\n\r\n" + block + "\r\n\r\n"
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestWARCThroughWalk(t *testing.T) {
	var members []byte
	for _, r := range []string{warcRecord("https://warta.id/1", "<p>Satu</p>"), warcRecord("https://warta.id/2", "<p>Dua</p>"), warcRecord("https://warta.id/3", "<p>Tiga</p>")} {
		members = append(members, gz([]byte(r))...)
	}
	docs, probs := walkFiles(t, map[string][]byte{"crawl.warc.gz": members[:len(members)-20]}, Options{})
	if len(docs) != 2 || len(probs) != 1 || probs[0].Offset == 0 {
		t.Fatalf("truncated warc.gz: %d docs, problems %v; want the 2 whole records and one problem with an offset", len(docs), probs)
	}
	if docs[0].URL != "https://warta.id/1" || docs[0].Format != warta.FormatHTML || !strings.Contains(docs[0].Source, "crawl.warc.gz@0") {
		t.Fatalf("doc = %+v", docs[0])
	}
}
