package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/warta-news/warta/internal/outbound"
)

// Options configure a Fetcher. New fills zero values with the defaults
// named on each field, except where zero is meaningful (Delay, Retries).
type Options struct {
	// UserAgent is sent with every request (default DefaultUserAgent).
	UserAgent string
	// RobotsAgent is the product token looked for in robots.txt
	// (default "warta").
	RobotsAgent string
	// Delay is the least time between the end of one request to a host and
	// the start of the next; a larger robots.txt Crawl-delay wins. Zero
	// means none, which only tests and benchmarks want.
	Delay time.Duration
	// ConnectTimeout bounds DNS, TCP connect and TLS handshake (default 10s).
	ConnectTimeout time.Duration
	// Timeout bounds one attempt from request to the last byte of the body
	// (default 30s).
	Timeout time.Duration
	// MaxBodyBytes caps a body both as sent and as decoded (default 16 MiB).
	MaxBodyBytes int64
	// MaxRatio caps how far a compressed body may expand (default 100).
	MaxRatio int
	// MaxRedirects bounds a redirect chain (default 5).
	MaxRedirects int
	// Retries is how many times a request is tried again after a 5xx, 429,
	// 408, timeout or broken connection. Zero means no retries.
	Retries int
	// RetryWait is the first backoff (default 1s); it doubles each retry,
	// with jitter, up to MaxRetryWait (default 1m). A Retry-After header
	// longer than MaxRetryWait ends the retries.
	RetryWait, MaxRetryWait time.Duration
	// RobotsTTL is how long a robots.txt is trusted (default 24h, the
	// RFC 9309 maximum). One that could not be fetched because the server
	// failed is retried after RetryWait's cap.
	RobotsTTL time.Duration
	// AllowPrivate lets the fetcher connect to loopback, private,
	// link-local and other non-public addresses. Allow lists ranges that
	// are allowed even when AllowPrivate is off.
	AllowPrivate bool
	Allow        []netip.Prefix
	// Resolve, when set, looks host names up instead of DNS (tests and
	// benchmarks map made-up hosts to a local server with it). Resolved
	// addresses are checked like any other.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
}

// DefaultUserAgent names warta and where to read about it.
const DefaultUserAgent = "warta/1 (+https://github.com/warta-news/warta; news reader)"

// Defaults for Options fields left zero.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultMaxBodyBytes   = 16 << 20
	DefaultMaxRatio       = 100
	DefaultMaxRedirects   = 5
	DefaultRobotsTTL      = 24 * time.Hour
	// robotsMaxBytes is how much of a robots.txt is read; RFC 9309 asks
	// for at least 500 KiB and lets the rest be ignored.
	robotsMaxBytes = 512 << 10
)

// Errors a fetch can wrap besides ErrBadURL, ErrBlocked, ErrTooLarge,
// ErrBomb and *StatusError.
var (
	// ErrRobots: robots.txt disallows the URL (or could not be fetched
	// because the server failed, which RFC 9309 treats the same).
	ErrRobots = errors.New("disallowed by robots.txt")
	// ErrRedirects: the redirect chain was too long or went round.
	ErrRedirects = errors.New("too many redirects")
	// ErrTimeout: an attempt took longer than Timeout or ConnectTimeout.
	ErrTimeout = errors.New("timed out")
)

// StatusError is an HTTP error status from the server.
type StatusError struct {
	Code int
	// RetryAfter is the server's Retry-After, zero when it sent none.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// Request is one GET.
type Request struct {
	URL string
	// ETag and LastModified from an earlier response make the request
	// conditional; an unchanged resource then comes back NotModified.
	ETag, LastModified string
	// Accept overrides the default Accept header.
	Accept string
	// MaxBytes lowers Options.MaxBodyBytes for this request.
	MaxBytes int64
}

// Response is a successful (2xx or 304) answer, its body read and decoded.
type Response struct {
	// URL is where the body came from, after redirects (normalized).
	URL         string
	Status      int
	ContentType string
	// ETag and LastModified are the validators to send next time.
	ETag, LastModified string
	// NotModified is set for 304: Body is empty and the caller's copy holds.
	NotModified bool
	Body        []byte
	// WireBytes is the body's size as sent (compressed, if it was).
	WireBytes int64
	Header    http.Header
}

// MediaType returns the response's media type in lower case, without
// parameters ("" when the server sent none).
func (r *Response) MediaType() string {
	mt, _, err := mime.ParseMediaType(r.ContentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.Split(r.ContentType, ";")[0]))
	}
	return mt
}

