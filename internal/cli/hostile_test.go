package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestHostileInputs feeds warta inputs meant to hurt it: bombs, deep
// nesting, huge lines, garbage, and hostile API requests. Each must end
// in a clear problem or 4xx/503 and never in a crash or a 500. It runs
// only with WARTA_HOSTILE=1 and writes the table of docs/reliability.md
// (time and peak memory per input) to WARTA_HOSTILE_OUT or the test log;
// times are measured, not asserted.
func TestHostileInputs(t *testing.T) {
	if os.Getenv("WARTA_HOSTILE") == "" {
		t.Skip("set WARTA_HOSTILE=1 to run the hostile inputs (minutes; writes the docs/reliability.md table)")
	}
	bin := crashBinary(t)
	work := t.TempDir()
	env := append(os.Environ(), "WARTA_LOG_LEVEL=error", "WARTA_WORKERS=2")
	var rows []string
	row := func(kind, limit, outcome string, took time.Duration, peakKB int64) {
		r := fmt.Sprintf("| %s | %s | %s | %.1f s | %d MB |", kind, limit, outcome, took.Seconds(), peakKB/1024)
		rows = append(rows, r)
		t.Log(r)
	}

	// Files through `warta ingest` into a fresh store each.
	type fileCase struct {
		kind, limit, name string
		make              func(w io.Writer)
	}
	rep := func(s string, n int) func(w io.Writer) {
		return func(w io.Writer) {
			for range n {
				io.WriteString(w, s)
			}
		}
	}
	gz := func(inner func(w io.Writer)) func(w io.Writer) {
		return func(w io.Writer) {
			zw := gzip.NewWriter(w)
			inner(zw)
			zw.Close()
		}
	}
	nested := func(layers int) func(w io.Writer) {
		return func(w io.Writer) {
			var b bytes.Buffer
			b.WriteString("Banjir merendam Semarang pada Selasa pagi.")
			for range layers {
				var next bytes.Buffer
				// Stored blocks: the depth is what hurts, not the ratio,
				// and compressing 10,000 times takes minutes.
				zw, _ := gzip.NewWriterLevel(&next, gzip.NoCompression)
				zw.Write(b.Bytes())
				zw.Close()
				b = next
			}
			w.Write(b.Bytes())
		}
	}
	rnd := func(n int) func(w io.Writer) {
		return func(w io.Writer) {
			r := rand.New(rand.NewPCG(1, 2))
			buf := make([]byte, n)
			for i := range buf {
				buf[i] = byte(r.UintN(256))
			}
			w.Write(buf)
		}
	}
	jsonRec := func(fields map[string]any) string {
		b, _ := json.Marshal(fields)
		return string(b) + "\n"
	}
	words := strings.Fields("presiden menteri bertemu di jakarta banjir gempa kunjungan Joko Widodo Retno Marsudi mengatakan kepada wartawan pada Selasa")
	prose := func(nwords int, sep string) string {
		r := rand.New(rand.NewPCG(3, 4))
		var b strings.Builder
		for i := range nwords {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	warcRecord := func(length string, body string) string {
		return "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: https://berita.example.id/a\r\n" +
			"WARC-Date: 2021-07-06T03:15:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " + length + "\r\n\r\n" + body
	}
	httpResp := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Banjir merendam Semarang.</p></body></html>"
	cases := []fileCase{
		{"empty file", "problem", "empty.txt", func(io.Writer) {}},
		{"empty .gz", "problem", "empty.jsonl.gz", func(io.Writer) {}},
		{"truncated gzip", "records before the cut kept", "cut.jsonl.gz", func(w io.Writer) {
			var b bytes.Buffer
			gz(rep(jsonRec(map[string]any{"title": "Banjir", "text": "Banjir merendam Semarang."}), 1000))(&b)
			w.Write(b.Bytes()[:b.Len()/2])
		}},
		{"gzip bomb: 1 GiB of zeros", "max_doc_bytes 16 MiB", "bomb.txt.gz", gz(func(w io.Writer) {
			z := make([]byte, 1<<20)
			for range 1024 {
				w.Write(z)
			}
		})},
		{"gzip nested 4 deep", "MaxGzipDepth 3", "nested4.txt.gz", nested(4)},
		{"gzip nested 10,000 deep", "MaxGzipDepth 3", "nested10k.txt.gz", nested(10000)},
		{"10 M empty JSON objects (gzip)", "1000 problems + summary", "empty-objects.jsonl.gz", gz(rep("{}\n", 10_000_000))},
		{"1 M lines of garbage JSONL", "1000 problems + summary", "garbage.jsonl", rep("bukan json\n", 1_000_000)},
		{"JSONL line of 20 MB", "max_doc_bytes 16 MiB", "huge-line.jsonl", func(w io.Writer) {
			io.WriteString(w, jsonRec(map[string]any{"title": "Besar", "text": strings.Repeat("banjir ", 3_000_000)}))
		}},
		{"one paragraph of 4.4 MB", "paragraph cut at 8 KiB", "paragraph.json", func(w io.Writer) {
			io.WriteString(w, jsonRec(map[string]any{"title": "Paragraf panjang", "text": prose(600_000, " ")}))
		}},
		{"sentence of 200k words, no punctuation", "paragraph cut at 8 KiB", "sentence.txt", func(w io.Writer) {
			io.WriteString(w, prose(200_000, " "))
		}},
		{"100k paragraphs", "2000 paragraphs analyzed", "paragraphs.txt", func(w io.Writer) {
			io.WriteString(w, prose(300_000, "\n\n"))
		}},
		{"one-line HTML page of 15 MB", "max_doc_bytes 16 MiB", "oneline.html", func(w io.Writer) {
			io.WriteString(w, "<html><body>")
			for range 150_000 {
				io.WriteString(w, "<p>Banjir merendam ratusan rumah di Semarang pada Selasa pagi, kata petugas.</p>")
			}
			io.WriteString(w, "</body></html>")
		}},
		{"HTML nested 100k divs", "max_doc_bytes", "divs.html", func(w io.Writer) {
			io.WriteString(w, "<html><body>"+strings.Repeat("<div>", 100_000)+"<p>Banjir di Semarang.</p>"+strings.Repeat("</div>", 100_000)+"</body></html>")
		}},
		{"HTML unclosed 100k divs", "max_doc_bytes", "unclosed.html", func(w io.Writer) {
			io.WriteString(w, "<html><body>"+strings.Repeat("<div><span>", 100_000)+"Banjir")
		}},
		{"HTML 10 MB script", "max_doc_bytes", "script.html", func(w io.Writer) {
			io.WriteString(w, "<html><head><script>"+strings.Repeat("var a=1;", 1_250_000)+"</script></head><body><p>Banjir.</p></body></html>")
		}},
		{"HTML unterminated comment 5 MB", "max_doc_bytes", "comment.html", func(w io.Writer) {
			io.WriteString(w, "<html><body><p>Banjir.</p><!-- "+strings.Repeat("x", 5_000_000))
		}},
		{"HTML 1 M entities", "max_doc_bytes", "entities.html", func(w io.Writer) {
			io.WriteString(w, "<html><body><p>"+strings.Repeat("&amp;&#x41;&#99999999;", 1_000_000/3)+"</p></body></html>")
		}},
		{"HTML tag with 100k attributes", "max_doc_bytes", "attrs.html", func(w io.Writer) {
			io.WriteString(w, "<html><body><p ")
			for i := range 100_000 {
				fmt.Fprintf(w, "a%d=\"x\" ", i)
			}
			io.WriteString(w, ">Banjir</p></body></html>")
		}},
		{"HTML lying charset (latin1 bytes, utf-8 meta)", "decoded with replacement", "charset.html", func(w io.Writer) {
			w.Write([]byte("<html><head><meta charset=\"utf-8\"></head><body><p>Banjir di Kec. \xe9\xe8 Semarang.</p></body></html>"))
		}},
		{"1 MB random bytes", "problem or text", "random.bin", rnd(1 << 20)},
		{"1 MB of NUL bytes", "problem", "nul.txt", func(w io.Writer) { w.Write(make([]byte, 1<<20)) }},
		{"invalid UTF-8 text", "replacement characters", "badutf8.txt", rep("Banjir \xff\xfe\xc3 merendam\n", 10_000)},
		{"UTF-16 LE with BOM", "decoded", "utf16.txt", func(w io.Writer) {
			w.Write([]byte{0xff, 0xfe})
			for _, r := range "Banjir merendam Semarang pada Selasa." {
				w.Write([]byte{byte(r), 0})
			}
		}},
		{"only whitespace 5 MB", "problem", "spaces.txt", rep(" \t\n", 1_700_000)},
		{"zero-width and RTL marks 1 MB", "text kept", "marks.txt", rep("Banjir\u200b\u200f\u202e merendam\u2066 ", 40_000)},
		{"combining marks 1 MB", "text kept", "combining.txt", rep("a\u0301\u0302\u0303\u0304", 120_000)},
		{"emoji 1 MB", "text kept", "emoji.txt", rep("Banjir 🌊🏠😱 ", 60_000)},
		{"JSON nested 100k arrays", "problem", "deep.json", func(w io.Writer) {
			io.WriteString(w, strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000))
		}},
		{"JSON array of 5,000 records", "batches of 2000", "array.json", func(w io.Writer) {
			io.WriteString(w, "[")
			for i := range 5_000 {
				if i > 0 {
					io.WriteString(w, ",")
				}
				fmt.Fprintf(w, `{"title":"Berita %d","text":"Banjir merendam rumah nomor %d di Semarang."}`, i, i)
			}
			io.WriteString(w, "]")
		}},
		{"JSON wrong types", "problem per record", "types.jsonl", rep(`{"title":42,"text":["a"],"published":true,"url":{}}`+"\n", 1000)},
		{"JSONL key of 1 MB", "unknown key ignored", "key.jsonl", func(w io.Writer) {
			io.WriteString(w, `{"`+strings.Repeat("k", 1<<20)+`":1,"text":"Banjir."}`+"\n")
		}},
		{"same record 10k times", "stored once", "same.jsonl", rep(jsonRec(map[string]any{"title": "Banjir", "text": "Banjir merendam Semarang pada Selasa."}), 10_000)},
		{"20 records of 4.4 MB", "batch_bytes 16 MiB", "big-records.jsonl", func(w io.Writer) {
			for i := range 20 {
				io.WriteString(w, jsonRec(map[string]any{"title": fmt.Sprint("Besar ", i), "text": fmt.Sprint(i) + " " + prose(550_000, " ")}))
			}
		}},
		{"100k date mentions", "paragraph cut", "dates.txt", rep("Senin (1/1) Selasa (2/1/2024) pukul 10.00 WIB ", 100_000)},
		{"100k unbalanced quotes", "paragraph cut", "quotes.txt", rep(`"Kami siap," `, 100_000)},
		{"one name 100k times", "paragraph cut", "names.txt", rep("Presiden Joko Widodo ", 100_000)},
		{"WARC truncated record", "problem", "cut.warc", func(w io.Writer) { io.WriteString(w, warcRecord("5000", httpResp)) }},
		{"WARC Content-Length 10 GB", "problem", "huge.warc", func(w io.Writer) { io.WriteString(w, warcRecord("10000000000", httpResp)) }},
		{"WARC negative Content-Length", "problem", "negative.warc", func(w io.Writer) { io.WriteString(w, warcRecord("-5", httpResp)) }},
		{"WARC header line of 1 MB", "problem", "longheader.warc", func(w io.Writer) {
			io.WriteString(w, "WARC/1.1\r\nX-Long: "+strings.Repeat("x", 1<<20)+"\r\n\r\n")
		}},
		{"WARC 2,000 tiny records", "streamed", "many.warc", func(w io.Writer) {
			for i := range 2_000 {
				body := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nBanjir nomor %d.", i)
				io.WriteString(w, warcRecord(fmt.Sprint(len(body)), body)+"\r\n\r\n")
			}
		}},
	}
	for _, c := range cases {
		path := filepath.Join(work, c.name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		c.make(f)
		f.Close()
		dir := filepath.Join(work, "store-"+c.name)
		took, peak, code, stderr := measure(env, bin, "ingest", "--data-dir", dir, path)
		outcome := fmt.Sprintf("exit %d", code)
		if p := firstProblem(stderr); p != "" {
			outcome += ": " + p
		}
		if code != 0 && code != 3 || strings.Contains(stderr, "panic") {
			t.Errorf("%s: exit %d\n%s", c.kind, code, tail(stderr))
		}
		row(c.kind, c.limit, outcome, took, peak)
		os.Remove(path)
		os.RemoveAll(dir)
	}

	// Paths.
	loop := filepath.Join(work, "loop")
	os.MkdirAll(loop, 0o755)
	os.Symlink(loop, filepath.Join(loop, "self"))
	many := filepath.Join(work, "many")
	os.MkdirAll(many, 0o755)
	for i := range 10_000 {
		os.WriteFile(filepath.Join(many, fmt.Sprintf("%05d.txt", i)), nil, 0o644)
	}
	for _, c := range []struct{ kind, limit, path string }{
		{"symlink loop", "not followed", loop},
		{"10k empty files", "problem each (capped)", many},
		{"glob matching nothing", "problem", filepath.Join(work, "nothing-*.txt")},
		{"missing path", "problem", filepath.Join(work, "missing.txt")},
	} {
		dir := filepath.Join(work, "store-path")
		took, peak, code, stderr := measure(env, bin, "ingest", "--data-dir", dir, c.path)
		if code != 0 && code != 3 || strings.Contains(stderr, "panic") {
			t.Errorf("%s: exit %d\n%s", c.kind, code, tail(stderr))
		}
		row(c.kind, c.limit, fmt.Sprintf("exit %d: %s", code, firstProblem(stderr)), took, peak)
		os.RemoveAll(dir)
	}

	// Requests against a server holding a few hundred corpus articles.
	corpus, _ := crashCorpus(t, 600)
	data := filepath.Join(work, "serve")
	if _, _, code, stderr := measure(env, bin, "ingest", "--data-dir", data, corpus); code != 0 && code != 3 {
		t.Fatalf("ingest for the server: %d\n%s", code, stderr)
	}
	srv := startServeProc(t, env, bin, data)
	defer func() {
		srv.cmd.Process.Signal(syscall.SIGTERM)
		<-srv.done
	}()
	pid := srv.cmd.Process.Pid
	call := func(method, path, ctype string, body io.Reader, hdr map[string]string) (int, string) {
		req, err := http.NewRequest(method, srv.base+path, body)
		if err != nil {
			return 0, err.Error()
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Authorization", "Bearer crash-test-token")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		var p struct{ Detail string }
		json.Unmarshal(b, &p)
		return resp.StatusCode, p.Detail
	}
	q := func(s string) string { return "/api/v1/articles?q=" + url.QueryEscape(s) }
	many16 := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%skata%d ", prefix, i)
		}
		return b.String()
	}
	// Bodies built before the clock starts.
	var nestedBody, objectsBody bytes.Buffer
	nested(10000)(&nestedBody)
	gz(rep("{}\n", 10_000_000))(&objectsBody)
	reqCases := []struct {
		kind, limit string
		do          func() (int, string)
		ok          func(int) bool
	}{
		{"search with 256 exclusions", "16 exclusions: 400", func() (int, string) { return call("GET", q("banjir "+many16("-", 256)), "", nil, nil) }, is(400)},
		{"search: one word 4,000 times", "4 KiB query: 400", func() (int, string) { return call("GET", q(strings.Repeat("banjir ", 4000)), "", nil, nil) }, is(400)},
		{"search: one word 500 times", "searched once", func() (int, string) { return call("GET", q(strings.Repeat("banjir ", 500)), "", nil, nil) }, is(200)},
		{"search with 33 words", "32 words: 400", func() (int, string) { return call("GET", q(many16("", 33)), "", nil, nil) }, is(400)},
		{"search phrase of 17 words", "16: 400", func() (int, string) { return call("GET", q(`"`+many16("", 17)+`"`), "", nil, nil) }, is(400)},
		{"search FTS5 syntax", "quoted: 200", func() (int, string) { return call("GET", q(`banjir NEAR(a b) * ^ col:x AND`), "", nil, nil) }, is(200)},
		{"search limit=1000000", "capped or 400", func() (int, string) { return call("GET", "/api/v1/articles?q=banjir&limit=1000000", "", nil, nil) }, not5xx},
		{"search bad cursor", "ignored or 400", func() (int, string) { return call("GET", "/api/v1/articles?cursor=%%%garbage", "", nil, nil) }, not5xx},
		{"search bad date", "400", func() (int, string) { return call("GET", q("from:kemarin banjir"), "", nil, nil) }, is(400)},
		{"article id of 10k chars", "404", func() (int, string) {
			return call("GET", "/api/v1/articles/"+strings.Repeat("a", 10_000), "", nil, nil)
		}, is(404)},
		{"header of 2 MB", "431", func() (int, string) {
			return call("GET", "/api/v1/articles", "", nil, map[string]string{"X-Big": strings.Repeat("x", 2<<20)})
		}, not5xx},
		{"ingest body over 64 MiB", "413, nothing stored", func() (int, string) {
			return call("POST", "/api/v1/ingest", "text/plain", io.LimitReader(zeroReader{}, 70<<20), nil)
		}, is(413)},
		{"ingest unknown format", "400", func() (int, string) {
			return call("POST", "/api/v1/ingest?format=pdf", "", strings.NewReader("x"), nil)
		}, is(400)},
		{"ingest gzip nested 10,000 deep", "problem", func() (int, string) {
			return call("POST", "/api/v1/ingest", "", bytes.NewReader(nestedBody.Bytes()), nil)
		}, is(200)},
		{"ingest 10 M empty objects (gzip)", "1000 problems + summary", func() (int, string) {
			return call("POST", "/api/v1/ingest", "application/x-ndjson", bytes.NewReader(objectsBody.Bytes()), nil)
		}, is(200)},
		{"slow ingest body (1 byte/50 ms) beside a 1-doc ingest", "lock after the body", func() (int, string) {
			pr, pw := io.Pipe()
			go func() {
				for range 40 {
					pw.Write([]byte("x"))
					time.Sleep(50 * time.Millisecond)
				}
				pw.Close()
			}()
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); call("POST", "/api/v1/ingest", "text/plain", pr, nil) }()
			time.Sleep(100 * time.Millisecond)
			start := time.Now()
			st, _ := call("POST", "/api/v1/ingest", "text/plain", strings.NewReader("Gempa mengguncang Cianjur pada Senin siang."), nil)
			took := time.Since(start)
			wg.Wait()
			return st, fmt.Sprintf("the 1-doc ingest took %.2f s", took.Seconds())
		}, is(200)},
		{"alert webhook to 169.254.169.254", "400", func() (int, string) {
			return call("POST", "/api/v1/alerts", "application/json", strings.NewReader(`{"name":"m","query":"banjir","webhook":"http://169.254.169.254/latest"}`), nil)
		}, is(400)},
		{"alert webhook to [::1]", "400", func() (int, string) {
			return call("POST", "/api/v1/alerts", "application/json", strings.NewReader(`{"name":"l","query":"banjir","webhook":"http://[::1]:9/x"}`), nil)
		}, is(400)},
		{"alert webhook to localhost", "400", func() (int, string) {
			return call("POST", "/api/v1/alerts", "application/json", strings.NewReader(`{"name":"h","query":"banjir","webhook":"http://localhost:9/x"}`), nil)
		}, is(400)},
		{"alert body of 1 MB", "64 KiB: 400", func() (int, string) {
			return call("POST", "/api/v1/alerts", "application/json", strings.NewReader(`{"name":"`+strings.Repeat("x", 1<<20)+`"}`), nil)
		}, is(400)},
		{"sources token, lowercase bearer", "200 (shared check)", func() (int, string) {
			return call("GET", "/api/v1/sources", "", nil, map[string]string{"Authorization": "bearer crash-test-token"})
		}, not5xx},
		{"feed with a forged Host", "links from base_url", func() (int, string) {
			st, _ := call("POST", "/api/v1/alerts", "application/json", strings.NewReader(`{"name":"f","query":"banjir"}`), nil)
			req, _ := http.NewRequest("GET", srv.base+"/api/v1/alerts/1/feed.atom", nil)
			req.Host = "evil.example"
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return 0, err.Error()
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, fmt.Sprintf("alert %d; forged host in the feed: %v", st, bytes.Contains(b, []byte("evil.example")))
		}, is(200)},
		{"64 concurrent readers of the search page", "queue: 503 past 64 waiting", func() (int, string) {
			var mu sync.Mutex
			codes := map[int]int{}
			var slowest time.Duration
			var wg sync.WaitGroup
			for i := range 64 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for j := range 10 {
						start := time.Now()
						st, _ := call("GET", "/?q="+url.QueryEscape(words[(i+j)%len(words)]), "", nil, nil)
						d := time.Since(start)
						mu.Lock()
						codes[st]++
						slowest = max(slowest, d)
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			st := 200
			for c := range codes {
				if c >= 500 && c != 503 {
					st = c
				}
			}
			return st, fmt.Sprintf("statuses %v, slowest %.2f s", codes, slowest.Seconds())
		}, not5xx},
	}
	for _, c := range reqCases {
		start := time.Now()
		st, detail := c.do()
		took := time.Since(start)
		if !c.ok(st) {
			t.Errorf("%s: status %d (%s)", c.kind, st, detail)
		}
		if len(detail) > 90 {
			detail = detail[:90] + "…"
		}
		row(c.kind, c.limit, fmt.Sprintf("%d %s", st, strings.ReplaceAll(detail, "|", "/")), took, peakRSS(pid))
	}
	table := "| input | limit | outcome | time | peak memory |\n|---|---|---|---|---|\n" + strings.Join(rows, "\n") + "\n"
	if out := os.Getenv("WARTA_HOSTILE_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d hostile inputs\n%s", len(rows), table)
}

