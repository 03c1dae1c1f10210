package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/fetch"
)

// memStore is an in-memory warta.SourceStore.
type memStore struct {
	mu      sync.Mutex
	sources map[int64]*warta.Source
	next    int64
	urls    map[string]string
}

func newMemStore() *memStore {
	return &memStore{sources: map[int64]*warta.Source{}, urls: map[string]string{}}
}

func (m *memStore) AddSource(ctx context.Context, s *warta.Source) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.sources {
		if o.URL == s.URL {
			return warta.Errorf(warta.ECONFLICT, "source %s exists", s.URL)
		}
	}
	m.next++
	s.ID, s.AddedAt = m.next, time.Now()
	c := *s
	m.sources[s.ID] = &c
	return nil
}

func (m *memStore) Sources(ctx context.Context) ([]*warta.Source, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*warta.Source
	for _, s := range m.sources {
		c := *s
		out = append(out, &c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (m *memStore) UpdateSource(ctx context.Context, s *warta.Source) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sources[s.ID] == nil {
		return warta.Errorf(warta.ENOTFOUND, "source %d not found", s.ID)
	}
	c := *s
	m.sources[s.ID] = &c
	return nil
}

func (m *memStore) RemoveSource(ctx context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sources[id] == nil {
		return warta.Errorf(warta.ENOTFOUND, "source %d not found", id)
	}
	delete(m.sources, id)
	return nil
}

func (m *memStore) SeenURL(ctx context.Context, u string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.urls[u]
	return ok, nil
}

func (m *memStore) MarkURL(ctx context.Context, u, doc string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if doc != "" || m.urls[u] == "" {
		m.urls[u] = doc
	}
	return nil
}

// memSink keeps documents by ID and problems in order.
type memSink struct {
	mu    sync.Mutex
	docs  map[string]*warta.Document
	order []*warta.Document
	probs []warta.Problem
}

func (s *memSink) sink(ctx context.Context, docs []*warta.Document, probs []warta.Problem) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs == nil {
		s.docs = map[string]*warta.Document{}
	}
	n := 0
	for _, d := range docs {
		if s.docs[d.ID] == nil {
			s.docs[d.ID] = d
			s.order = append(s.order, d)
			n++
		}
	}
	s.probs = append(s.probs, probs...)
	return n, nil
}

func (s *memSink) byURL(suffix string) *warta.Document {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.order {
		if strings.HasSuffix(d.URL, suffix) {
			return d
		}
	}
	return nil
}

func (s *memSink) problems() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for _, p := range s.probs {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

// newsSite is a test site: routes answer by path; hits are counted by
// path and query.
type newsSite struct {
	*httptest.Server
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	hits   map[string]int
}

func newNewsSite(t *testing.T) *newsSite {
	t.Helper()
	s := &newsSite{routes: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		h := s.routes[r.URL.Path]
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *newsSite) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[path] = h
}

func (s *newsSite) count(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[uri]
}

// page serves an HTML article page.
func page(title, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>%s</title></head><body><nav><p>Beranda Nasional Daerah</p></nav><article><h1>%s</h1><div class=\"isi\">%s</div></article><footer><p>Hak cipta Contoh.</p></footer></body></html>", title, title, body)
	}
}

// feedHandler serves an RSS feed of items (path, title, date) with an
// ETag that changes with the items, answering 304 when it matches.
type feedHandler struct {
	mu    sync.Mutex
	items [][3]string
	base  string
}

func (f *feedHandler) set(items ...[3]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = items
}

