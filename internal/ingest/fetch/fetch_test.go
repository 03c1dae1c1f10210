package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testFetcher allows the loopback test servers and retries fast.
func testFetcher(t *testing.T, opt Options) *Fetcher {
	t.Helper()
	opt.AllowPrivate = true
	if opt.RetryWait == 0 {
		opt.RetryWait = time.Millisecond
	}
	if opt.MaxRetryWait == 0 {
		opt.MaxRetryWait = 10 * time.Millisecond
	}
	f := New(opt)
	t.Cleanup(f.Close)
	return f
}

// site is a test server with a robots.txt and per-path handlers, counting
// requests per path.
type site struct {
	*httptest.Server
	mu     sync.Mutex
	hits   map[string]int
	robots string
}

func newSite(t *testing.T, routes map[string]http.HandlerFunc) *site {
	t.Helper()
	s := &site{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		robots := s.robots
		s.mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			if robots == "" {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, robots)
			return
		}
		if h := routes[r.URL.Path]; h != nil {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func TestConditionalGet(t *testing.T) {
	etag := `"v1"`
	var mu sync.Mutex
	s := newSite(t, map[string]http.HandlerFunc{"/feed": func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		cur := etag
		mu.Unlock()
		if r.Header.Get("If-None-Match") == cur {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", cur)
		w.Header().Set("Last-Modified", "Tue, 06 May 2025 03:00:00 GMT")
		fmt.Fprint(w, "isi "+cur)
	}})
	f := testFetcher(t, Options{})
	ctx := context.Background()
	r1, err := f.Fetch(ctx, Request{URL: s.URL + "/feed"})
	if err != nil || string(r1.Body) != `isi "v1"` || r1.ETag != `"v1"` || r1.LastModified == "" {
		t.Fatalf("first fetch = %+v, %v", r1, err)
	}
	r2, err := f.Fetch(ctx, Request{URL: s.URL + "/feed", ETag: r1.ETag, LastModified: r1.LastModified})
	if err != nil || !r2.NotModified || len(r2.Body) != 0 || r2.ETag != `"v1"` {
		t.Fatalf("second fetch = %+v, %v; want 304 keeping the validators", r2, err)
	}
	mu.Lock()
	etag = `"v2"`
	mu.Unlock()
	r3, err := f.Fetch(ctx, Request{URL: s.URL + "/feed", ETag: r2.ETag})
	if err != nil || r3.NotModified || string(r3.Body) != `isi "v2"` {
		t.Fatalf("after the ETag changed = %+v, %v", r3, err)
	}
	if st := f.Stats(); st.NotModified != 1 || st.Requests < 3 {
		t.Fatalf("Stats = %+v", st)
	}
}

func TestRetries(t *testing.T) {
	var n atomic.Int32
	s := newSite(t, map[string]http.HandlerFunc{
		"/flaky": func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) <= 3 {
				http.Error(w, "sibuk", http.StatusInternalServerError)
				return
			}
			fmt.Fprint(w, "akhirnya")
		},
		"/down":    func(w http.ResponseWriter, r *http.Request) { http.Error(w, "", http.StatusBadGateway) },
		"/missing": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
	})
	f := testFetcher(t, Options{Retries: 3})
	ctx := context.Background()
	r, err := f.Get(ctx, s.URL+"/flaky")
	if err != nil || string(r.Body) != "akhirnya" {
		t.Fatalf("500 three times then 200: %v, %v", r, err)
	}
	if got := s.count("/flaky"); got != 4 {
		t.Fatalf("server saw %d requests, want 4", got)
	}
	_, err = f.Get(ctx, s.URL+"/down")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 502 || !strings.Contains(err.Error(), "4 attempts") || Permanent(err) {
		t.Fatalf("always 502: err = %v", err)
	}
	_, err = f.Get(ctx, s.URL+"/missing")
	if !errors.As(err, &se) || se.Code != 404 || !Permanent(err) || s.count("/missing") != 1 {
		t.Fatalf("404 is not retried: err = %v, hits %d", err, s.count("/missing"))
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/later": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	}})
	f := testFetcher(t, Options{Retries: 3})
	_, err := f.Get(context.Background(), s.URL+"/later")
	if err == nil || !strings.Contains(err.Error(), "retry after 1h0m0s") || s.count("/later") != 1 {
		t.Fatalf("err = %v, hits %d", err, s.count("/later"))
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	s := newSite(t, map[string]http.HandlerFunc{
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		},
		// Headers at once, then the body trickles.
		"/trickle": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			for {
				if _, err := w.Write([]byte("<p>sedikit</p>")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-release:
					return
				case <-r.Context().Done():
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		},
	})
	f := testFetcher(t, Options{Timeout: 150 * time.Millisecond, Retries: 1})
	for _, path := range []string{"/slow", "/trickle"} {
		_, err := f.Get(context.Background(), s.URL+path)
		if !errors.Is(err, ErrTimeout) || Permanent(err) || !strings.Contains(err.Error(), "2 attempts") {
			t.Errorf("%s: err = %v, want a timeout after 2 attempts", path, err)
		}
	}
}

func TestCancelStopsAtOnce(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/slow": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }})
	f := testFetcher(t, Options{Retries: 5})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := f.Get(ctx, s.URL+"/slow"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if s.count("/slow") != 1 {
		t.Fatalf("retried after cancel: %d requests", s.count("/slow"))
	}
}

func TestRedirects(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/a": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) },
		"/b": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusMovedPermanently) },
		"/old": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/new?x=1#frag", http.StatusMovedPermanently)
		},
		"/new": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "baru") },
		"/ftp": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "ftp://contoh.id/x", http.StatusFound)
		},
	})
	// An endless chain that never repeats a URL.
	chain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/c%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/c%d", n+1), http.StatusFound)
	}))
	defer chain.Close()
	f := testFetcher(t, Options{})
	ctx := context.Background()
	r, err := f.Get(ctx, s.URL+"/old")
	if err != nil || string(r.Body) != "baru" || r.URL != s.URL+"/new?x=1" {
		t.Fatalf("redirect: %+v, %v", r, err)
	}
	_, err = f.Get(ctx, s.URL+"/a")
	if !errors.Is(err, ErrRedirects) || !strings.Contains(err.Error(), "loop") || !Permanent(err) {
		t.Fatalf("loop: err = %v", err)
	}
	if s.count("/a") != 1 || s.count("/b") != 1 {
		t.Fatalf("loop requests: /a %d, /b %d", s.count("/a"), s.count("/b"))
	}
	_, err = f.Get(ctx, chain.URL+"/c0")
	if !errors.Is(err, ErrRedirects) || !strings.Contains(err.Error(), "more than 5") {
		t.Fatalf("endless chain: err = %v", err)
	}
	_, err = f.Get(ctx, s.URL+"/ftp")
	if !errors.Is(err, ErrBadURL) {
		t.Fatalf("redirect to ftp: err = %v", err)
	}
}