func is(code int) func(int) bool { return func(c int) bool { return c == code } }

func not5xx(c int) bool { return c > 0 && (c < 500 || c == 503) }

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// measure runs bin and returns its wall time, peak resident memory (KB),
// exit status and stderr. The peak comes from /usr/bin/time when there is
// one: the rusage of a child started from this test would include the
// test's own memory, which the kernel carries over at exec.
func measure(env []string, bin string, args ...string) (time.Duration, int64, int, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	peakFile, _ := os.CreateTemp("", "warta-peak-")
	peakFile.Close()
	defer os.Remove(peakFile.Name())
	argv := append([]string{bin}, args...)
	timeTool, err := exec.LookPath("time")
	if _, statErr := os.Stat("/usr/bin/time"); statErr == nil {
		timeTool, err = "/usr/bin/time", nil
	}
	if err == nil {
		argv = append([]string{timeTool, "-f", "%M", "-o", peakFile.Name()}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	// Past the time limit the whole group goes (time and warta under it),
	// or Wait would wait for warta's end through the stderr pipe.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	cmd.Run()
	took := time.Since(start)
	var peak int64
	if b, err := os.ReadFile(peakFile.Name()); err == nil && len(b) > 0 {
		fmt.Sscan(lastLine(string(b)), &peak)
	} else if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peak = ru.Maxrss
	}
	if ctx.Err() != nil {
		return took, peak, -1, "killed after 5 minutes\n" + stderr.String()
	}
	return took, peak, cmd.ProcessState.ExitCode(), stderr.String()
}

func lastLine(s string) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	return ls[len(ls)-1]
}

// peakRSS is a running process's peak resident memory so far (KB).
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb
		}
	}
	return 0
}

// firstProblem is the first "problem:" line's message, shortened.
func firstProblem(stderr string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if _, msg, ok := strings.Cut(l, "problem: "); ok {
			if i := strings.LastIndex(msg, ": "); i >= 0 && i < len(msg)-2 {
				msg = msg[i+2:]
			}
			if len(msg) > 80 {
				msg = msg[:80] + "…"
			}
			return strings.ReplaceAll(msg, "|", "/")
		}
	}
	return ""
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}