// Fetcher is the polite HTTP client. It is safe for concurrent use; one
// Fetcher should serve a whole process so that its per-host limits hold.
type Fetcher struct {
	opt    Options
	guard  *outbound.Guard
	tr     *http.Transport
	client *http.Client
	gate   hostGate
	// now is the clock of the host gate and the robots.txt cache.
	now func() time.Time

	robotsMu sync.Mutex
	robots   map[string]*robotsEntry

	stats struct {
		requests, retries, notModified, errors, robotsDenied, blocked, wire, bytes atomic.Uint64
	}
}

type robotsEntry struct {
	ready   chan struct{}
	r       *Robots
	err     error
	expires time.Time
}

// New returns a Fetcher with opt, zero fields set to their defaults.
func New(opt Options) *Fetcher {
	if opt.UserAgent == "" {
		opt.UserAgent = DefaultUserAgent
	}
	if opt.RobotsAgent == "" {
		opt.RobotsAgent = "warta"
	}
	if opt.ConnectTimeout <= 0 {
		opt.ConnectTimeout = DefaultConnectTimeout
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opt.MaxRatio <= 0 {
		opt.MaxRatio = DefaultMaxRatio
	}
	if opt.MaxRedirects <= 0 {
		opt.MaxRedirects = DefaultMaxRedirects
	}
	if opt.RetryWait <= 0 {
		opt.RetryWait = time.Second
	}
	if opt.MaxRetryWait <= 0 {
		opt.MaxRetryWait = time.Minute
	}
	if opt.RobotsTTL <= 0 {
		opt.RobotsTTL = DefaultRobotsTTL
	}
	opt.Delay = max(opt.Delay, 0)
	opt.Retries = max(opt.Retries, 0)
	f := &Fetcher{opt: opt, now: time.Now, robots: map[string]*robotsEntry{}}
	f.gate.now = func() time.Time { return f.now() }
	f.guard = &outbound.Guard{AllowPrivate: opt.AllowPrivate, Allow: opt.Allow, Resolve: opt.Resolve, ConnectTimeout: opt.ConnectTimeout}
	f.tr = &http.Transport{
		// No proxy from the environment: the address check must see the
		// site's address, not a proxy's.
		Proxy:                  nil,
		DialContext:            f.dial,
		TLSHandshakeTimeout:    opt.ConnectTimeout,
		ResponseHeaderTimeout:  opt.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        90 * time.Second,
		DisableCompression:     true, // we ask for gzip and decode it under limits ourselves
		MaxResponseHeaderBytes: 64 << 10,
		ForceAttemptHTTP2:      true,
	}
	f.client = &http.Client{Transport: f.tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // redirects are followed by Fetch, each hop checked
	}}
	return f
}

// Options returns the options in effect, defaults filled in.
func (f *Fetcher) Options() Options { return f.opt }

// Close drops idle connections.
func (f *Fetcher) Close() { f.tr.CloseIdleConnections() }

// Stats are running totals since the Fetcher was made, named for metrics.
type Stats struct {
	Requests     uint64 `json:"requests_total"`
	Retries      uint64 `json:"retries_total"`
	NotModified  uint64 `json:"not_modified_total"`
	Errors       uint64 `json:"errors_total"`
	RobotsDenied uint64 `json:"robots_denied_total"`
	Blocked      uint64 `json:"blocked_total"`
	WireBytes    uint64 `json:"wire_bytes_total"`
	Bytes        uint64 `json:"bytes_total"`
	// Hosts is how many hosts have a request running, waiting or within
	// their delay.
	Hosts int `json:"hosts_active"`
}

// Stats returns the running totals.
func (f *Fetcher) Stats() Stats {
	s := &f.stats
	return Stats{Requests: s.requests.Load(), Retries: s.retries.Load(), NotModified: s.notModified.Load(),
		Errors: s.errors.Load(), RobotsDenied: s.robotsDenied.Load(), Blocked: s.blocked.Load(),
		WireBytes: s.wire.Load(), Bytes: s.bytes.Load(), Hosts: f.gate.size()}
}

// Get fetches one URL without validators.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Response, error) {
	return f.Fetch(ctx, Request{URL: rawURL})
}

