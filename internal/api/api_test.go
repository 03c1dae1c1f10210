package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/sqlite"
)

func newTestHandler(t *testing.T) (*Handler, []string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &search.Searcher{}
	db.Index = s.IndexText
	wib := time.FixedZone("WIB", 7*3600)
	var ids []string
	for i, x := range []struct{ outlet, title, body string }{
		{"Suara.com", "Retno bertemu Lavrov", "Menteri luar negeri bertemu di Jakarta."},
		{"Kompas.com", "Banjir Semarang", "Banjir <script>alert(1)</script> merendam rumah."},
		{"Kompas.com", "Banjir Demak", "Banjir lagi di Demak."},
	} {
		raw := []byte(x.body)
		if i == 2 {
			raw = []byte{0xff, 0xfe, 'x'}
		}
		d := &warta.Document{ID: warta.ContentID(raw), Source: "t.txt", Format: warta.FormatText, Raw: raw}
		if _, err := db.PutDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2021, 7, 6+i, 10, 0, 0, 0, wib)
		a := &warta.Article{ID: d.ID, Outlet: x.outlet, Title: x.title, Paragraphs: []string{x.body},
			PublishedAt: at, Published: at.Format(time.RFC3339), Language: "id"}
		if i == 0 {
			who := "Retno Marsudi"
			a.Quotes = []warta.Quote{{Text: "Diskusi kami terbuka dan produktif", Speaker: &who, Direct: true}, {Text: "Tanpa pembicara", Direct: true}}
		}
		if err := db.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	return &Handler{Store: db, Searcher: s}, ids
}

func get(t *testing.T, h http.Handler, url string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("GET %s: body is not JSON: %q", url, rec.Body.String())
	}
	return rec, body
}

func TestListArticles(t *testing.T) {
	h, _ := newTestHandler(t)
	mux := h.Routes()
	tests := []struct {
		name      string
		url       string
		wantTotal float64
		wantHits  int
	}{
		{"all newest first", "/api/v1/articles", 3, 3},
		{"query", "/api/v1/articles?q=banjir", 2, 2},
		{"outlet filter", "/api/v1/articles?q=banjir&outlet=kompas.com", 2, 2},
		{"outlet in query", "/api/v1/articles?q=outlet:Suara.com", 1, 1},
		{"date range", "/api/v1/articles?from=2021-07-07&to=2021-07-07", 1, 1},
		{"limit pages", "/api/v1/articles?limit=1", 3, 1},
		{"no match", "/api/v1/articles?q=gempa", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, body := get(t, mux, tc.url)
			if rec.Code != 200 {
				t.Fatalf("status %d: %v", rec.Code, body)
			}
			hits := body["hits"].([]any)
			if body["total"].(float64) != tc.wantTotal || len(hits) != tc.wantHits {
				t.Fatalf("total %v hits %d, want %v %d", body["total"], len(hits), tc.wantTotal, tc.wantHits)
			}
		})
	}
}

func TestCursorPaging(t *testing.T) {
	h, _ := newTestHandler(t)
	mux := h.Routes()
	seen := map[string]bool{}
	url := "/api/v1/articles?limit=2"
	for range 3 {
		_, body := get(t, mux, url)
		for _, hit := range body["hits"].([]any) {
			seen[hit.(map[string]any)["id"].(string)] = true
		}
		next, _ := body["next_cursor"].(string)
		if next == "" {
			break
		}
		url = "/api/v1/articles?limit=2&cursor=" + next
	}
	if len(seen) != 3 {
		t.Fatalf("paging saw %d distinct articles, want 3", len(seen))
	}
}

func TestSnippetIsEscaped(t *testing.T) {
	h, _ := newTestHandler(t)
	rec, _ := get(t, h.Routes(), "/api/v1/articles?q=semarang")
	if strings.Contains(rec.Body.String(), "<script>") {
		t.Fatalf("raw markup in snippet: %s", rec.Body.String())
	}
}

