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

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/ingest/fetch"
	"github.com/warta-news/warta/internal/store/sqlite"
)

func sourcesHandler(t *testing.T, token string) *api.Handler {
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

func do(t *testing.T, h http.Handler, method, url, token, body string) (*httptest.ResponseRecorder, map[string]any) {
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

// TestSourcesMatchOpenAPI validates the token-guarded sources routes,
// which TestOpenAPIResponses leaves out, against their documented schemas.
func TestSourcesMatchOpenAPI(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<rss><channel><title>Contoh</title></channel></rss>`)
	}))
	defer site.Close()
	doc := loadDoc(t)
	ops := operations(doc)
	h := sourcesHandler(t, "rahasia").Routes()
	rec, body := do(t, h, "POST", "/api/v1/sources", "rahasia", `{"url": "`+site.URL+`/rss", "kind": "feed", "every": "10m"}`)
	if rec.Code != 201 {
		t.Fatalf("add: %d %v", rec.Code, body)
	}
	checkResponse(t, doc, ops["POST /api/v1/sources"], rec, "")
	rec, _ = do(t, h, "GET", "/api/v1/sources", "rahasia", "")
	if rec.Code != 200 {
		t.Fatalf("list: %d", rec.Code)
	}
	checkResponse(t, doc, ops["GET /api/v1/sources"], rec, "")
	id := body["sources"].([]any)[0].(map[string]any)["id"]
	rec, _ = do(t, h, "DELETE", fmt.Sprintf("/api/v1/sources/%v", id), "rahasia", "")
	if rec.Code != 204 {
		t.Fatalf("remove: %d", rec.Code)
	}
	rec, _ = do(t, h, "DELETE", fmt.Sprintf("/api/v1/sources/%v", id), "rahasia", "")
	if rec.Code != 404 {
		t.Fatalf("remove again: %d", rec.Code)
	}
	checkResponse(t, doc, ops["DELETE /api/v1/sources/{id}"], rec, "")
}
