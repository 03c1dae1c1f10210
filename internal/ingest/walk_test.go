package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/warta-news/warta"
)

// collect runs Walk and returns what it produced.
func collect(t *testing.T, paths []string, stdin io.Reader, opt Options) ([]*warta.Document, []warta.Problem) {
	t.Helper()
	var docs []*warta.Document
	problems, err := Walk(context.Background(), paths, stdin, opt, func(d *warta.Document) error {
		if d.ID != warta.ContentID(d.Raw) {
			t.Errorf("%s: ID %s is not the content ID of Raw", d.Source, d.ID)
		}
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", d.Source, err)
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return docs, problems
}

func mustWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	z.Write(data)
	z.Close()
	return b.Bytes()
}

// warcRecord builds one WARC record; gzipped, one member.
func warcRecord(typ, uri, contentType, block string) []byte {
	return []byte(fmt.Sprintf("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2021-07-06T03:15:00Z\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		typ, uri, contentType, len(block), block))
}

func httpBlock(status, contentType, body string) string {
	return fmt.Sprintf("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", status, contentType, len(body), body)
}

// sampleWARC returns a small crawl, one gzip member per record when
// compressed, and the offsets of its records.
func sampleWARC(compressed bool) ([]byte, []int64) {
	recs := [][]byte{
		warcRecord("warcinfo", "", "application/warc-fields", "software: warta-test\r\n"),
		warcRecord("response", "https://kabar.example.id/kota/1", "application/http; msgtype=response",
			httpBlock("200 OK", "text/html; charset=windows-1252", "<html><body><p>Caf\xe9 baru di Braga.</p></body></html>")),
		warcRecord("response", "https://kabar.example.id/hilang", "application/http; msgtype=response", httpBlock("404 Not Found", "text/html", "<html>tidak ada</html>")),
		warcRecord("response", "https://kabar.example.id/foto.jpg", "application/http; msgtype=response", httpBlock("200 OK", "image/jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF")),
		warcRecord("resource", "https://kabar.example.id/berita.txt", "text/plain", "Warga Sumber Jaya bergotong royong membersihkan sungai.\n"),
	}
	var b bytes.Buffer
	var offs []int64
	for _, r := range recs {
		offs = append(offs, int64(b.Len()))
		if compressed {
			b.Write(gz(r))
		} else {
			b.Write(r)
		}
	}
	return b.Bytes(), offs
}

func sources(docs []*warta.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Source)
	}
	return out
}

// expectProblems checks problems against "source|line|offset|part of msg".
func expectProblems(t *testing.T, got []warta.Problem, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d problems %v, want %d", len(got), got, len(want))
		return
	}
	for i, p := range got {
		parts := strings.SplitN(want[i], "|", 4)
		loc := fmt.Sprintf("%s|%d|%d", p.Source, p.Line, p.Offset)
		if loc != strings.Join(parts[:3], "|") || !strings.Contains(p.Msg, parts[3]) || p.Stage != "ingest" {
			t.Errorf("problem %d = %s|%s (stage %q), want %s", i, loc, p.Msg, p.Stage, want[i])
		}
	}
}

func TestWalkDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"berita.txt", "berita.html", "latin1.html", "berita.jsonl"} {
		mustWrite(t, filepath.Join(dir, name), mustRead(t, filepath.Join("testdata", name)))
	}
	mustWrite(t, filepath.Join(dir, "berita.jsonl.gz"), gz(mustRead(t, filepath.Join("testdata", "berita.jsonl"))))
	arsip, offs := sampleWARC(true)
	mustWrite(t, filepath.Join(dir, "arsip.warc.gz"), arsip)
	mustWrite(t, filepath.Join(dir, ".tersembunyi.txt"), []byte("jangan dibaca"))
	mustWrite(t, filepath.Join(dir, ".git", "catatan.txt"), []byte("jangan dibaca"))
	mustWrite(t, filepath.Join(dir, "sub", "lain.htm"), []byte("<p>Potongan halaman tanpa html.</p>"))
	mustWrite(t, filepath.Join(dir, "kosong.txt"), nil)
	mustWrite(t, filepath.Join(dir, "gambar.png"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	if err := os.Symlink(filepath.Join(dir, "tidak-ada.txt"), filepath.Join(dir, "rusak.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipa"), 0o644); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "terkunci.txt")
	mustWrite(t, locked, []byte("Isi rahasia."))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	asRoot := os.Geteuid() == 0 // root reads mode 000 files anyway

	docs, problems := collect(t, []string{dir}, nil, Options{})
	p := func(name string) string { return filepath.Join(dir, name) }
	want := []string{
		fmt.Sprintf("%s@%d", p("arsip.warc.gz"), offs[1]), fmt.Sprintf("%s@%d", p("arsip.warc.gz"), offs[4]),
		p("berita.html"), p("berita.jsonl") + ":1", p("berita.jsonl") + ":2", p("berita.jsonl") + ":6",
		p("berita.jsonl.gz") + ":1", p("berita.jsonl.gz") + ":2", p("berita.jsonl.gz") + ":6",
		p("berita.txt"), p("latin1.html"), p("sub/lain.htm"),
	}
	if asRoot {
		want = append(want, p("terkunci.txt"))
	}
	if got := sources(docs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sources:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantProblems := []string{
		p("berita.jsonl") + "|3|0|not JSON", p("berita.jsonl") + "|4|0|neither text nor html",
		p("berita.jsonl.gz") + "|3|0|not JSON", p("berita.jsonl.gz") + "|4|0|neither text nor html",
		p("gambar.png") + "|0|0|binary file", p("kosong.txt") + "|0|0|empty file",
		p("pipa") + "|0|0|not a regular file", p("rusak.txt") + "|0|0|no such file",
	}
	if !asRoot {
		wantProblems = append(wantProblems, p("terkunci.txt")+"|0|0|permission denied")
	}
	expectProblems(t, problems, wantProblems...)

	byName := map[string]*warta.Document{}
	for _, d := range docs {
		byName[strings.TrimPrefix(d.Source, dir+"/")] = d
	}
	for _, tc := range []struct {
		source, format, textFormat, charset, url string
	}{
		{"berita.txt", "text", "text", "utf-8", ""},
		{"berita.html", "html", "html", "utf-8", ""},
		{"latin1.html", "html", "html", "windows-1252", ""},
		{"sub/lain.htm", "html", "html", "utf-8", ""},
		{"berita.jsonl:1", "json", "text", "utf-8", "https://kabar.example.id/ekonomi/1"},
		{"berita.jsonl:2", "json", "html", "utf-8", "https://kabar.example.id/daerah/2"},
		{fmt.Sprintf("arsip.warc.gz@%d", offs[1]), "html", "html", "windows-1252", "https://kabar.example.id/kota/1"},
		{fmt.Sprintf("arsip.warc.gz@%d", offs[4]), "text", "text", "utf-8", "https://kabar.example.id/berita.txt"},
	} {
		d := byName[tc.source]
		if d == nil {
			t.Errorf("%s: missing", tc.source)
			continue
		}
		if got := fmt.Sprint(d.Format, " ", d.TextFormat, " ", d.Charset, " ", d.URL); got != fmt.Sprint(tc.format, " ", tc.textFormat, " ", tc.charset, " ", tc.url) {
			t.Errorf("%s: format, text format, charset, url = %s", tc.source, got)
		}
	}
	// The same line read plain and compressed is the same document.
	for _, n := range []string{":1", ":2", ":6"} {
		if a, b := byName["berita.jsonl"+n], byName["berita.jsonl.gz"+n]; a == nil || b == nil || a.ID != b.ID {
			t.Errorf("line %s: plain and gzip copies differ", n)
		}
	}
	if d := byName["berita.txt"]; d == nil || !bytes.Equal(d.Raw, mustRead(t, filepath.Join("testdata", "berita.txt"))) {
		t.Errorf("berita.txt: Raw is not the file's bytes")
	}
	if d := byName["latin1.html"]; d == nil || !strings.Contains(d.Text, "kopi “tubruk” khas") || strings.Contains(d.Text, "\r") {
		t.Errorf("latin1.html: Text not decoded: %q", d.Text)
	}
	if d := byName["berita.jsonl:1"]; d == nil || d.Hints.Title != "Ekspor Kopi Naik 8 Persen" || d.Hints.Outlet != "kabar.example.id" ||
		d.Hints.Published != "2021-07-14T09:00:00+07:00" || fmt.Sprint(d.Hints.Authors) != "[Budi Santoso]" {
		t.Errorf("berita.jsonl:1 hints = %+v", d.Hints)
	}
	if d := byName["berita.jsonl:6"]; d == nil || d.Text != "BANDUNG – Persib menang 1-0 atas tamunya. Gol tunggal dicetak pada menit ke-78." {
		t.Errorf("berita.jsonl:6 text = %q", d.Text)
	}
	if d := byName[fmt.Sprintf("arsip.warc.gz@%d", offs[1])]; d == nil || d.Hints.ContentType != "text/html; charset=windows-1252" || !strings.Contains(d.Text, "Café baru") {
		t.Errorf("warc page: %+v", d)
	}
}

func TestWalkPaths(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	page := mustRead(t, filepath.Join("testdata", "berita.html"))
	lines := mustRead(t, filepath.Join("testdata", "berita.jsonl"))
	mustWrite(t, p("a.html"), page)
	mustWrite(t, p("b.html"), page)
	mustWrite(t, p("catatan.txt"), []byte("  <!-- arsip -->\n<!DOCTYPE html><html><body>Isi</body></html>"))
	mustWrite(t, p("tanpa-body.htm"), []byte("<html><head><title>Judul Saja</title></head></html>"))
	mustWrite(t, p("crlf.jsonl"), bytes.ReplaceAll(lines, []byte("\n"), []byte("\r\n")))
	mustWrite(t, p("satu.json"), []byte(`{"url": "https://kabar.example.id/9", "text": "Satu berita."}`))
	mustWrite(t, p("banyak.json"), []byte("[\n {\"text\": \"Pertama.\"},\n {\"title\": \"kosong\"},\n {\"html\": \"<p>Ketiga.</p>\"}\n]"))
	plainWARC, offs := sampleWARC(false)
	mustWrite(t, p("arsip.warc"), plainWARC)
	mustWrite(t, p("potong.warc"), plainWARC[:offs[4]+30])
	compressed, coffs := sampleWARC(true)
	mustWrite(t, p("potong.warc.gz"), compressed[:coffs[4]+20])
	mustWrite(t, p("potong.txt.gz"), gz(page)[:200])
	mustWrite(t, p("bukan.txt.gz"), []byte("ini bukan gzip"))
	mustWrite(t, p("tanpa-nama"), gz(lines))
	mustWrite(t, p("arsip-tanpa-nama"), compressed)
	mustWrite(t, p("utuh.warc.gz"), gz(plainWARC))
	var many bytes.Buffer
	for i := 1; i <= 400; i++ {
		fmt.Fprintf(&many, `{"url": "https://kabar.example.id/%d", "text": "Berita nomor %d dari Sumber Jaya, dengan isi yang cukup panjang supaya berkas terpotong di tengah."}`+"\n", i, i)
	}
	mustWrite(t, p("potong.jsonl.gz"), gz(many.Bytes())[:3*len(gz(many.Bytes()))/5])

	for _, tc := range []struct {
		name     string
		paths    []string
		stdin    []byte
		opt      Options
		sources  []string
		problems []string
	}{
		{"glob", []string{p("*.html")}, nil, Options{}, []string{p("a.html"), p("b.html")}, nil},
		{"glob matching nothing", []string{p("*.xml")}, nil, Options{}, nil, []string{p("*.xml") + "|0|0|matches nothing"}},
		{"bad glob", []string{p("[")}, nil, Options{}, nil, []string{p("[") + "|0|0|bad glob pattern"}},
		{"nonexistent path", []string{p("hilang.txt")}, nil, Options{}, nil, []string{p("hilang.txt") + "|0|0|no such file"}},
		{"HTML without body is still a document", []string{p("tanpa-body.htm")}, nil, Options{}, []string{p("tanpa-body.htm")}, nil},
		{"text file holding HTML", []string{p("catatan.txt")}, nil, Options{}, []string{p("catatan.txt")}, nil},
		{"CRLF lines", []string{p("crlf.jsonl")}, nil, Options{}, []string{p("crlf.jsonl") + ":1", p("crlf.jsonl") + ":2", p("crlf.jsonl") + ":6"},
			[]string{p("crlf.jsonl") + "|3|0|not JSON", p("crlf.jsonl") + "|4|0|neither"}},
		{"json object", []string{p("satu.json")}, nil, Options{}, []string{p("satu.json")}, nil},
		{"json array", []string{p("banyak.json")}, nil, Options{}, []string{p("banyak.json") + "@3", p("banyak.json") + "@48"},
			[]string{p("banyak.json") + "|0|26|neither"}},
		{"plain warc", []string{p("arsip.warc")}, nil, Options{}, []string{fmt.Sprintf("%s@%d", p("arsip.warc"), offs[1]), fmt.Sprintf("%s@%d", p("arsip.warc"), offs[4])}, nil},
		{"truncated warc", []string{p("potong.warc")}, nil, Options{}, []string{fmt.Sprintf("%s@%d", p("potong.warc"), offs[1])},
			[]string{fmt.Sprintf("%s|0|%d|truncated record", p("potong.warc"), offs[4])}},
		{"truncated warc.gz", []string{p("potong.warc.gz")}, nil, Options{}, []string{fmt.Sprintf("%s@%d", p("potong.warc.gz"), coffs[1])},
			[]string{fmt.Sprintf("%s|0|%d|truncated gzip member", p("potong.warc.gz"), coffs[4])}},
		{"truncated txt.gz", []string{p("potong.txt.gz")}, nil, Options{}, nil, []string{p("potong.txt.gz") + "|0|0|truncated"}},
		{"not gzip", []string{p("bukan.txt.gz")}, nil, Options{}, []string{p("bukan.txt.gz")}, nil},
		{"sniffed gzip jsonl", []string{p("tanpa-nama")}, nil, Options{}, []string{p("tanpa-nama") + ":1", p("tanpa-nama") + ":2", p("tanpa-nama") + ":6"},
			[]string{p("tanpa-nama") + "|3|0|not JSON", p("tanpa-nama") + "|4|0|neither"}},
		{"sniffed gzip warc keeps member offsets", []string{p("arsip-tanpa-nama")}, nil, Options{},
			[]string{fmt.Sprintf("%s@%d", p("arsip-tanpa-nama"), coffs[1]), fmt.Sprintf("%s@%d", p("arsip-tanpa-nama"), coffs[4])}, nil},
		{"warc gzipped whole", []string{p("utuh.warc.gz")}, nil, Options{},
			[]string{fmt.Sprintf("%s@0+%d", p("utuh.warc.gz"), offs[1]), fmt.Sprintf("%s@0+%d", p("utuh.warc.gz"), offs[4])}, nil},
		{"line over the document limit", []string{p("crlf.jsonl")}, nil, Options{MaxDocBytes: 250}, []string{p("crlf.jsonl") + ":2", p("crlf.jsonl") + ":6"},
			[]string{p("crlf.jsonl") + "|1|0|longer than 250 bytes", p("crlf.jsonl") + "|3|0|not JSON", p("crlf.jsonl") + "|4|0|neither"}},
		{"page over the document limit", []string{p("a.html")}, nil, Options{MaxDocBytes: 100}, nil, []string{p("a.html") + "|0|0|too large"}},
		{"stdin jsonl", []string{"-"}, lines, Options{}, []string{"-:1", "-:2", "-:6"}, []string{"-|3|0|not JSON", "-|4|0|neither"}},
		{"stdin gzip jsonl", []string{"-"}, gz(lines), Options{}, []string{"-:1", "-:2", "-:6"}, []string{"-|3|0|not JSON", "-|4|0|neither"}},
		{"stdin html", []string{"-"}, page, Options{}, []string{"-"}, nil},
		{"stdin warc.gz", []string{"-"}, compressed, Options{}, []string{fmt.Sprintf("-@%d", coffs[1]), fmt.Sprintf("-@%d", coffs[4])}, nil},
		{"stdin empty", []string{"-"}, []byte{}, Options{}, nil, []string{"-|0|0|empty"}},
		{"no stdin", []string{"-"}, nil, Options{}, nil, []string{"-|0|0|no standard input"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdin io.Reader
			if tc.stdin != nil {
				stdin = bytes.NewReader(tc.stdin)
			}
			docs, problems := collect(t, tc.paths, stdin, tc.opt)
			if got := sources(docs); fmt.Sprint(got) != fmt.Sprint(tc.sources) {
				t.Errorf("sources %v\nwant %v", got, tc.sources)
			}
			expectProblems(t, problems, tc.problems...)
		})
	}

	t.Run("truncated jsonl.gz keeps the lines before the cut", func(t *testing.T) {
		docs, problems := collect(t, []string{p("potong.jsonl.gz")}, nil, Options{})
		if len(docs) < 100 || len(docs) >= 400 || len(problems) != 1 {
			t.Fatalf("%d documents, problems %v", len(docs), problems)
		}
		for i, d := range docs {
			if want := fmt.Sprintf("%s:%d", p("potong.jsonl.gz"), i+1); d.Source != want {
				t.Fatalf("document %d is %s, want %s", i, d.Source, want)
			}
		}
		expectProblems(t, problems, fmt.Sprintf("%s|%d|0|truncated", p("potong.jsonl.gz"), len(docs)+1))
	})
}

// TestWalkHugeFiles checks that 100 MB inputs are refused or streamed
// without being held in memory.
func TestWalkHugeFiles(t *testing.T) {
	dir := t.TempDir()
	const size = 100 << 20
	for _, name := range []string{"besar.txt", "besar.jsonl"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		// A sparse file: 100 MB long, no disk used.
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	// A JSONL file whose one huge line sits between two small ones.
	f, err := os.Create(filepath.Join(dir, "campur.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"text": "Awal."}` + "\n" + `{"text": "`)
	chunk := bytes.Repeat([]byte("kata "), 1<<16)
	for written := 0; written < size; written += len(chunk) {
		f.Write(chunk)
	}
	f.WriteString("\"}\n" + `{"text": "Akhir."}` + "\n")
	f.Close()

	for _, tc := range []struct {
		name     string
		sources  []string
		problems []string
	}{
		{"besar.txt", nil, []string{"besar.txt|0|0|file too large: 104857600 bytes"}},
		{"besar.jsonl", nil, []string{"besar.jsonl|1|0|line longer than 16777216 bytes"}},
		{"campur.jsonl", []string{"campur.jsonl:1", "campur.jsonl:3"}, []string{"campur.jsonl|2|0|line longer than"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			docs, problems := collect(t, []string{filepath.Join(dir, tc.name)}, nil, Options{})
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 24<<20 {
				t.Errorf("allocated %d MB reading a %d MB file", grew>>20, size>>20)
			}
			var got []string
			for _, d := range docs {
				got = append(got, strings.TrimPrefix(d.Source, dir+"/"))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.sources) {
				t.Errorf("sources %v, want %v", got, tc.sources)
			}
			for i := range problems {
				problems[i].Source = strings.TrimPrefix(problems[i].Source, dir+"/")
			}
			expectProblems(t, problems, tc.problems...)
		})
	}
}

func TestWalkStops(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "berita.jsonl"), mustRead(t, filepath.Join("testdata", "berita.jsonl")))
	stop := errors.New("berhenti")
	n := 0
	_, err := Walk(context.Background(), []string{dir, dir}, nil, Options{}, func(*warta.Document) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("fn error: Walk returned %v after %d documents, want %v after 1", err, n, stop)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	_, err = Walk(ctx, []string{dir}, nil, Options{}, func(*warta.Document) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("canceled: Walk returned %v after %d documents", err, n)
	}
}
