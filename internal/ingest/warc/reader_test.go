package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/sample.warc and sample.warc.gz")

// record builds one WARC record with CRLF line breaks.
func record(version, typ, uri, contentType, block string, extra ...string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\n", version, typ, len(block))
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	b.WriteString("WARC-Date: 2021-07-06T03:15:00Z\r\n")
	if contentType != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", contentType)
	}
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
	return b.Bytes()
}

// httpResponse builds an archived HTTP response.
func httpResponse(status, contentType, body string, headers ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %s\r\nContent-Type: %s\r\n", status, contentType)
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	if !strings.Contains(strings.Join(headers, "\n"), "Transfer-Encoding") {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n" + body)
	return b.String()
}

const (
	pageA = "<!doctype html><html><head><title>Harga Cabai Naik</title></head><body><p>JAKARTA - Harga cabai rawit di Pasar Induk Kramat Jati naik menjadi Rp80.000 per kilogram, Senin (5/7/2021).</p></body></html>"
	pageB = "<html><body><p>BANDUNG - Pemerintah Provinsi Jawa Barat menambah 40 ruang isolasi, kata Kepala Dinas Kesehatan.</p></body></html>"
	httpT = "application/http; msgtype=response"
)

// sample is a small crawl: an info record, a request, two pages, an image,
// a redirect and a stored resource.
func sample() [][]byte {
	return [][]byte{
		record("WARC/1.1", "warcinfo", "", "application/warc-fields", "software: warta-test\r\nformat: WARC File Format 1.1\r\n"),
		record("WARC/1.1", "request", "https://berita.example.id/ekonomi/cabai", "application/http; msgtype=request", "GET /ekonomi/cabai HTTP/1.1\r\nHost: berita.example.id\r\n\r\n"),
		record("WARC/1.1", "response", "https://berita.example.id/ekonomi/cabai", httpT, httpResponse("200 OK", "text/html; charset=utf-8", pageA)),
		record("WARC/1.1", "response", "https://berita.example.id/logo.png", httpT, httpResponse("200 OK", "image/png", "\x89PNG\r\n\x1a\n\x00\x00")),
		record("WARC/1.1", "response", "https://berita.example.id/lama", httpT, httpResponse("301 Moved Permanently", "text/html", "", "Location: https://berita.example.id/baru")),
		record("WARC/1.0", "resource", "<https://daerah.example.id/jabar/isolasi>", "text/html", pageB),
	}
}

func plainWARC(recs [][]byte) (data []byte, offsets []int64) {
	var b bytes.Buffer
	for _, r := range recs {
		offsets = append(offsets, int64(b.Len()))
		b.Write(r)
	}
	return b.Bytes(), offsets
}

func gzipWARC(recs [][]byte) (data []byte, offsets []int64) {
	var b bytes.Buffer
	for _, r := range recs {
		offsets = append(offsets, int64(b.Len()))
		z := gzip.NewWriter(&b)
		z.Write(r)
		z.Close()
	}
	return b.Bytes(), offsets
}

// readAll reads every record, stopping at io.EOF or the first error that is
// not a skip. It fails the test on a loop that does not end.
func readAll(t testing.TB, data []byte, max int64) (recs []*Record, errs []*Error) {
	t.Helper()
	r := NewReader(bytes.NewReader(data))
	r.MaxBlockBytes = max
	for i := 0; ; i++ {
		if i > len(data)+10 {
			t.Fatalf("Next did not finish after %d calls on %d bytes", i, len(data))
		}
		rec, err := r.Next()
		if err == io.EOF {
			return recs, errs
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Next: %v (%T), want *Error", err, err)
			}
			errs = append(errs, e)
			if !e.Skipped {
				if _, again := r.Next(); again != err {
					t.Fatalf("after a fatal error Next returned %v, want the same error", again)
				}
				return recs, errs
			}
			continue
		}
		recs = append(recs, rec)
	}
}

