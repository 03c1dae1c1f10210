package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/ingest/fetch"
	"github.com/warta-news/warta/internal/store/sqlite"
)

func newSourcesHandler(t *testing.T, token string) *api.Handler {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := fetch.New(fetch.Options{AllowPrivate: true})
	t.Cleanup(f.Close)
	cr := crawl.New(f, db, crawl.Options{})
	cr.Sink = func(context.Context, []*warta.Document, []warta.Problem) (int, error) { return 0, nil }
	return &api.Handler{Store: db, Crawler: cr, Token: token}
}

func call(t *testing.T, h http.Handler, method, url, token, body string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %s: body is not JSON: %s", method, url, rec.Body)
		}
	}
	return rec, out
}

// TestSourcesNeedToken: the sources API goes through the same token check
// as the write routes: off (403) without a token, 401 for a wrong one, and
// the scheme matched without case.
func TestSourcesNeedToken(t *testing.T) {
	off := newSourcesHandler(t, "").Routes()
	rec, body := call(t, off, "GET", "/api/v1/sources", "anything", "")
	if rec.Code != 403 || !strings.Contains(body["detail"].(string), "WARTA_TOKEN") ||
		rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("no token configured: %d %v", rec.Code, body)
	}
	h := newSourcesHandler(t, "rahasia").Routes()
	for _, tok := range []string{"", "salah", "rahasia2"} {
		rec, _ := call(t, h, "POST", "/api/v1/sources", tok, `{"url": "https://contoh.id/rss", "kind": "feed"}`)
		if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("token %q: %d", tok, rec.Code)
		}
	}
	req := httptest.NewRequest("GET", "/api/v1/sources", nil)
	req.Header.Set("Authorization", "Basic cmFoYXNpYQ==")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 401 {
		t.Errorf("basic auth: %d", rec.Code)
	}
	req = httptest.NewRequest("GET", "/api/v1/sources", nil)
	req.Header.Set("Authorization", "bearer rahasia")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("lowercase bearer scheme: %d, want 200 as on the write routes", rec.Code)
	}
}

func TestSourcesAPI(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/rss" {
			fmt.Fprint(w, `<rss><channel><title>Contoh</title></channel></rss>`)
			return
		}
		http.NotFound(w, r)
	}))
	defer site.Close()
	h := newSourcesHandler(t, "rahasia").Routes()
	rec, body := call(t, h, "POST", "/api/v1/sources", "rahasia", `{"url": "`+site.URL+`/rss", "every": "15m", "outlet": "Contoh.id"}`)
	if rec.Code != 201 {
		t.Fatalf("add: %d %v", rec.Code, body)
	}
	src := body["sources"].([]any)[0].(map[string]any)
	if src["kind"] != "feed" || src["every"] != "15m0s" || src["outlet"] != "Contoh.id" || src["state"] != "new" {
		t.Fatalf("added %v", src)
	}
	id := int(src["id"].(float64))
	rec, body = call(t, h, "POST", "/api/v1/sources", "rahasia", `{"url": "`+site.URL+`/rss", "kind": "feed"}`)
	if rec.Code != 409 {
		t.Fatalf("add twice: %d %v", rec.Code, body)
	}
	for _, bad := range []string{`{"url": "ftp://x"}`, `{"url": "https://contoh.id/", "every": "sebentar"}`, `not json`,
		`{"url": "https://contoh.id/", "colour": "red"}`, `{"url": "https://contoh.id/", "every": "1s", "kind": "feed"}`} {
		if rec, body := call(t, h, "POST", "/api/v1/sources", "rahasia", bad); rec.Code != 400 {
			t.Errorf("add %s: %d %v", bad, rec.Code, body)
		}
	}
	rec, body = call(t, h, "GET", "/api/v1/sources", "rahasia", "")
	if rec.Code != 200 || len(body["sources"].([]any)) != 1 || body["metrics"].(map[string]any)["sources"] != 1.0 {
		t.Fatalf("list: %d %v", rec.Code, body)
	}
	if _, ok := body["metrics"].(map[string]any)["fetch"].(map[string]any)["requests_total"]; !ok {
		t.Fatalf("metrics lack fetch totals: %v", body["metrics"])
	}
	rec, _ = call(t, h, "DELETE", fmt.Sprintf("/api/v1/sources/%d", id), "rahasia", "")
	if rec.Code != 204 {
		t.Fatalf("delete: %d", rec.Code)
	}
	rec, body = call(t, h, "DELETE", fmt.Sprintf("/api/v1/sources/%d", id), "rahasia", "")
	if rec.Code != 404 || body["code"] != "not_found" {
		t.Fatalf("delete again: %d %v", rec.Code, body)
	}
	if rec, _ := call(t, h, "DELETE", "/api/v1/sources/abc", "rahasia", ""); rec.Code != 400 {
		t.Fatalf("delete abc: %d", rec.Code)
	}
}

func TestSourcesStateAfterPoll(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "rusak", http.StatusInternalServerError)
	}))
	defer site.Close()
	hd := newSourcesHandler(t, "rahasia")
	added, _, err := hd.Crawler.Add(context.Background(), crawl.AddOptions{URL: site.URL + "/rss", Kind: warta.SourceFeed, Every: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	hd.Crawler.Poll(context.Background(), added[0])
	_, body := call(t, hd.Routes(), "GET", "/api/v1/sources", "rahasia", "")
	src := body["sources"].([]any)[0].(map[string]any)
	if src["state"] != "failing" || src["failures"] != 1.0 || !strings.Contains(src["last_result"].(string), "HTTP 500") || src["next_at"] == nil {
		t.Fatalf("source %v", src)
	}
	if m := body["metrics"].(map[string]any); m["sources_failing"] != 1.0 || m["poll_errors_total"] != 1.0 {
		t.Fatalf("metrics %v", m)
	}
}

// TestSourcesMatchOpenAPI validates the token-guarded sources routes,
// which TestOpenAPIResponses leaves out, against their documented schemas.
func TestSourcesMatchOpenAPI(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<rss><channel><title>Contoh</title></channel></rss>`)
	}))
	defer site.Close()
	doc := loadDoc(t)
	ops := operations(doc)
	h := newSourcesHandler(t, "rahasia").Routes()
	rec, body := call(t, h, "POST", "/api/v1/sources", "rahasia", `{"url": "`+site.URL+`/rss", "kind": "feed", "every": "10m"}`)
	if rec.Code != 201 {
		t.Fatalf("add: %d %v", rec.Code, body)
	}
	checkResponse(t, doc, ops["POST /api/v1/sources"], rec, "")
	rec, _ = call(t, h, "GET", "/api/v1/sources", "rahasia", "")
	if rec.Code != 200 {
		t.Fatalf("list: %d", rec.Code)
	}
	checkResponse(t, doc, ops["GET /api/v1/sources"], rec, "")
	id := body["sources"].([]any)[0].(map[string]any)["id"]
	rec, _ = call(t, h, "DELETE", fmt.Sprintf("/api/v1/sources/%v", id), "rahasia", "")
	if rec.Code != 204 {
		t.Fatalf("remove: %d", rec.Code)
	}
	rec, _ = call(t, h, "DELETE", fmt.Sprintf("/api/v1/sources/%v", id), "rahasia", "")
	if rec.Code != 404 {
		t.Fatalf("remove again: %d", rec.Code)
	}
	checkResponse(t, doc, ops["DELETE /api/v1/sources/{id}"], rec, "")
}