func TestErrorsAreProblemDetails(t *testing.T) {
	h, _ := newTestHandler(t)
	mux := h.Routes()
	for _, tc := range []struct {
		url    string
		status int
	}{
		{"/api/v1/articles/nope", 404},
		{"/api/v1/articles?limit=0", 400},
		{"/api/v1/articles?cursor=!!", 400},
		{"/api/v1/articles?from=kemarin", 400},
		{"/api/v1/nothing", 404},
	} {
		rec, body := get(t, mux, tc.url)
		if rec.Code != tc.status || body["status"].(float64) != float64(tc.status) || body["title"] == "" {
			t.Errorf("GET %s: %d %v, want %d problem details", tc.url, rec.Code, body, tc.status)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("GET %s: Content-Type %q", tc.url, ct)
		}
	}
	// Exclusions only are a query like any other (issue 15.7): the
	// articles without the word.
	if rec, body := get(t, mux, "/api/v1/articles?q=-banjir"); rec.Code != 200 || body["total"] == nil {
		t.Errorf("GET ?q=-banjir: %d %v, want the articles without banjir", rec.Code, body)
	}
}

func TestGetArticleWithRaw(t *testing.T) {
	h, ids := newTestHandler(t)
	mux := h.Routes()
	_, body := get(t, mux, "/api/v1/articles/"+ids[0])
	if body["title"] != "Retno bertemu Lavrov" || body["raw"] != nil {
		t.Fatalf("article = %v", body)
	}
	_, body = get(t, mux, "/api/v1/articles/"+ids[0]+"?raw=1")
	raw := body["raw"].(map[string]any)
	if raw["text"] != "Menteri luar negeri bertemu di Jakarta." {
		t.Fatalf("raw = %v", raw)
	}
	_, body = get(t, mux, "/api/v1/articles/"+ids[2]+"?raw=1")
	raw = body["raw"].(map[string]any)
	if raw["base64"] != "//54" {
		t.Fatalf("non-UTF-8 raw must come back as base64, got %v", raw)
	}
}

func TestStatsAndProblems(t *testing.T) {
	h, _ := newTestHandler(t)
	h.Store.AddProblems(context.Background(), []warta.Problem{{Source: "x.jsonl", Line: 2, Msg: "not json"}})
	mux := h.Routes()
	_, body := get(t, mux, "/api/v1/stats")
	if body["articles"].(float64) != 3 || body["problems"].(float64) != 1 {
		t.Fatalf("stats = %v", body)
	}
	_, body = get(t, mux, "/api/v1/problems")
	if len(body["problems"].([]any)) != 1 {
		t.Fatalf("problems = %v", body)
	}
}

func TestQuotes(t *testing.T) {
	h, _ := newTestHandler(t)
	mux := h.Routes()
	for _, tc := range []struct {
		url  string
		want int
	}{
		{"/api/v1/quotes?speaker=retno", 1},
		{"/api/v1/quotes?speaker=Retno&q=lavrov", 1},
		{"/api/v1/quotes?speaker=jokowi", 0},
		{"/api/v1/quotes?q=bertemu", 2},
	} {
		rec, body := get(t, mux, tc.url)
		if rec.Code != 200 || len(body["quotes"].([]any)) != tc.want {
			t.Errorf("GET %s: %d %v, want %d quotes", tc.url, rec.Code, body, tc.want)
		}
	}
}

func TestEntities(t *testing.T) {
	h, ids := newTestHandler(t)
	ctx := context.Background()
	a, _ := h.Store.Article(ctx, ids[0])
	a.Entities = []warta.Entity{
		{ID: "per:retno-marsudi", Name: "Retno Marsudi", Type: "person", Role: "Menteri Luar Negeri", Affiliation: "Indonesia", Mentions: []warta.Mention{{Text: "Retno"}}},
		{ID: "per:sergey-lavrov", Name: "Sergey Lavrov", Type: "person", Mentions: []warta.Mention{{Text: "Lavrov"}}},
	}
	if err := h.Store.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	mux := h.Routes()
	rec, body := get(t, mux, "/api/v1/entities?q=retno")
	es := body["entities"].([]any)
	if rec.Code != 200 || len(es) != 1 || es[0].(map[string]any)["name"] != "Retno Marsudi" {
		t.Fatalf("entities?q=retno: %d %v", rec.Code, body)
	}
	rec, body = get(t, mux, "/api/v1/entities/per:retno-marsudi")
	if rec.Code != 200 || body["roles"].([]any)[0] != "Menteri Luar Negeri Indonesia (2021)" || body["with"].([]any)[0].(map[string]any)["name"] != "Sergey Lavrov" {
		t.Fatalf("entity: %d %v", rec.Code, body)
	}
	if rec, _ := get(t, mux, "/api/v1/entities/per:nobody"); rec.Code != 404 {
		t.Fatalf("unknown entity: %d", rec.Code)
	}
	if rec, _ := get(t, mux, "/api/v1/entities"); rec.Code != 400 {
		t.Fatalf("no query: %d", rec.Code)
	}
}