func TestSample(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func([][]byte) ([]byte, []int64)
	}{
		{"plain", plainWARC},
		{"gzip per record", gzipWARC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, offsets := tc.build(sample())
			recs, errs := readAll(t, data, 0)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			wantTypes := []string{"warcinfo", "request", "response", "response", "response", "resource"}
			if len(recs) != len(wantTypes) {
				t.Fatalf("got %d records, want %d", len(recs), len(wantTypes))
			}
			for i, rec := range recs {
				if rec.Type != wantTypes[i] || rec.Offset != offsets[i] {
					t.Errorf("record %d: Type=%q Offset=%d, want %q %d", i, rec.Type, rec.Offset, wantTypes[i], offsets[i])
				}
				if rec.Date.IsZero() || rec.Date.Year() != 2021 {
					t.Errorf("record %d: Date=%v", i, rec.Date)
				}
			}
			if got := recs[2]; got.HTTPStatus != 200 || string(got.Body) != pageA || got.HTTPHeader.Get("Content-Type") != "text/html; charset=utf-8" || got.TargetURI != "https://berita.example.id/ekonomi/cabai" {
				t.Errorf("page record: status %d, uri %q, type %q, body %q", got.HTTPStatus, got.TargetURI, got.HTTPHeader.Get("Content-Type"), got.Body)
			}
			if got := recs[1]; got.HTTPStatus != 0 || !bytes.HasPrefix(got.Body, []byte("GET /ekonomi/cabai")) {
				t.Errorf("request record: status %d, body %q", got.HTTPStatus, got.Body)
			}
			if got := recs[4]; got.HTTPStatus != 301 || len(got.Body) != 0 {
				t.Errorf("redirect: status %d, body %q", got.HTTPStatus, got.Body)
			}
			if got := recs[5]; got.Version != "WARC/1.0" || got.TargetURI != "https://daerah.example.id/jabar/isolasi" || string(got.Body) != pageB || got.Header.Get("Content-Type") != "text/html" {
				t.Errorf("resource: %q %q %q %q", got.Version, got.TargetURI, got.Header.Get("Content-Type"), got.Body)
			}
		})
	}
}

func TestDamage(t *testing.T) {
	recs := sample()
	plain, poff := plainWARC(recs)
	gz, goff := gzipWARC(recs)
	garbage := []byte("Ini bukan rekaman WARC sama sekali.\r\nContent-Length: 5\r\n\r\n")
	withGarbage, _ := plainWARC([][]byte{recs[2], garbage, recs[5]})
	gzGarbage, gzGarbageOff := gzipWARC([][]byte{recs[2], garbage, recs[5]})
	noLength, _ := plainWARC([][]byte{bytes.Replace(recs[2], []byte("Content-Length:"), []byte("Content-Lenght:"), 1), recs[5]})
	huge := append(append([]byte{}, recs[2]...), []byte("WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 1099511627776\r\n\r\n<html>pendek")...)
	wholeGzip := gzipWhole(plain)
	garbageWhole := gzipWhole(withGarbage)

	for _, tc := range []struct {
		name      string
		data      []byte
		max       int64
		wantTypes string  // types of the records read, joined by spaces
		wantErrs  []int64 // offsets of the errors
		wantMsg   string  // part of the last error
		fatal     bool    // the last error stopped the reader
	}{
		{"empty", nil, 0, "", nil, "", false},
		{"only line breaks", []byte("\r\n\r\n"), 0, "", nil, "", false},
		{"plain cut inside the third record", plain[:poff[2]+40], 0, "warcinfo request", []int64{poff[2]}, "truncated record", true},
		{"plain cut inside a block", plain[:poff[3]-20], 0, "warcinfo request", []int64{poff[2]}, "truncated record", true},
		{"plain cut between records", plain[:poff[3]], 0, "warcinfo request response", nil, "", false},
		{"gzip cut inside the third member", gz[:goff[2]+30], 0, "warcinfo request", []int64{goff[2]}, "truncated gzip member", true},
		{"gzip cut before a member's trailer", gz[:goff[3]-4], 0, "warcinfo request", []int64{goff[2]}, "truncated gzip member", true},
		{"gzip cut inside a header", gz[:goff[3]+5], 0, "warcinfo request response", []int64{goff[3]}, "truncated gzip member", true},
		{"garbage between records, plain", withGarbage, 0, "response resource", []int64{int64(len(recs[2]))}, "no WARC version line", false},
		{"garbage member between members", gzGarbage, 0, "response resource", []int64{gzGarbageOff[1]}, "no WARC version line", false},
		{"trailing bytes after the last member", append(append([]byte{}, gz...), "sampah di akhir berkas"...), 0, "warcinfo request response response response resource", []int64{int64(len(gz))}, "not a gzip member", true},
		{"missing Content-Length", noLength, 0, "resource", []int64{0}, "Content-Length", false},
		{"record over the limit is skipped", plain, 200, "warcinfo request response response resource", []int64{poff[2]}, "exceeds", false},
		{"a terabyte claimed, a few bytes there", huge, 0, "response", []int64{int64(len(recs[2]))}, "truncated record", true},
		{"whole file in one gzip member", wholeGzip, 0, "warcinfo request response response response resource", nil, "", false},
		{"garbage inside one gzip member", garbageWhole, 0, "response resource", []int64{0}, "no WARC version line", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			got, errs := readAll(t, tc.data, tc.max)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
				t.Errorf("allocated %d bytes for a %d byte input", grew, len(tc.data))
			}
			var types []string
			for _, r := range got {
				types = append(types, r.Type)
			}
			if strings.Join(types, " ") != tc.wantTypes {
				t.Errorf("records %q, want %q", strings.Join(types, " "), tc.wantTypes)
			}
			var offs []int64
			for _, e := range errs {
				offs = append(offs, e.Offset)
			}
			if fmt.Sprint(offs) != fmt.Sprint(tc.wantErrs) {
				t.Fatalf("error offsets %v, want %v (%v)", offs, tc.wantErrs, errs)
			}
			if len(errs) > 0 {
				last := errs[len(errs)-1]
				if !strings.Contains(last.Error(), tc.wantMsg) || last.Skipped == tc.fatal {
					t.Errorf("last error %q (skipped %v), want it to say %q and fatal=%v", last, last.Skipped, tc.wantMsg, tc.fatal)
				}
			}
		})
	}
}