func (f *feedHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	items := f.items
	f.mu.Unlock()
	etag := fmt.Sprintf(`"%d"`, len(items))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Contoh</title>`)
	for _, it := range items {
		fmt.Fprintf(w, "<item><title>%s</title><link>%s%s</link><pubDate>%s</pubDate><dc:creator>Riana Putri</dc:creator></item>", it[1], f.base, it[0], it[2])
	}
	fmt.Fprint(w, "</channel></rss>")
}

func testCrawler(t *testing.T, opt Options) (*Crawler, *memStore, *memSink) {
	t.Helper()
	f := fetch.New(fetch.Options{AllowPrivate: true, RetryWait: time.Millisecond, MaxRetryWait: 5 * time.Millisecond,
		Timeout: 2 * time.Second})
	t.Cleanup(f.Close)
	st := newMemStore()
	sink := &memSink{}
	if opt.MinEvery == 0 {
		opt.MinEvery = time.Millisecond
	}
	c := New(f, st, opt)
	c.Sink = sink.sink
	return c, st, sink
}

func addSource(t *testing.T, c *Crawler, url string, kind warta.SourceKind) *warta.Source {
	t.Helper()
	added, _, err := c.Add(context.Background(), AddOptions{URL: url, Kind: kind, Outlet: "Contoh.id", Every: time.Minute})
	if err != nil || len(added) != 1 {
		t.Fatalf("Add(%s): %v, %v", url, added, err)
	}
	return added[0]
}

func mustPoll(t *testing.T, c *Crawler, src *warta.Source) *Result {
	t.Helper()
	res := c.Poll(context.Background(), src)
	if res.Err != nil {
		t.Fatalf("Poll: %v", res.Err)
	}
	return res
}

func TestFeedNewItemsOnce(t *testing.T) {
	s := newNewsSite(t)
	fh := &feedHandler{base: s.URL}
	fh.set([3]string{"/berita/menlu-bertemu-wang-yi?utm_source=rss", "Menlu Bertemu Wang Yi", "Selasa, 06 Mei 2025 10:00:00 WIB"},
		[3]string{"/berita/banjir-semarang", "Banjir Semarang", "Tue, 06 May 2025 11:00:00 +0700"})
	s.handle("/rss", fh.ServeHTTP)
	s.handle("/berita/menlu-bertemu-wang-yi", page("Menlu", "<p>Menteri Luar Negeri Sugiono bertemu Wang Yi.</p>"))
	s.handle("/berita/banjir-semarang", page("Banjir", "<p>Banjir merendam Semarang.</p>"))
	s.handle("/berita/gempa-cianjur", page("Gempa", "<p>Gempa mengguncang Cianjur.</p>"))
	c, st, sink := testCrawler(t, Options{})
	src := addSource(t, c, s.URL+"/rss", warta.SourceFeed)

	res := mustPoll(t, c, src)
	if res.New != 2 || src.LastResult != "new 2" || src.ETag != `"2"` || src.Failures != 0 {
		t.Fatalf("first poll: %+v, source %+v", res, src)
	}
	d := sink.byURL("/berita/menlu-bertemu-wang-yi")
	if d == nil || d.Source != d.URL || strings.Contains(d.URL, "utm_") || d.Format != warta.FormatHTML || d.Text == "" {
		t.Fatalf("document = %+v", d)
	}
	if d.Hints.Title != "Menlu Bertemu Wang Yi" || d.Hints.Published != "2025-05-06T10:00:00+07:00" || d.Hints.Outlet != "Contoh.id" ||
		len(d.Hints.Authors) != 1 || d.Hints.ContentType != "text/html; charset=utf-8" {
		t.Fatalf("hints = %+v", d.Hints)
	}
	// Unchanged feed: a conditional GET, 304, nothing else fetched.
	res = mustPoll(t, c, src)
	if !res.NotModified || src.LastResult != "not modified" || s.count("/rss") != 2 {
		t.Fatalf("second poll: %+v, %s", res, src.LastResult)
	}
	// A new item: the ETag changes, the feed is fetched, only the new article is.
	fh.set(append(fh.items, [3]string{"/berita/gempa-cianjur", "Gempa", "Rabu, 07 Mei 2025 08:00 WIB"})...)
	res = mustPoll(t, c, src)
	if res.New != 1 || res.Seen != 2 || src.ETag != `"3"` {
		t.Fatalf("third poll: %+v", res)
	}
	for _, uri := range []string{"/berita/menlu-bertemu-wang-yi", "/berita/banjir-semarang", "/berita/gempa-cianjur"} {
		if n := s.count(uri); n != 1 {
			t.Errorf("%s fetched %d times, want once", uri, n)
		}
	}
	if seen, _ := st.SeenURL(context.Background(), "https://"+strings.TrimPrefix(s.URL, "http://")+"/berita/gempa-cianjur"); !seen {
		t.Errorf("gempa-cianjur not recorded as fetched")
	}
	if len(sink.order) != 3 {
		t.Fatalf("%d documents", len(sink.order))
	}
}

func TestVariantsFetchedOnce(t *testing.T) {
	s := newNewsSite(t)
	fh := &feedHandler{base: s.URL}
	fh.set([3]string{"/amp/berita/judul-berita-hari-ini", "A", ""},
		[3]string{"/berita/judul-berita-hari-ini?utm_source=rss&fbclid=1", "B", ""},
		[3]string{"/berita/judul-berita-hari-ini/", "C", ""})
	s.handle("/rss", fh.ServeHTTP)
	s.handle("/berita/judul-berita-hari-ini", page("J", "<p>Isi berita.</p>"))
	s.handle("/berita/judul-berita-hari-ini/", page("J", "<p>Isi berita.</p>"))
	c, _, _ := testCrawler(t, Options{})
	src := addSource(t, c, s.URL+"/rss", warta.SourceFeed)
	res := mustPoll(t, c, src)
	total := s.count("/berita/judul-berita-hari-ini") + s.count("/berita/judul-berita-hari-ini/") + s.count("/amp/berita/judul-berita-hari-ini")
	if res.New != 1 || total != 1 {
		t.Fatalf("%+v; article requests %d, want 1", res, total)
	}
}

func TestRobotsDisallowedItem(t *testing.T) {
	s := newNewsSite(t)
	fh := &feedHandler{base: s.URL}
	fh.set([3]string{"/berita/boleh", "Boleh", ""}, [3]string{"/private/rahasia", "Rahasia", ""})
	s.handle("/rss", fh.ServeHTTP)
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n") })
	s.handle("/berita/boleh", page("Boleh", "<p>Isi.</p>"))
	s.handle("/private/rahasia", page("Rahasia", "<p>Jangan.</p>"))
	c, st, sink := testCrawler(t, Options{})
	src := addSource(t, c, s.URL+"/rss", warta.SourceFeed)
	res := mustPoll(t, c, src)
	if res.New != 1 || res.Failed != 0 || s.count("/private/rahasia") != 0 {
		t.Fatalf("%+v, private hits %d", res, s.count("/private/rahasia"))
	}
	if !strings.Contains(sink.problems(), "disallowed by robots.txt: /private/rahasia") {
		t.Fatalf("problems:\n%s", sink.problems())
	}
	// Refused for good: recorded, so the next poll does not ask again.
	key, _ := fetch.Key(s.URL + "/private/rahasia")
	if seen, _ := st.SeenURL(context.Background(), key); !seen {
		t.Fatal("disallowed URL not recorded")
	}
	if src.ETag == "" {
		t.Fatal("validators not saved although every item was dealt with")
	}
}

func TestTransientFailureRetriedNextPoll(t *testing.T) {
	s := newNewsSite(t)
	fh := &feedHandler{base: s.URL}
	fh.set([3]string{"/berita/a", "A", ""}, [3]string{"/berita/b", "B", ""})
	s.handle("/rss", fh.ServeHTTP)
	s.handle("/berita/a", page("A", "<p>Isi A.</p>"))
	var mu sync.Mutex
	down := true
	s.handle("/berita/b", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		d := down
		mu.Unlock()
		if d {
			http.Error(w, "", http.StatusServiceUnavailable)
			return
		}
		page("B", "<p>Isi B.</p>")(w, r)
	})
	c, _, _ := testCrawler(t, Options{})
	src := addSource(t, c, s.URL+"/rss", warta.SourceFeed)
	res := mustPoll(t, c, src)
	if res.New != 1 || res.Failed != 1 || src.ETag != "" || !strings.Contains(src.LastResult, "1 failed") {
		t.Fatalf("first poll: %+v, %q, etag %q", res, src.LastResult, src.ETag)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	res = mustPoll(t, c, src)
	if res.NotModified || res.New != 1 || res.Seen != 1 || src.ETag == "" {
		t.Fatalf("second poll: %+v", res)
	}
}

func TestFailingSourceBacksOff(t *testing.T) {
	s := newNewsSite(t)
	var mu sync.Mutex
	fail := true
	fh := &feedHandler{base: s.URL}
	s.handle("/rss", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		f := fail
		mu.Unlock()
		if f {
			http.Error(w, "", http.StatusInternalServerError)
			return
		}
		fh.ServeHTTP(w, r)
	})
	c, _, _ := testCrawler(t, Options{})
	src := addSource(t, c, s.URL+"/rss", warta.SourceFeed)
	var waits []time.Duration
	for i := 1; i <= 3; i++ {
		res := c.Poll(context.Background(), src)
		if res.Err == nil || src.Failures != i || !strings.HasPrefix(src.LastResult, "error: get ") || !strings.Contains(src.LastResult, "HTTP 500") {
			t.Fatalf("poll %d: %v; source %+v", i, res.Err, src)
		}
		waits = append(waits, src.NextAt.Sub(src.LastFetched))
	}
	// Every minute, doubling with jitter of at most a quarter.
	for i, w := range waits {
		lo := time.Minute << (i + 1) * 3 / 4
		if w < lo || w > time.Minute<<(i+1) {
			t.Errorf("backoff %d = %v, want within [%v, %v]", i+1, w, lo, time.Minute<<(i+1))
		}
	}
	states, m, _ := c.Status(context.Background())
	if len(states) != 1 || states[0].State != "failing" || m.SourcesFailing != 1 || m.PollErrors != 3 {
		t.Fatalf("status %+v, metrics %+v", states, m)
	}
	mu.Lock()
	fail = false
	mu.Unlock()
	mustPoll(t, c, src)
	if src.Failures != 0 || src.NextAt.Sub(src.LastFetched) != time.Minute {
		t.Fatalf("after recovery: %+v", src)
	}
}

func TestTruncatedAndOddFeeds(t *testing.T) {
	s := newNewsSite(t)
	whole := `<?xml version="1.0"?><rss><channel><title>T</title>` +
		`<item><title>A</title><link>` + s.URL + `/berita/a</link></item>` +
		`<item><title>B</title><link>` + s.URL + `/berita/b</link></item>` +
		`<item><title>C</title><link>` + s.URL + `/berita/c`
	s.handle("/cut", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, whole)
	})
	// A feed served as text/html still reads as a feed.
	s.handle("/html-typed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<rss><channel><item><title>D</title><link>`+s.URL+`/berita/d</link></item></channel></rss>`)
	})
	// A "feed" that is an HTML page fails clearly.
	s.handle("/not-feed", page("Beranda", "<p>Bukan feed.</p>"))
	// An item that is an image.
	s.handle("/img-feed", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<rss><channel><item><title>E</title><link>`+s.URL+`/foto.png</link></item></channel></rss>`)
	})
	s.handle("/foto.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	for _, p := range []string{"a", "b", "c", "d"} {
		s.handle("/berita/"+p, page(p, "<p>Isi "+p+".</p>"))
	}
	c, _, sink := testCrawler(t, Options{})
	res := mustPoll(t, c, addSource(t, c, s.URL+"/cut", warta.SourceFeed))
	if res.New != 2 || s.count("/berita/c") != 0 || !strings.Contains(sink.problems(), "truncated feed: it ends inside <link>; kept the 2 items before it") {
		t.Fatalf("truncated: %+v\n%s", res, sink.problems())
	}
	if res := mustPoll(t, c, addSource(t, c, s.URL+"/html-typed", warta.SourceFeed)); res.New != 1 {
		t.Fatalf("feed as text/html: %+v", res)
	}
	res = c.Poll(context.Background(), addSource(t, c, s.URL+"/not-feed", warta.SourceFeed))
	if res.Err == nil || !strings.Contains(res.Err.Error(), `served as "text/html"): not a feed: an HTML page`) {
		t.Fatalf("HTML as feed: %v", res.Err)
	}
	res = mustPoll(t, c, addSource(t, c, s.URL+"/img-feed", warta.SourceFeed))
	if res.New != 0 || res.Failed != 0 || !strings.Contains(sink.problems(), `not a page: content type "image/png"`) {
		t.Fatalf("image item: %+v\n%s", res, sink.problems())
	}
}

func TestWindows1252FeedWithWIBDates(t *testing.T) {
	s := newNewsSite(t)
	s.handle("/rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		// "Kafé" and curly quotes in Windows-1252, a date in WIB.
		w.Write([]byte("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><item><title>\x93Kaf\xe9\x94 Rakyat</title><link>" +
			s.URL + "/berita/kafe</link><pubDate>Selasa, 06 Mei 2025 10:00:00 WIB</pubDate></item></channel></rss>"))
	})
	s.handle("/berita/kafe", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		w.Write([]byte("<html><body><p>Kaf\xe9 rakyat dibuka di Semarang.</p></body></html>"))
	})
	c, _, sink := testCrawler(t, Options{})
	mustPoll(t, c, addSource(t, c, s.URL+"/rss", warta.SourceFeed))
	d := sink.byURL("/berita/kafe")
	if d == nil || d.Hints.Title != "“Kafé” Rakyat" || d.Hints.Published != "2025-05-06T10:00:00+07:00" ||
		d.Charset != "windows-1252" || !strings.Contains(d.Text, "Kafé rakyat") {
		t.Fatalf("document %+v", d)
	}
}

func TestMultiPageArticles(t *testing.T) {
	s := newNewsSite(t)
	// Okezone style: ?page=2, numbered links on every page.
	okz := func(n int) string {
		nav := `<div class="paging"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a></div>`
		return fmt.Sprintf(`<p>Paragraf %d-1 dari berita.</p><p>Paragraf %d-2 dari berita.</p>%s`, n, n, nav)
	}
	s.handle("/read/2025/03/13/337/3134567/detik-detik-ott-kpk", func(w http.ResponseWriter, r *http.Request) {
		n := 1
		fmt.Sscanf(r.URL.Query().Get("page"), "%d", &n)
		page("OTT KPK", okz(n))(w, r)
	})
	// RM.id style: /2 with only a "Selanjutnya" link to the next page.
	rm := "/baca-berita/internasional/254321/kami-ingin-perbatasan-jadi-halaman-depan"
	s.handle(rm, page("Wawancara", `<p>Tanya jawab bagian satu.</p><a href="`+rm+`/2">Selanjutnya</a>`))
	s.handle(rm+"/2", page("Wawancara", `<a href="`+rm+`">Sebelumnya</a><p>Tanya jawab bagian dua.</p><a href="`+rm+`/3">Selanjutnya</a>`))
	s.handle(rm+"/3", page("Wawancara", `<a href="`+rm+`/2">Sebelumnya</a><p>Tanya jawab bagian tiga.</p>`))
	fh := &feedHandler{base: s.URL}
	fh.set([3]string{"/read/2025/03/13/337/3134567/detik-detik-ott-kpk?page=2", "OTT", ""}, [3]string{rm, "Wawancara", ""})
	s.handle("/rss", fh.ServeHTTP)
	c, _, sink := testCrawler(t, Options{})
	res := mustPoll(t, c, addSource(t, c, s.URL+"/rss", warta.SourceFeed))
	if res.New != 2 {
		t.Fatalf("%+v\n%s", res, sink.problems())
	}
	okd := sink.byURL("/detik-detik-ott-kpk")
	want := []string{"Paragraf 1-1", "Paragraf 1-2", "Paragraf 2-1", "Paragraf 2-2", "Paragraf 3-1", "Paragraf 3-2", "Hak cipta"}
	expectInOrder(t, string(okd.Raw), want)
	if strings.Count(string(okd.Raw), "Hak cipta") != 1 || strings.Count(string(okd.Raw), "Paragraf 2-1") != 1 {
		t.Fatalf("template or pages repeated:\n%s", okd.Raw)
	}
	for _, q := range []string{"?page=2", "?page=3"} {
		if n := s.count("/read/2025/03/13/337/3134567/detik-detik-ott-kpk" + q); n != 1 {
			t.Errorf("page %s fetched %d times", q, n)
		}
	}
	rmd := sink.byURL(rm)
	expectInOrder(t, string(rmd.Raw), []string{"bagian satu", "bagian dua", "bagian tiga", "Hak cipta"})
	if !strings.Contains(string(rmd.Raw), "<!-- warta: page 3 of 3, ") {
		t.Fatalf("no page marker:\n%s", rmd.Raw)
	}
}

func expectInOrder(t *testing.T, s string, want []string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(s[at:], w)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", w, s)
		}
		at += i + len(w)
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestSitemapIndex(t *testing.T) {
	s := newNewsSite(t)
	now := time.Now().UTC().Format(time.RFC3339)
	s.handle("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%s/news.xml.gz</loc><lastmod>%s</lastmod></sitemap>
<sitemap><loc>%s/old.xml</loc><lastmod>2020-01-01</lastmod></sitemap></sitemapindex>`, s.URL, now, s.URL)
	})
	s.handle("/news.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(gz([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>` + s.URL + `/berita/a</loc><news:news><news:publication><news:name>Contoh.id</news:name></news:publication>
<news:publication_date>2025-05-06T10:00:00+07:00</news:publication_date><news:title>Judul A</news:title></news:news></url>
</urlset>`)))
	})
	s.handle("/old.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<urlset><url><loc>`+s.URL+`/berita/b</loc></url></urlset>`)
	})
	s.handle("/berita/a", page("A", "<p>Isi A.</p>"))
	s.handle("/berita/b", page("B", "<p>Isi B.</p>"))
	c, _, sink := testCrawler(t, Options{})
	src := addSource(t, c, s.URL+"/sitemap.xml", warta.SourceSitemap)
	src.Outlet = ""
	res := mustPoll(t, c, src)
	if res.New != 2 {
		t.Fatalf("first poll: %+v\n%s", res, sink.problems())
	}
	d := sink.byURL("/berita/a")
	if d.Hints.Title != "Judul A" || d.Hints.Published != "2025-05-06T10:00:00+07:00" || d.Hints.Outlet != "Contoh.id" {
		t.Fatalf("hints %+v", d.Hints)
	}
	// Next poll: the old child sitemap is not read again.
	mustPoll(t, c, src)
	if n := s.count("/old.xml"); n != 1 {
		t.Fatalf("old sitemap read %d times", n)
	}
}

