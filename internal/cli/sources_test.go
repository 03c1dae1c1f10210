package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warta-news/warta/internal/ingest/crawl/crawltest"
)

// runEnv runs warta in process with environment variables.
func runEnv(t *testing.T, dataDir string, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain()
	m.Stdin, m.Stdout, m.Stderr = strings.NewReader(""), &out, &errb
	m.Getenv = func(k string) string { return env[k] }
	err := m.Run(context.Background(), append(args, "--data-dir", dataDir))
	return out.String(), errb.String(), err
}

// localOK lets the fetcher reach the tests' loopback servers and makes it
// quick about it.
var localOK = map[string]string{"WARTA_FETCH_ALLOW_PRIVATE": "true", "WARTA_FETCH_DELAY": "0s", "WARTA_LOG_LEVEL": "warn"}

// para is a paragraph long enough for the extractor to take it for text.
func para(s string) string {
	return "<p>" + s + " Pernyataan itu disampaikan dalam konferensi pers di kantornya pada Selasa (6/5/2025) siang, di hadapan puluhan wartawan.</p>"
}

// multiPage serves an Okezone-style article in three pages.
func multiPage(w http.ResponseWriter, r *http.Request) {
	n := 1
	fmt.Sscanf(r.URL.Query().Get("page"), "%d", &n)
	bodies := map[int][]string{
		1: {"JAKARTA - Komisi Pemberantasan Korupsi menangkap Bupati Sumber Jaya Arif Hidayatullah di sebuah hotel di Jakarta Pusat.",
			"Penangkapan dilakukan setelah penyidik memantau pertemuan Arif dengan seorang kontraktor proyek jalan."},
		2: {"Juru Bicara KPK Tessa Mahendra mengatakan tim menyita uang ratusan juta rupiah dari tangan kontraktor itu.",
			"Uang tersebut diduga sebagai suap untuk memenangkan tender proyek jalan kabupaten tahun ini."},
		3: {"Arif baru menjabat sebagai bupati sejak Februari 2025 setelah memenangkan pemilihan kepala daerah.",
			"KPK memberi waktu satu kali dua puluh empat jam untuk menentukan status hukum para pihak yang ditangkap."},
	}[n]
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html><html lang="id"><head><title>Detik-Detik OTT KPK terhadap Bupati Sumber Jaya</title></head><body>
<nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a></nav>
<article><h1>Detik-Detik OTT KPK terhadap Bupati Sumber Jaya</h1><div class="isi">%s%s
<div class="paging"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a></div></div></article>
<footer><p>Hak cipta Contoh.id. Seluruh isi dilindungi undang-undang.</p></footer></body></html>`, para(bodies[0]), para(bodies[1]))
}

func TestSourcesAddListFetch(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	var base string
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.RequestURI()]++
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>Beranda</body></html>`)
		case "/rss":
			if r.Header.Get("If-None-Match") == `"1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"1"`)
			fmt.Fprintf(w, `<rss><channel><title>Contoh</title>
<item><title>Gubernur meresmikan jembatan</title><link>%s/berita/7?utm_source=rss</link><pubDate>Selasa, 06 Mei 2025 10:00:00 WIB</pubDate></item>
<item><title>OTT KPK</title><link>%s/read/2025/03/13/337/3134567/detik-detik-ott-kpk?page=2</link><pubDate>Kamis, 13 Mar 2025 07:30 WIB</pubDate></item>
</channel></rss>`, base, base)
		case "/berita/7":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, crawltest.Article(0, 7))
		case "/berita/8":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, crawltest.Article(0, 8))
		case "/read/2025/03/13/337/3134567/detik-detik-ott-kpk":
			multiPage(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	base = site.URL
	dir := t.TempDir()

	out, stderr, err := runEnv(t, dir, localOK, "sources", "add", site.URL+"/", "--every", "15m", "--outlet", "Contoh.id")
	if err != nil || !strings.Contains(out, "added 1: feed "+site.URL+"/rss every 15m0s") {
		t.Fatalf("sources add: %v\n%s%s", err, out, stderr)
	}
	_, _, err = runEnv(t, dir, localOK, "sources", "add", site.URL+"/rss", "--kind", "feed")
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("adding twice: %v", err)
	}
	out, _, err = runEnv(t, dir, localOK, "sources", "list")
	if err != nil || !strings.Contains(out, "feed") || !strings.Contains(out, " new ") {
		t.Fatalf("sources list: %v\n%s", err, out)
	}

	out, stderr, err = runEnv(t, dir, localOK, "fetch")
	if err != nil || !strings.Contains(out, "new 2 (listed 2, seen before 0)") {
		t.Fatalf("fetch: %v\n%s%s", err, out, stderr)
	}
	out, _, err = runEnv(t, dir, localOK, "fetch")
	if err != nil || !strings.Contains(out, "not modified") {
		t.Fatalf("second fetch: %v\n%s", err, out)
	}
	mu.Lock()
	if hits["/berita/7"] != 1 || hits["/read/2025/03/13/337/3134567/detik-detik-ott-kpk?page=3"] != 1 {
		t.Errorf("hits %v", hits)
	}
	mu.Unlock()

	// The articles went through the same pipeline as files: searchable,
	// with the feed's hints, and the three pages as one article.
	out, _, err = runEnv(t, dir, localOK, "search", "kontraktor", "suap")
	if err != nil || !strings.HasPrefix(out, "1 article") {
		t.Fatalf("search across pages: %v\n%s", err, out)
	}
	// The outlet given to sources add is the articles' outlet; the test
	// server's address (127.0.0.1) is no outlet name.
	if !strings.Contains(out, "Contoh.id · ") || strings.Contains(out, "0.0.1") {
		t.Errorf("sources add --outlet not honoured:\n%s", out)
	}
	out, _, err = runEnv(t, dir, localOK, "search", "status", "hukum", "ditangkap")
	if err != nil || !strings.HasPrefix(out, "1 article") {
		t.Fatalf("search page 3: %v\n%s", err, out)
	}

	out, _, err = runEnv(t, dir, localOK, "sources", "list", "--json")
	var listed struct {
		Sources []map[string]any `json:"sources"`
		Metrics map[string]any   `json:"metrics"`
	}
	if err != nil || json.Unmarshal([]byte(out), &listed) != nil || len(listed.Sources) != 1 || listed.Sources[0]["state"] != "ok" ||
		listed.Sources[0]["last_result"] != "not modified" {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	// fetch URL --outlet names the outlet of what it fetches.
	if out, stderr, err = runEnv(t, dir, localOK, "fetch", "--outlet", "Harian Uji", site.URL+"/berita/8"); err != nil {
		t.Fatalf("fetch --outlet: %v\n%s%s", err, out, stderr)
	}
	if out, _, err = runEnv(t, dir, localOK, "search", "--outlet", "Harian Uji"); err != nil || !strings.HasPrefix(out, "1 article") || !strings.Contains(out, "Harian Uji · ") {
		t.Errorf("fetch --outlet not honoured: %v\n%s", err, out)
	}
	if out, _, err = runEnv(t, dir, localOK, "sources", "remove", "1"); err != nil || !strings.Contains(out, "removed 1") {
		t.Fatalf("remove: %v %s", err, out)
	}
	if _, _, err = runEnv(t, dir, localOK, "sources", "remove", "1"); !errors.As(err, &ue) {
		t.Fatalf("remove again: %v", err)
	}
}