// Fetch GETs req.URL: robots.txt is consulted, the host's turn awaited,
// redirects followed (each hop checked like the first), failures retried.
// Errors wrap ErrBadURL, ErrRobots, ErrBlocked, ErrRedirects, ErrTimeout,
// ErrTooLarge, ErrBomb or *StatusError, or are network errors; all say
// which URL they are about.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	resp, err := f.fetch(ctx, req, true)
	if err != nil {
		f.stats.errors.Add(1)
		if errors.Is(err, ErrBlocked) {
			f.stats.blocked.Add(1)
		}
		if errors.Is(err, ErrRobots) {
			f.stats.robotsDenied.Add(1)
		}
	}
	return resp, err
}

func (f *Fetcher) fetch(ctx context.Context, req Request, robots bool) (*Response, error) {
	u, err := Normalize(req.URL)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for hops := 0; ; hops++ {
		if err := f.checkHost(u); err != nil {
			return nil, fmt.Errorf("get %s: %w", u, err)
		}
		if robots {
			if err := f.allowed(ctx, u); err != nil {
				return nil, fmt.Errorf("get %s: %w", u, err)
			}
		}
		seen[u.String()] = true
		resp, loc, err := f.retrying(ctx, u, req)
		if err != nil {
			return nil, fmt.Errorf("get %s: %w", u, err)
		}
		if loc == "" {
			resp.URL = u.String()
			return resp, nil
		}
		next, err := u.Parse(loc)
		if err == nil {
			next, err = Normalize(next.String())
		}
		if err != nil {
			return nil, fmt.Errorf("get %s: redirect to %q: %w", u, loc, err)
		}
		if seen[next.String()] {
			return nil, fmt.Errorf("get %s: %w: redirect loop back to %s", u, ErrRedirects, next)
		}
		if hops+1 > f.opt.MaxRedirects {
			return nil, fmt.Errorf("get %s: %w: more than %d", req.URL, ErrRedirects, f.opt.MaxRedirects)
		}
		u = next
	}
}

// checkHost refuses an IP-literal host before any connection is tried,
// for a clear error; names are checked when they are dialed.
func (f *Fetcher) checkHost(u *url.URL) error {
	if a, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil {
		return f.checkAddr(a)
	}
	return nil
}

// retrying runs attempts until one succeeds, fails for good, or the
// retries are spent. It returns a redirect's Location instead of a
// response when the server redirects.
func (f *Fetcher) retrying(ctx context.Context, u *url.URL, req Request) (*Response, string, error) {
	for attempt := 0; ; attempt++ {
		release, err := f.gate.acquire(ctx, u.Host)
		if err != nil {
			return nil, "", err
		}
		resp, loc, err := f.once(ctx, u, req)
		release(f.delayFor(u))
		if err == nil {
			return resp, loc, nil
		}
		if attempt >= f.opt.Retries || !retryable(err) || ctx.Err() != nil {
			if attempt > 0 {
				err = fmt.Errorf("%w (%d attempts)", err, attempt+1)
			}
			return nil, "", err
		}
		wait := f.backoff(attempt)
		var se *StatusError
		if errors.As(err, &se) && se.RetryAfter > 0 {
			if se.RetryAfter > f.opt.MaxRetryWait {
				return nil, "", fmt.Errorf("%w (server asks to retry after %s)", err, se.RetryAfter)
			}
			wait = max(wait, se.RetryAfter)
		}
		f.stats.retries.Add(1)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, "", ctx.Err()
		}
	}
}

// backoff is RetryWait doubled per attempt, capped, with "equal jitter":
// between half and all of it, so that many clients do not retry in step.
func (f *Fetcher) backoff(attempt int) time.Duration {
	d := f.opt.RetryWait << min(attempt, 20)
	if d <= 0 || d > f.opt.MaxRetryWait {
		d = f.opt.MaxRetryWait
	}
	return d/2 + rand.N(d/2+1)
}

// delayFor is the wait before the next request to u's host: the
// configured delay or the site's Crawl-delay, whichever is longer.
func (f *Fetcher) delayFor(u *url.URL) time.Duration {
	d := f.opt.Delay
	f.robotsMu.Lock()
	e := f.robots[u.Scheme+"://"+u.Host]
	f.robotsMu.Unlock()
	if e != nil {
		select {
		case <-e.ready:
			if e.r != nil {
				d = max(d, e.r.CrawlDelay)
			}
		default:
		}
	}
	return d
}