func TestAddDiscoversAndDetects(t *testing.T) {
	s := newNewsSite(t)
	fh := &feedHandler{base: s.URL}
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><link rel="alternate" type="application/rss+xml" title="Terkini" href="/rss">
<link rel="alternate" type="application/atom+xml" href="`+s.URL+`/atom"><link rel="stylesheet" href="/s.css"></head><body>
<link rel="alternate" type="application/rss+xml" href="/in-body-ignored"></body></html>`)
	})
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow:\nSitemap: "+s.URL+"/sitemap.xml\n")
	})
	s.handle("/rss", fh.ServeHTTP)
	s.handle("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<urlset><url><loc>`+s.URL+`/berita/a</loc></url></urlset>`)
	})
	s.handle("/berita/judul-artikel", page("Artikel", "<p>Isi.</p>"))
	c, _, _ := testCrawler(t, Options{})
	ctx := context.Background()
	added, probs, err := c.Add(ctx, AddOptions{URL: s.URL + "/", Every: time.Hour})
	if err != nil || len(added) != 3 || len(probs) != 0 {
		t.Fatalf("Add(home) = %v, %v, %v", added, probs, err)
	}
	kinds := map[string]warta.SourceKind{}
	for _, a := range added {
		kinds[strings.TrimPrefix(a.URL, s.URL)] = a.Kind
		if a.Every != time.Hour {
			t.Errorf("every %v", a.Every)
		}
	}
	if kinds["/rss"] != warta.SourceFeed || kinds["/atom"] != warta.SourceFeed || kinds["/sitemap.xml"] != warta.SourceSitemap {
		t.Fatalf("kinds = %v", kinds)
	}
	added, probs, err = c.Add(ctx, AddOptions{URL: s.URL})
	if err != nil || len(added) != 0 || len(probs) != 3 || probs[0].Msg != "already a source" {
		t.Fatalf("Add(home) again = %v, %v, %v", added, probs, err)
	}
	added, _, err = c.Add(ctx, AddOptions{URL: s.URL + "/berita/judul-artikel"})
	if err != nil || added[0].Kind != warta.SourcePage || added[0].Every != 10*time.Minute {
		t.Fatalf("Add(article) = %v, %v", added, err)
	}
	if _, _, err := c.Add(ctx, AddOptions{URL: s.URL + "/rss"}); warta.ErrorCode(err) != warta.ECONFLICT {
		t.Fatalf("Add(existing) err = %v", err)
	}
	for _, bad := range []AddOptions{{URL: "ftp://x/"}, {URL: s.URL + "/x", Kind: "podcast"}, {URL: s.URL + "/x", Every: -time.Second},
		{URL: s.URL + "/missing"}} {
		if _, _, err := c.Add(ctx, bad); warta.ErrorCode(err) != warta.EINVALID {
			t.Errorf("Add(%+v) err = %v, want EINVALID", bad, err)
		}
	}
	if err := c.Remove(ctx, 0, s.URL+"/atom"); err != nil {
		t.Fatal(err)
	}
	if err := c.Remove(ctx, 0, s.URL+"/atom"); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("second Remove: %v", err)
	}
}