func TestFetchRefusesPrivateAddresses(t *testing.T) {
	var hits int
	var mu sync.Mutex
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
	}))
	defer site.Close()
	_, _, err := runEnv(t, t.TempDir(), map[string]string{}, "fetch", site.URL+"/rss")
	var pe *ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	out, _, _ := runEnv(t, t.TempDir(), map[string]string{}, "fetch", site.URL+"/rss")
	if !strings.Contains(out, "is not a public address") || hits != 0 {
		t.Fatalf("out %q, %d hits", out, hits)
	}
}

func TestServeRunsSources(t *testing.T) {
	site := crawltest.New(1, 3)
	defer site.Close()
	dir := t.TempDir()
	m := NewMain()
	m.Stdout, m.Stderr = io.Discard, io.Discard
	env := map[string]string{"WARTA_FETCH_ALLOW_PRIVATE": "true", "WARTA_FETCH_DELAY": "0s", "WARTA_TOKEN": "rahasia"}
	m.Getenv = func(k string) string { return env[k] }
	m.Resolve = site.Resolve
	base, stop := startServe(t, m, 60*time.Second, "--data-dir", dir)
	do := func(method, path, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer rahasia")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}
	code, v := do("POST", "/api/v1/sources", `{"url": "`+site.FeedURL(0)+`", "every": "1h"}`)
	if code != 201 {
		t.Fatalf("add: %d %v", code, v)
	}
	// The background crawler picks the new source up and fetches its three articles.
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, v = do("GET", "/api/v1/sources", "")
		src := v["sources"].([]any)[0].(map[string]any)
		if src["last_result"] == "new 3" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sources: %v", v)
		}
		time.Sleep(50 * time.Millisecond)
	}
	code, v = do("GET", "/api/v1/stats", "")
	if code != 200 || v["articles"].(float64) != 3 {
		t.Fatalf("stats: %d %v", code, v)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve shutdown: %v", err)
	}
}