// retryable says whether trying again soon might help.
func retryable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 500 || se.Code == http.StatusTooManyRequests || se.Code == http.StatusRequestTimeout
	}
	if errors.Is(err, ErrTimeout) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return de.IsTemporary || de.IsTimeout
	}
	return false
}

// Permanent reports whether a failed fetch would fail the same way if
// tried again later: the URL is bad or refused (robots.txt, address), the
// body is too large or not acceptable, or the server says 4xx (other than
// 408 and 429). Timeouts, 5xx and network trouble are not permanent.
func Permanent(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 400 && se.Code < 500 && se.Code != http.StatusTooManyRequests && se.Code != http.StatusRequestTimeout
	}
	for _, e := range []error{ErrBadURL, ErrBlocked, ErrTooLarge, ErrBomb, ErrRedirects} {
		if errors.Is(err, e) {
			return true
		}
	}
	// Robots: a disallow is permanent, an unreachable robots.txt is not.
	var re *robotsError
	if errors.As(err, &re) {
		return !re.unreachable
	}
	return strings.Contains(err.Error(), "unsupported content encoding")
}

// once is one attempt: one request, its body read within Timeout.
func (f *Fetcher) once(parent context.Context, u *url.URL, req Request) (*Response, string, error) {
	ctx, cancel := context.WithTimeout(parent, f.opt.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	accept := req.Accept
	if accept == "" {
		accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	}
	hr.Header.Set("User-Agent", f.opt.UserAgent)
	hr.Header.Set("Accept", accept)
	hr.Header.Set("Accept-Encoding", "gzip")
	hr.Header.Set("Accept-Language", "id,en;q=0.8")
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	res, err := f.client.Do(hr)
	if err != nil {
		return nil, "", f.netErr(parent, ctx, err)
	}
	defer res.Body.Close()
	f.stats.requests.Add(1)
	switch {
	case res.StatusCode == http.StatusNotModified:
		f.stats.notModified.Add(1)
		return &Response{Status: res.StatusCode, NotModified: true, ETag: orDefault(res.Header.Get("ETag"), req.ETag),
			LastModified: orDefault(res.Header.Get("Last-Modified"), req.LastModified), Header: res.Header}, "", nil
	case res.StatusCode >= 300 && res.StatusCode < 400:
		loc := res.Header.Get("Location")
		if loc == "" {
			return nil, "", &StatusError{Code: res.StatusCode}
		}
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		return nil, loc, nil
	case res.StatusCode < 200 || res.StatusCode >= 300:
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
		return nil, "", &StatusError{Code: res.StatusCode, RetryAfter: retryAfter(res.Header.Get("Retry-After"), f.now())}
	}
	limit := f.opt.MaxBodyBytes
	if req.MaxBytes > 0 {
		limit = min(limit, req.MaxBytes)
	}
	if res.ContentLength > limit {
		return nil, "", fmt.Errorf("%w: %d bytes declared (limit %d); not read", ErrTooLarge, res.ContentLength, limit)
	}
	enc := strings.ToLower(strings.TrimSpace(res.Header.Get("Content-Encoding")))
	body, wire, err := decodeBody(res.Body, enc, res.ContentLength, limit, f.opt.MaxRatio)
	f.stats.wire.Add(uint64(wire))
	if err != nil {
		if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrBomb) {
			err = f.netErr(parent, ctx, err)
		}
		return nil, "", fmt.Errorf("read body: %w", err)
	}
	f.stats.bytes.Add(uint64(len(body)))
	return &Response{Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), ETag: res.Header.Get("ETag"),
		LastModified: res.Header.Get("Last-Modified"), Body: body, WireBytes: wire, Header: res.Header}, "", nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// netErr turns transport errors into ones that say what happened: the
// attempt's deadline becomes ErrTimeout, the URL the http package repeats
// is dropped (the caller adds it once).
func (f *Fetcher) netErr(parent, attempt context.Context, err error) error {
	if parent.Err() != nil {
		return parent.Err()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, ErrBlocked) {
		return err
	}
	if attempt.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: no complete answer within %s", ErrTimeout, f.opt.Timeout)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%w: %v", ErrTimeout, err)
	}
	return err
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// robotsError is a refusal because of robots.txt.
type robotsError struct {
	path        string
	unreachable bool
	why         string
}