// endless writes zeros until the client goes away; with declare set it
// first claims 2 GB.
func endless(declare bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if declare {
			w.Header().Set("Content-Length", "2147483648")
		}
		w.Header().Set("Content-Type", "text/html")
		buf := make([]byte, 32<<10)
		for {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	}
}

func gzipped(data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

func TestBodyLimits(t *testing.T) {
	bomb := gzipped(make([]byte, 16<<20)) // 16 MiB of zeros in about 16 KiB
	page := []byte(strings.Repeat("<p>Banjir merendam ratusan rumah warga di Semarang.</p>\n", 500))
	gzPage := gzipped(page)
	s := newSite(t, map[string]http.HandlerFunc{
		"/huge":       endless(true),
		"/huge-chunk": endless(false),
		"/bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		},
		"/gz": func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Errorf("no Accept-Encoding: gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzPage)
		},
		"/br": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			w.Write([]byte("xx"))
		},
		"/badgz": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzPage[:len(gzPage)/2])
		},
	})
	f := testFetcher(t, Options{MaxBodyBytes: 1 << 20})
	ctx := context.Background()
	for _, path := range []string{"/huge", "/huge-chunk"} {
		_, err := f.Get(ctx, s.URL+path)
		if !errors.Is(err, ErrTooLarge) || !Permanent(err) {
			t.Errorf("%s: err = %v, want ErrTooLarge", path, err)
		}
	}
	_, err := f.Get(ctx, s.URL+"/bomb")
	if !errors.Is(err, ErrBomb) || !strings.Contains(err.Error(), "over 100:1") {
		t.Errorf("gzip bomb: err = %v", err)
	}
	r, err := f.Get(ctx, s.URL+"/gz")
	if err != nil || !bytes.Equal(r.Body, page) || r.WireBytes != int64(len(gzPage)) {
		t.Errorf("gzip page: %v (%d wire bytes)", err, r.WireBytes)
	}
	if _, err := f.Get(ctx, s.URL+"/br"); err == nil || !strings.Contains(err.Error(), `unsupported content encoding "br"`) || !Permanent(err) {
		t.Errorf("brotli: err = %v", err)
	}
	if _, err := f.Get(ctx, s.URL+"/badgz"); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("cut gzip: err = %v", err)
	}
	if _, err := Gunzip(bomb, 1<<30, 100); !errors.Is(err, ErrBomb) {
		t.Errorf("Gunzip(bomb) err = %v", err)
	}
	if out, err := Gunzip(gzPage, 1<<20, 100); err != nil || !bytes.Equal(out, page) {
		t.Errorf("Gunzip(page) = %d bytes, %v", len(out), err)
	}
}

