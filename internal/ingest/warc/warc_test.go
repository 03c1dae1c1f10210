package warc

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"
)

func record(typ, uri, ctype, block string) string {
	return fmt.Sprintf("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2021-07-06T03:00:00Z\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		typ, uri, ctype, len(block), block)
}

func httpResp(body string, headers ...string) string {
	return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + strings.Join(headers, "") + fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

var records = []string{
	record("warcinfo", "", "application/warc-fields", "software: test\r\n"),
	record("request", "https://warta.id/a", "application/http; msgtype=request", "GET /a HTTP/1.1\r\nHost: warta.id\r\n\r\n"),
	record("response", "https://warta.id/a", "application/http; msgtype=response", httpResp("<html><body><p>Banjir di Semarang.</p></body></html>")),
	record("response", "https://warta.id/b", "application/http; msgtype=response", httpResp("<p>Kedua</p>")),
	record("resource", "https://warta.id/c", "text/html", "<p>Ketiga</p>"),
}

func plain() []byte { return []byte(strings.Join(records, "")) }

func gzipped() ([]byte, []int64) {
	var buf bytes.Buffer
	var offs []int64
	for _, r := range records {
		offs = append(offs, int64(buf.Len()))
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(r))
		zw.Close()
	}
	return buf.Bytes(), offs
}

func readAll(t *testing.T, data []byte) ([]*Record, []error) {
	t.Helper()
	r := NewReader(bytes.NewReader(data))
	var recs []*Record
	var errs []error
	for i := 0; i < 100; i++ {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, errs
		}
		if err != nil {
			errs = append(errs, err)
		}
		if rec != nil {
			recs = append(recs, rec)
		}
	}
	t.Fatal("reader did not end")
	return nil, nil
}

func TestReadPlainAndGzip(t *testing.T) {
	gz, offs := gzipped()
	for name, data := range map[string][]byte{"plain": plain(), "gzip": gz} {
		t.Run(name, func(t *testing.T) {
			recs, errs := readAll(t, data)
			if len(errs) != 0 || len(recs) != 5 {
				t.Fatalf("got %d records, errors %v", len(recs), errs)
			}
			if recs[2].Type != "response" || recs[2].TargetURI != "https://warta.id/a" || recs[2].HTTPStatus != 200 ||
				string(recs[2].Body) != "<html><body><p>Banjir di Semarang.</p></body></html>" {
				t.Fatalf("response record = %+v", recs[2])
			}
			if string(recs[4].Body) != "<p>Ketiga</p>" {
				t.Fatalf("resource body = %q", recs[4].Body)
			}
			if name == "gzip" && recs[3].Offset != offs[3] {
				t.Fatalf("offset = %d, want member offset %d", recs[3].Offset, offs[3])
			}
		})
	}
}

func TestTruncated(t *testing.T) {
	p := plain()
	cut := bytes.Index(p, []byte("Kedua")) // inside the fourth record
	recs, errs := readAll(t, p[:cut])
	if len(recs) != 3 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "truncated record") {
		t.Fatalf("plain truncated: %d records, errors %v", len(recs), errs)
	}
	gz, offs := gzipped()
	recs, errs = readAll(t, gz[:offs[3]+10])
	if len(recs) != 3 || len(errs) != 1 {
		t.Fatalf("gzip truncated: %d records, errors %v", len(recs), errs)
	}
	var re *RecordError
	if e, ok := errs[0].(*RecordError); ok {
		re = e
	}
	if re == nil || re.Offset != offs[3] {
		t.Fatalf("error %v should name the member offset %d", errs[0], offs[3])
	}
}

func TestLyingContentLength(t *testing.T) {
	bad := "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 999999999999\r\n\r\nshort"
	recs, errs := readAll(t, []byte(bad))
	if len(recs) != 0 || len(errs) != 1 {
		t.Fatalf("got %d records, errors %v", len(recs), errs)
	}
	bad = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 50000000\r\n\r\nshort"
	recs, errs = readAll(t, []byte(bad))
	if len(recs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "truncated") {
		t.Fatalf("got %d records, errors %v", len(recs), errs)
	}
}

func TestNotWARC(t *testing.T) {
	_, errs := readAll(t, []byte("<html>bukan warc</html>"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "not a WARC record") {
		t.Fatalf("errors %v", errs)
	}
}

func TestGzipContentEncoding(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte("<p>dikompres</p>"))
	zw.Close()
	resp := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n" + fmt.Sprintf("Content-Length: %d\r\n\r\n", z.Len()) + z.String()
	recs, errs := readAll(t, []byte(record("response", "u", "application/http; msgtype=response", resp)))
	if len(errs) != 0 || string(recs[0].Body) != "<p>dikompres</p>" {
		t.Fatalf("body %q errors %v", recs[0].Body, errs)
	}
}

func FuzzReader(f *testing.F) {
	gz, _ := gzipped()
	f.Add(plain())
	f.Add(gz)
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\n\r\nabc"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		for i := 0; i < 1000; i++ {
			if _, err := r.Next(); err == io.EOF {
				return
			}
		}
		t.Fatalf("reader did not terminate")
	})
}