func gzipWhole(data []byte) []byte {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	z.Write(data)
	z.Close()
	return b.Bytes()
}

// TestInMember checks the offsets of records in a file gzipped whole: all
// share the member's offset and differ in InMember.
func TestInMember(t *testing.T) {
	plain, offsets := plainWARC(sample())
	recs, errs := readAll(t, append(gzipWhole(plain), gzipWhole(plain)...), 0)
	if len(errs) != 0 || len(recs) != 2*len(offsets) {
		t.Fatalf("%d records, errors %v", len(recs), errs)
	}
	second := int64(len(gzipWhole(plain)))
	for i, r := range recs {
		wantOff := int64(0)
		if i >= len(offsets) {
			wantOff = second
		}
		if r.Offset != wantOff || r.InMember != offsets[i%len(offsets)] {
			t.Errorf("record %d: Offset %d InMember %d, want %d %d", i, r.Offset, r.InMember, wantOff, offsets[i%len(offsets)])
		}
	}
}

func TestHTTPVariants(t *testing.T) {
	var gzBody bytes.Buffer
	z := gzip.NewWriter(&gzBody)
	z.Write([]byte(pageB))
	z.Close()
	chunked := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" +
		fmt.Sprintf("%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n", 20, pageA[:20], len(pageA)-20, pageA[20:])
	for _, tc := range []struct {
		name      string
		block     string
		extra     []string
		status    int
		body      string
		truncated bool
		err       string
	}{
		{"chunked", chunked, nil, 200, pageA, false, ""},
		{"gzip content encoding", httpResponse("200 OK", "text/html", gzBody.String(), "Content-Encoding: gzip"), nil, 200, pageB, false, ""},
		{"HTTP/2 status line", "HTTP/2 200\r\ncontent-type: text/html\r\n\r\n" + pageB, nil, 200, pageB, false, ""},
		{"short body", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9999\r\n\r\n" + pageB, nil, 200, pageB, true, ""},
		{"WARC-Truncated", httpResponse("200 OK", "text/html", pageB), []string{"WARC-Truncated: length"}, 200, pageB, true, ""},
		{"not HTTP", "ini bukan HTTP\r\n\r\n", nil, 0, "", false, "bad HTTP response"},
		{"brotli", httpResponse("200 OK", "text/html", "xx", "Content-Encoding: br"), nil, 0, "", false, "Content-Encoding br"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := record("WARC/1.1", "response", "https://berita.example.id/a", httpT, tc.block, tc.extra...)
			recs, errs := readAll(t, append(data, record("WARC/1.1", "resource", "https://x.example.id/", "text/plain", "baris")...), 0)
			if tc.err != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.err) || !errs[0].Skipped || len(recs) != 1 {
					t.Fatalf("errors %v, %d records; want one skipped record saying %q", errs, len(recs), tc.err)
				}
				return
			}
			if len(errs) != 0 || len(recs) != 2 {
				t.Fatalf("errors %v, %d records", errs, len(recs))
			}
			if r := recs[0]; r.HTTPStatus != tc.status || string(r.Body) != tc.body || r.Truncated != tc.truncated {
				t.Errorf("status %d truncated %v body %q, want %d %v %q", r.HTTPStatus, r.Truncated, r.Body, tc.status, tc.truncated, tc.body)
			}
		})
	}
}