func TestRobotsObeyed(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/berita/a":  func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "a") },
		"/private/b": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "b") },
	})
	s.robots = "User-agent: *\nDisallow: /private/\nSitemap: " + s.URL + "/sitemap.xml\n"
	f := testFetcher(t, Options{})
	ctx := context.Background()
	if _, err := f.Get(ctx, s.URL+"/berita/a"); err != nil {
		t.Fatal(err)
	}
	_, err := f.Get(ctx, s.URL+"/private/b")
	if !errors.Is(err, ErrRobots) || !Permanent(err) || !strings.Contains(err.Error(), "/private/b") {
		t.Fatalf("disallowed: err = %v", err)
	}
	if s.count("/private/b") != 0 || s.count("/robots.txt") != 1 {
		t.Fatalf("hits: private %d, robots %d", s.count("/private/b"), s.count("/robots.txt"))
	}
	r, err := f.Robots(ctx, s.URL+"/whatever")
	if err != nil || len(r.Sitemaps) != 1 {
		t.Fatalf("Robots = %+v, %v", r, err)
	}
}

func TestRobotsUnreachable(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/robots.txt": nil, "/a": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "a") }})
	// A robots.txt the server fails on means "disallow all" for a while.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "a")
	}))
	defer broken.Close()
	f := testFetcher(t, Options{Retries: 1})
	_, err := f.Get(context.Background(), broken.URL+"/a")
	if !errors.Is(err, ErrRobots) || !strings.Contains(err.Error(), "unreachable (HTTP 503") || Permanent(err) {
		t.Fatalf("err = %v", err)
	}
	if _, err := f.Get(context.Background(), s.URL+"/a"); err != nil {
		t.Fatalf("404 robots.txt allows all: %v", err)
	}
}

func TestPoliteness(t *testing.T) {
	var inFlight, most atomic.Int32
	var mu sync.Mutex
	var starts []time.Time
	s := newSite(t, map[string]http.HandlerFunc{"/p": func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		fmt.Fprint(w, "ok")
	}})
	const delay = 30 * time.Millisecond
	f := testFetcher(t, Options{Delay: delay})
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Get(context.Background(), s.URL+"/p"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Fatalf("%d requests at once to one host, want 1", most.Load())
	}
	// Timers never fire early, so each gap is at least the delay.
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < delay {
			t.Fatalf("gap %d = %v, want at least %v", i, gap, delay)
		}
	}
}

