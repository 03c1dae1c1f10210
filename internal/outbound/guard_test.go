package outbound

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// post sends a small JSON body and returns the status or the error.
func post(c *http.Client, url string) (int, error) {
	resp, err := c.Post(url, "application/json", strings.NewReader(`{"x":1}`))
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestPostClientRefusesPrivate: the zero guard connects to no loopback
// address, whether named by IP literal, by "localhost" or by a name that
// resolves there; every refusal is ErrBlocked and no request arrives.
func TestPostClientRefusesPrivate(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	port := srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]
	g := &Guard{Resolve: func(ctx context.Context, host string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil // a public-looking name rebinding to loopback
	}}
	c := g.PostClient(5 * time.Second)
	for _, u := range []string{srv.URL, "http://localhost:" + port, "http://[::1]:" + port, "http://hooks.example:" + port,
		"http://0.0.0.0:" + port, "http://169.254.169.254/latest"} {
		if _, err := post(c, u); !errors.Is(err, ErrBlocked) {
			t.Errorf("POST %s: %v, want ErrBlocked", u, err)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("%d posts reached the loopback server", hits.Load())
	}
	allowed := (&Guard{AllowPrivate: true}).PostClient(5 * time.Second)
	if st, err := post(allowed, srv.URL); err != nil || st != 200 {
		t.Fatalf("with the operator's allowance: %d %v", st, err)
	}
}

// TestPostClientRedirects: a POST follows a redirect on the same host and
// port only: a 307 to another port would re-post the body there.
func TestPostClientRedirects(t *testing.T) {
	var other atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer elsewhere.Close()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, elsewhere.URL+"/hook", http.StatusTemporaryRedirect)
		case "/moved":
			http.Redirect(w, r, srv.URL+"/hook", http.StatusPermanentRedirect)
		case "/hook":
			w.WriteHeader(204)
		}
	}))
	defer srv.Close()
	c := (&Guard{AllowPrivate: true}).PostClient(5 * time.Second)
	if _, err := post(c, srv.URL+"/away"); !errors.Is(err, ErrRedirect) {
		t.Errorf("307 to another port: %v, want ErrRedirect", err)
	}
	if other.Load() != 0 {
		t.Errorf("the body was re-posted to another port")
	}
	if st, err := post(c, srv.URL+"/moved"); err != nil || st != 204 {
		t.Errorf("308 on the same host: %d %v, want 204", st, err)
	}
}