func TestLineBreaksLF(t *testing.T) {
	data := bytes.ReplaceAll(record("WARC/1.0", "resource", "https://x.example.id/", "text/plain", "isi"), []byte("\r\n"), []byte("\n"))
	recs, errs := readAll(t, append(data, data...), 0)
	if len(errs) != 0 || len(recs) != 2 || string(recs[1].Body) != "isi" {
		t.Fatalf("errors %v, records %d", errs, len(recs))
	}
}

// TestTestdata keeps the fuzz seeds in testdata equal to what the builders
// make; -update rewrites them.
func TestTestdata(t *testing.T) {
	plain, _ := plainWARC(sample())
	gz, _ := gzipWARC(sample())
	for name, want := range map[string][]byte{"sample.warc": plain, "sample.warc.gz": gz} {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the builders' output; run go test -update and review", path)
		}
	}
}

func seeds(f *testing.F) [][]byte {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*"))
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

// FuzzReader feeds arbitrary bytes: the reader must end, never panic, and
// keep its memory in proportion to the input.
func FuzzReader(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
		f.Add(s[:len(s)/2])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, errs := readAll(t, data, 1<<20)
		for _, r := range recs {
			if int64(len(r.Body)) > 1<<20 || r.Offset < 0 || r.Offset > int64(len(data)) {
				t.Fatalf("record at %d with %d byte body from %d bytes", r.Offset, len(r.Body), len(data))
			}
		}
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > int64(len(data)) {
				t.Fatalf("error offset %d outside %d bytes", e.Offset, len(data))
			}
		}
	})
}

// FuzzReaderCut builds a valid file around fuzzed bodies and cuts it: every
// record that ends before the cut must come back whole.
func FuzzReaderCut(f *testing.F) {
	f.Add([]byte(pageA), []byte(pageB), uint16(300), false)
	f.Add([]byte(pageA), []byte(pageB), uint16(300), true)
	f.Add([]byte("WARC/1.0\r\n"), []byte("\r\n\r\nWARC/1.1"), uint16(50), false)
	f.Fuzz(func(t *testing.T, a, b []byte, cut uint16, compressed bool) {
		recs := [][]byte{
			record("WARC/1.1", "resource", "https://x.example.id/1", "text/html", string(a)),
			record("WARC/1.1", "response", "https://x.example.id/2", httpT, httpResponse("200 OK", "text/html", string(b))),
			record("WARC/1.1", "resource", "https://x.example.id/3", "text/plain", string(a)+string(b)),
		}
		build := plainWARC
		if compressed {
			build = gzipWARC
		}
		data, offsets := build(recs)
		n := int(cut) % (len(data) + 1)
		got, _ := readAll(t, data[:n], 0)
		whole := 0
		for i := range recs {
			end := len(data)
			if i+1 < len(recs) {
				end = int(offsets[i+1])
			}
			if end <= n {
				whole++
			}
		}
		if len(got) < whole {
			t.Fatalf("cut at %d of %d: %d records, want at least %d whole ones", n, len(data), len(got), whole)
		}
		bodies := []string{string(a), string(b), string(a) + string(b)}
		for i := 0; i < whole; i++ {
			if string(got[i].Body) != bodies[i] || got[i].Offset != offsets[i] {
				t.Fatalf("record %d: offset %d body %q, want %d %q", i, got[i].Offset, got[i].Body, offsets[i], bodies[i])
			}
		}
	})
}

// BenchmarkReader reads a synthetic crawl of 1,000 pages, compressed record
// by record, and reports records per second.
func BenchmarkReader(b *testing.B) {
	var recs [][]byte
	page := strings.Repeat("<p>JAKARTA - Pemerintah menambah anggaran perbaikan jalan di 12 provinsi.</p>\n", 60)
	for i := range 1000 {
		recs = append(recs, record("WARC/1.1", "response", fmt.Sprintf("https://berita.example.id/%d", i), httpT, httpResponse("200 OK", "text/html", page)))
	}
	data, _ := gzipWARC(recs)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		r := NewReader(bytes.NewReader(data))
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