func TestCrawlDelay(t *testing.T) {
	var mu sync.Mutex
	var starts []time.Time
	s := newSite(t, map[string]http.HandlerFunc{"/p": func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
	}})
	s.robots = "User-agent: warta\nCrawl-delay: 0.1\n"
	f := testFetcher(t, Options{})
	for range 3 {
		if _, err := f.Get(context.Background(), s.URL+"/p"); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 100*time.Millisecond {
			t.Fatalf("gap %v under the Crawl-delay", gap)
		}
	}
}

func TestPrivateAddressesRefused(t *testing.T) {
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "rahasia")
	}))
	defer target.Close()
	_, port, _ := net.SplitHostPort(target.Listener.Addr().String())
	// A public-looking name that resolves to loopback, as DNS rebinding
	// would arrange.
	resolve := func(ctx context.Context, host string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	f := New(Options{Resolve: resolve, RetryWait: time.Millisecond})
	defer f.Close()
	ctx := context.Background()
	for _, u := range []string{target.URL + "/x", "http://berita.example:" + port + "/x", "http://[::ffff:127.0.0.1]:" + port + "/",
		"http://169.254.169.254/latest/meta-data/", "http://localhost:" + port + "/"} {
		_, err := f.Get(ctx, u)
		if !errors.Is(err, ErrBlocked) || !Permanent(err) {
			t.Errorf("%s: err = %v, want ErrBlocked", u, err)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the private server was reached %d times", hits.Load())
	}
	if st := f.Stats(); st.Blocked == 0 {
		t.Fatalf("Stats.Blocked = 0")
	}
}

func TestRedirectToPrivateRefused(t *testing.T) {
	var hits atomic.Int32
	inner := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "metadata")
	}))
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 here: %v", err)
	}
	inner.Listener = ln
	inner.Start()
	defer inner.Close()
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/by-name":
			_, port, _ := net.SplitHostPort(ln.Addr().String())
			http.Redirect(w, r, "http://internal.example:"+port+"/", http.StatusFound)
		default:
			http.Redirect(w, r, inner.URL+"/", http.StatusFound)
		}
	}))
	defer outer.Close()
	// The outer server (127.0.0.1) is allowed; 127.0.0.2 is not.
	f := New(Options{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Resolve: func(ctx context.Context, host string) ([]netip.Addr, error) {
			return []netip.Addr{netip.MustParseAddr("127.0.0.2")}, nil
		}})
	defer f.Close()
	for _, path := range []string{"/go", "/by-name"} {
		if _, err := f.Get(context.Background(), outer.URL+path); !errors.Is(err, ErrBlocked) {
			t.Errorf("%s: redirect to 127.0.0.2: err = %v, want ErrBlocked", path, err)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the private server was reached")
	}
}

func TestResolveMapsHosts(t *testing.T) {
	var hosts sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hosts.Store(r.Host, true)
		if r.Header.Get("User-Agent") != "uji/1" {
			t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
		}
		fmt.Fprint(w, r.Host)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	f := testFetcher(t, Options{UserAgent: "uji/1", Resolve: func(ctx context.Context, host string) ([]netip.Addr, error) {
		if !strings.HasSuffix(host, ".test") {
			return nil, errors.New("no such host")
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}})
	r, err := f.Get(context.Background(), "http://site07.test:"+port+"/a")
	if err != nil || string(r.Body) != "site07.test:"+port {
		t.Fatalf("%v, %v", r, err)
	}
	if _, err := f.Get(context.Background(), "http://nowhere.invalid:"+port+"/"); err == nil || Permanent(err) {
		t.Fatalf("unknown host: err = %v", err)
	}
}