func (e *robotsError) Error() string {
	if e.unreachable {
		return fmt.Sprintf("%v: robots.txt unreachable (%s), which RFC 9309 says to treat as disallowing all", ErrRobots, e.why)
	}
	return fmt.Sprintf("%v: %s", ErrRobots, e.path)
}

func (e *robotsError) Unwrap() error { return ErrRobots }

// allowed checks u against its host's robots.txt.
func (f *Fetcher) allowed(ctx context.Context, u *url.URL) error {
	r, err := f.Robots(ctx, u.String())
	if err != nil {
		return err
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if r.Allowed(path) {
		return nil
	}
	return &robotsError{path: path, unreachable: r.DisallowAll, why: r.why}
}

// Robots returns the robots.txt rules for the host of rawURL, fetching
// them (once, however many callers ask at the same time) when not cached.
// A missing robots.txt (4xx) allows everything; one the server fails to
// serve (5xx, timeout) disallows everything until it is tried again.
// Errors are those of connecting at all (refused address, bad URL).
func (f *Fetcher) Robots(ctx context.Context, rawURL string) (*Robots, error) {
	u, err := Normalize(rawURL)
	if err != nil {
		return nil, err
	}
	key := u.Scheme + "://" + u.Host
	f.robotsMu.Lock()
	e := f.robots[key]
	if e != nil {
		select {
		case <-e.ready:
			if !f.now().Before(e.expires) {
				e = nil
			}
		default:
		}
	}
	if e == nil {
		if len(f.robots) >= 1024 {
			now := f.now()
			for k, old := range f.robots {
				select {
				case <-old.ready:
					if !now.Before(old.expires) {
						delete(f.robots, k)
					}
				default:
				}
			}
		}
		e = &robotsEntry{ready: make(chan struct{})}
		f.robots[key] = e
		f.robotsMu.Unlock()
		e.r, e.expires, e.err = f.loadRobots(ctx, key+"/robots.txt")
		if e.err != nil && ctx.Err() != nil {
			e.expires = time.Time{} // the caller gave up; let the next one try
		}
		close(e.ready)
	} else {
		f.robotsMu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return e.r, e.err
}

// loadRobots fetches and parses one robots.txt, deciding how long the
// answer holds.
func (f *Fetcher) loadRobots(ctx context.Context, robotsURL string) (*Robots, time.Time, error) {
	now := f.now()
	resp, err := f.fetch(ctx, Request{URL: robotsURL, Accept: "text/plain,*/*;q=0.5", MaxBytes: robotsMaxBytes}, false)
	var se *StatusError
	switch {
	case err == nil:
		return ParseRobots(resp.Body, f.opt.RobotsAgent), now.Add(f.opt.RobotsTTL), nil
	case errors.Is(err, ErrTooLarge):
		// Larger than anyone needs: rather than ignore it, read the part
		// the RFC asks crawlers to read.
		r, err2 := f.fetchHead(ctx, robotsURL, robotsMaxBytes)
		if err2 != nil {
			return nil, now, err2
		}
		return ParseRobots(r, f.opt.RobotsAgent), now.Add(f.opt.RobotsTTL), nil
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500, errors.Is(err, ErrRedirects):
		// Missing, or more than five redirects: "unavailable", which
		// RFC 9309 lets a crawler read as no rules at all.
		return &Robots{}, now.Add(f.opt.RobotsTTL), nil
	case errors.Is(err, ErrBlocked), errors.Is(err, ErrBadURL), errors.Is(err, context.Canceled):
		return nil, now, err
	}
	why := err.Error()
	if se != nil {
		why = se.Error()
	} else if i := strings.Index(why, "robots.txt: "); i >= 0 {
		why = why[i+len("robots.txt: "):]
	}
	return &Robots{DisallowAll: true, why: why}, now.Add(f.opt.MaxRetryWait), nil
}

// fetchHead returns the first max bytes of a body that is too large to
// read whole.
func (f *Fetcher) fetchHead(ctx context.Context, rawURL string, max int64) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, f.opt.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	hr.Header.Set("User-Agent", f.opt.UserAgent)
	release, err := f.gate.acquire(ctx, hr.URL.Host)
	if err != nil {
		return nil, err
	}
	defer release(f.opt.Delay)
	res, err := f.client.Do(hr)
	if err != nil {
		return nil, f.netErr(ctx, ctx, err)
	}
	defer res.Body.Close()
	f.stats.requests.Add(1)
	return io.ReadAll(io.LimitReader(res.Body, max))
}