func TestRunPollsAndResumes(t *testing.T) {
	s := newNewsSite(t)
	fh := &feedHandler{base: s.URL}
	fh.set([3]string{"/berita/a", "A", ""})
	s.handle("/rss", fh.ServeHTTP)
	s.handle("/berita/a", page("A", "<p>Isi A.</p>"))
	s.handle("/berita/b", page("B", "<p>Isi B.</p>"))
	c, st, sink := testCrawler(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	added, _, err := c.Add(ctx, AddOptions{URL: s.URL + "/rss", Kind: warta.SourceFeed, Every: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return sink.byURL("/berita/a") != nil })
	fh.set([3]string{"/berita/a", "A", ""}, [3]string{"/berita/b", "B", ""})
	waitFor(t, func() bool { return sink.byURL("/berita/b") != nil })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// A new crawler on the same store (a restart) fetches nothing again.
	srcs, _ := st.Sources(context.Background())
	if len(srcs) != 1 || srcs[0].ID != added[0].ID || srcs[0].ETag != `"2"` {
		t.Fatalf("saved state %+v", srcs)
	}
	c2, _, _ := testCrawler(t, Options{})
	c2.Store, c2.Sink = st, sink.sink
	fh.set([3]string{"/berita/a", "A", ""}, [3]string{"/berita/b", "B", ""}, [3]string{"/berita/b?utm_campaign=x", "B", ""})
	res := mustPoll(t, c2, srcs[0])
	if res.New != 0 || res.Seen != 2 || s.count("/berita/a") != 1 || s.count("/berita/b") != 1 {
		t.Fatalf("after restart: %+v; hits a=%d b=%d", res, s.count("/berita/a"), s.count("/berita/b"))
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestPollURLOnce(t *testing.T) {
	s := newNewsSite(t)
	fh := &feedHandler{base: s.URL}
	fh.set([3]string{"/berita/a", "A", ""})
	s.handle("/rss", fh.ServeHTTP)
	s.handle("/berita/a", page("A", "<p>Isi A.</p>"))
	c, st, _ := testCrawler(t, Options{})
	res := c.PollURL(context.Background(), s.URL+"/rss", "", "")
	if res.Err != nil || res.New != 1 || s.count("/rss") != 1 {
		t.Fatalf("%+v (feed fetched %d times)", res, s.count("/rss"))
	}
	if srcs, _ := st.Sources(context.Background()); len(srcs) != 0 {
		t.Fatalf("PollURL stored a source: %+v", srcs)
	}
}

func TestHostileArticlesBecomeProblems(t *testing.T) {
	s := newNewsSite(t)
	bomb := gz(make([]byte, 8<<20))
	release := make(chan struct{})
	defer close(release)
	s.handle("/berita/besar", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		buf := bytes.Repeat([]byte("<p>isi</p>"), 16<<10)
		for {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	})
	s.handle("/berita/bom", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	s.handle("/berita/lambat", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	s.handle("/berita/baik", page("Baik", "<p>Isi yang baik.</p>"))
	fh := &feedHandler{base: s.URL}
	fh.set([3]string{"/berita/besar", "Besar", ""}, [3]string{"/berita/bom", "Bom", ""}, [3]string{"/berita/lambat", "Lambat", ""},
		[3]string{"/berita/baik", "Baik", ""})
	s.handle("/rss", fh.ServeHTTP)
	f := fetch.New(fetch.Options{AllowPrivate: true, MaxBodyBytes: 512 << 10, Timeout: time.Second, RetryWait: time.Millisecond})
	defer f.Close()
	st, sink := newMemStore(), &memSink{}
	c := New(f, st, Options{MinEvery: time.Millisecond})
	c.Sink = sink.sink
	src := addSource(t, c, s.URL+"/rss", warta.SourceFeed)
	res := mustPoll(t, c, src)
	probs := sink.problems()
	if res.New != 1 || res.Failed != 1 || !strings.Contains(probs, "response too large: more than 524288 bytes; cut off") ||
		!strings.Contains(probs, "compressed body expands too far") || !strings.Contains(probs, "timed out") {
		t.Fatalf("%+v\n%s", res, probs)
	}
	// Too large and bombs are for good; the slow one is tried again.
	for path, want := range map[string]bool{"/berita/besar": true, "/berita/bom": true, "/berita/lambat": false} {
		key, _ := fetch.Key(s.URL + path)
		if seen, _ := st.SeenURL(context.Background(), key); seen != want {
			t.Errorf("%s recorded = %v, want %v", path, seen, want)
		}
	}
}
