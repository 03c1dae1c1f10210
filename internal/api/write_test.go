package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/metrics"
)

func do(t *testing.T, h http.Handler, method, url, token, ctype, body string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var v map[string]any
	json.Unmarshal(rec.Body.Bytes(), &v)
	return rec, v
}

// TestWritesNeedToken sends every write route a request without a token,
// with a wrong one, and to a server with writes disabled.
func TestWritesNeedToken(t *testing.T) {
	h, _ := newTestHandler(t)
	h.Token = "s3cret"
	mux := h.Routes()
	off := &Handler{Store: h.Store, Searcher: h.Searcher}
	offMux := off.Routes()
	writes := 0
	for _, p := range h.Patterns() {
		method, path, _ := strings.Cut(p, " ")
		if method == "GET" {
			continue
		}
		writes++
		url := strings.Replace(path, "{id}", "1", 1)
		rec, body := do(t, mux, method, url, "", "", "")
		if rec.Code != 401 || body["code"] != "unauthorized" || !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s without token: %d %v", p, rec.Code, body)
		}
		rec, _ = do(t, mux, method, url, "s3cre", "", "")
		if rec.Code != 401 {
			t.Errorf("%s with a wrong token: %d", p, rec.Code)
		}
		rec, body = do(t, offMux, method, url, "s3cret", "", "")
		if rec.Code != 403 || !strings.Contains(body["detail"].(string), "WARTA_TOKEN") || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s with writes disabled: %d %v", p, rec.Code, body)
		}
	}
	if writes < 5 {
		t.Fatalf("only %d write routes", writes)
	}
}

func TestDeleteArticle(t *testing.T) {
	h, ids := newTestHandler(t)
	h.Token = "s3cret"
	mux := h.Routes()
	if rec, body := do(t, mux, "DELETE", "/api/v1/articles/"+ids[0], "s3cret", "", ""); rec.Code != 204 {
		t.Fatalf("delete: %d %v", rec.Code, body)
	}
	if rec, _ := get(t, mux, "/api/v1/articles/"+ids[0]); rec.Code != 404 {
		t.Fatalf("deleted article: %d", rec.Code)
	}
	if rec, _ := do(t, mux, "DELETE", "/api/v1/articles/"+ids[0], "s3cret", "", ""); rec.Code != 404 {
		t.Fatalf("delete twice: %d", rec.Code)
	}
}

func TestIngestEndpoint(t *testing.T) {
	h, _ := newTestHandler(t)
	h.Token = "t"
	var got IngestRequest
	var body string
	h.Ingest = func(ctx context.Context, in IngestRequest) (*IngestResult, error) {
		got = in
		b, err := io.ReadAll(in.Body)
		body = string(b)
		if err != nil {
			// As the readers do: a read error is a problem, not a failure.
			return &IngestResult{Problems: []warta.Problem{{Source: in.Source, Msg: err.Error()}}}, nil
		}
		return &IngestResult{Read: 1, New: 1, Articles: []IngestedItem{{ID: "x"}}}, nil
	}
	h.MaxIngestBytes = 16
	mux := h.Routes()
	for _, tc := range []struct {
		name, url, ctype, body string
		status                 int
		format, source         string
	}{
		{"text", "/api/v1/ingest", "text/plain; charset=utf-8", "Banjir.", 200, "text", "api"},
		{"html", "/api/v1/ingest?source=kiriman", "text/html", "<p>Banjir.</p>", 200, "html", "kiriman"},
		{"jsonl", "/api/v1/ingest", "application/x-ndjson", `{"text":"x"}`, 200, "jsonl", "api"},
		{"format overrides", "/api/v1/ingest?format=html", "text/plain", "x", 200, "html", "api"},
		{"sniffed", "/api/v1/ingest", "application/octet-stream", "x", 200, "", "api"},
		{"bad format", "/api/v1/ingest?format=pdf", "", "x", 400, "", ""},
		{"too large", "/api/v1/ingest", "text/plain", strings.Repeat("x", 17), 413, "text", "api"},
	} {
		got = IngestRequest{}
		rec, v := do(t, mux, "POST", tc.url, "t", tc.ctype, tc.body)
		if rec.Code != tc.status {
			t.Errorf("%s: %d %v, want %d", tc.name, rec.Code, v, tc.status)
			continue
		}
		if tc.status == 200 && (got.Format != tc.format || got.Source != tc.source || body != tc.body || v["read"].(float64) != 1) {
			t.Errorf("%s: ingest saw %+v body %q; answered %v", tc.name, got, body, v)
		}
	}
	h.Ingest = nil
	if rec, _ := do(t, h.Routes(), "POST", "/api/v1/ingest", "t", "text/plain", "x"); rec.Code != 501 {
		t.Errorf("no ingester: %d, want 501", rec.Code)
	}
}

func TestReprocessJob(t *testing.T) {
	h, _ := newTestHandler(t)
	h.Token = "t"
	release := make(chan struct{})
	h.Reprocess = func(ctx context.Context) (*ReprocessResult, error) {
		<-release
		return &ReprocessResult{Documents: 3, Problems: 1}, nil
	}
	mux := h.Routes()
	rec, v := do(t, mux, "POST", "/api/v1/reprocess", "t", "", "")
	if rec.Code != 202 || v["running"] != true || rec.Header().Get("Location") != "/api/v1/reprocess" {
		t.Fatalf("start: %d %v", rec.Code, v)
	}
	if rec, _ := do(t, mux, "POST", "/api/v1/reprocess", "t", "", ""); rec.Code != 409 {
		t.Fatalf("second start while running: %d, want 409", rec.Code)
	}
	close(release)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, v = get(t, mux, "/api/v1/reprocess")
		if v["running"] == false {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("reprocess did not finish")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if v["documents"].(float64) != 3 || v["finished_at"] == nil {
		t.Fatalf("status after: %v", v)
	}
}

func TestAlertsAPI(t *testing.T) {
	h, _ := newTestHandler(t)
	h.Token = "t"
	mux := h.Routes()
	rec, v := do(t, mux, "POST", "/api/v1/alerts", "t", "application/json",
		`{"name":"banjir","query":"banjir","event_types":["request"],"webhook":"https://hooks.example/w"}`)
	if rec.Code != 201 || rec.Header().Get("Location") == "" || v["feed"] == nil || v["event_types"].([]any)[0] != "REQUEST" ||
		v["webhook"] != "https://hooks.example/…" {
		t.Fatalf("create: %d %v", rec.Code, v)
	}
	id := int(v["id"].(float64))
	for _, tc := range []struct{ body, code string }{
		{`{"name":"banjir","query":"banjir"}`, "conflict"},
		{`{"name":"x"}`, "invalid"},
		{`{"name":"x","query":"banjir","webhook":"file:///etc/passwd"}`, "invalid"},
		{`{"name":"x","query":"banjir","colour":"red"}`, "invalid"},
		{`not json`, "invalid"},
	} {
		if rec, v := do(t, mux, "POST", "/api/v1/alerts", "t", "application/json", tc.body); v["code"] != tc.code {
			t.Errorf("POST %s: %d %v, want %s", tc.body, rec.Code, v, tc.code)
		}
	}
	_, v = get(t, mux, "/api/v1/alerts")
	if len(v["alerts"].([]any)) != 1 {
		t.Fatalf("list: %v", v)
	}
	rec, v = get(t, mux, "/api/v1/alerts/"+itoa(id))
	if rec.Code != 200 || v["name"] != "banjir" || v["matches"] == nil || v["deliveries"] == nil {
		t.Fatalf("get: %d %v", rec.Code, v)
	}
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/alerts/"+itoa(id)+"/feed.atom", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/atom+xml") || !strings.Contains(rec.Body.String(), "<feed") {
		t.Fatalf("feed: %d %s", rec.Code, rec.Body.String())
	}
	if rec, _ := do(t, mux, "DELETE", "/api/v1/alerts/"+itoa(id), "t", "", ""); rec.Code != 204 {
		t.Fatalf("delete: %d", rec.Code)
	}
	for _, url := range []string{"/api/v1/alerts/" + itoa(id), "/api/v1/alerts/abc", "/api/v1/alerts/" + itoa(id) + "/feed.atom"} {
		if rec, _ := get(t, mux, url); rec.Code != 404 {
			t.Errorf("GET %s after delete: %d", url, rec.Code)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// walk follows next_cursor from url and returns every item of list.
func walk(t *testing.T, h http.Handler, url, list string) []any {
	t.Helper()
	var all []any
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	next := url
	for range 100 {
		rec, v := get(t, h, next)
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d %v", next, rec.Code, v)
		}
		all = append(all, v[list].([]any)...)
		c, _ := v["next_cursor"].(string)
		if c == "" {
			return all
		}
		next = url + sep + "cursor=" + c
	}
	t.Fatalf("%s: more than 100 pages", url)
	return nil
}

func TestPaging(t *testing.T) {
	h, ids := newTestHandler(t)
	ctx := context.Background()
	// More quotes, spread over articles, and events for the timeline.
	who := "Retno Marsudi"
	for _, id := range ids[1:] {
		a, _ := h.Store.Article(ctx, id)
		a.Paragraphs = append(a.Paragraphs, "Retno berkata panjang.")
		a.Quotes = []warta.Quote{{Text: "satu", Speaker: &who}, {Text: "dua", Speaker: &who}, {Text: "tiga"}}
		a.Entities = []warta.Entity{{ID: "per:retno-marsudi", Name: "Retno Marsudi", Type: "person", Mentions: []warta.Mention{{Text: "Retno"}}},
			{ID: "x:person:a" + id[:4], Name: "Retno A" + id[:4], Type: "person"}}
		h.Store.PutArticle(ctx, a)
	}
	for i := range 5 {
		h.Store.PutEvent(ctx, &warta.EventRecord{ID: "e" + itoa(i), Type: "CONSULT", Date: "2025-05-0" + itoa(i+1),
			ActorIDs: []string{"per:retno-marsudi"}}, []string{"a:per:retno-marsudi"})
	}
	h.Store.AddProblems(ctx, []warta.Problem{{Source: "a", Msg: "x"}, {Source: "b", Msg: "x"}, {Source: "c", Msg: "x"}})
	mux := h.Routes()
	for _, tc := range []struct {
		url, list string
		want      int
	}{
		{"/api/v1/quotes?limit=1", "quotes", 8},
		{"/api/v1/quotes?speaker=retno&limit=3", "quotes", 5},
		{"/api/v1/entities?q=retno&limit=1", "entities", 3},
		{"/api/v1/timeline?entity=per:retno-marsudi&limit=2", "events", 5},
		{"/api/v1/problems?limit=2", "problems", 3},
		{"/api/v1/articles?limit=2", "hits", 3},
	} {
		all := walk(t, mux, tc.url, tc.list)
		seen := map[string]bool{}
		for _, x := range all {
			b, _ := json.Marshal(x)
			seen[string(b)] = true
		}
		if len(all) != tc.want || len(seen) != tc.want {
			t.Errorf("%s: %d items (%d distinct), want %d", tc.url, len(all), len(seen), tc.want)
		}
	}
	// A cursor belongs to its list.
	_, v := get(t, mux, "/api/v1/problems?limit=1")
	if rec, _ := get(t, mux, "/api/v1/articles?cursor="+v["next_cursor"].(string)); rec.Code != 400 {
		t.Errorf("a problems cursor on articles: %d, want 400", rec.Code)
	}
	// Filters: entity and event type.
	_, v = get(t, mux, "/api/v1/articles?entity=per:retno-marsudi")
	if v["total"].(float64) != 2 {
		t.Errorf("entity filter: %v", v["total"])
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h, _ := newTestHandler(t)
	rec, v := do(t, h.Routes(), "PUT", "/api/v1/alerts", "", "", "")
	if rec.Code != 405 || rec.Header().Get("Allow") != "GET, POST" || v["code"] != "method_not_allowed" {
		t.Fatalf("PUT /api/v1/alerts: %d %q %v", rec.Code, rec.Header().Get("Allow"), v)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	h, _ := newTestHandler(t)
	h.HTTP, h.IngestQueue = &metrics.HTTP{}, &metrics.Gauge{}
	h.HTTP.Observe("GET", "/api/v1/articles", 200, time.Millisecond)
	h.IngestQueue.Add(7)
	rec := httptest.NewRecorder()
	h.Routes().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	samples, err := metrics.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, s := range samples {
		if len(s.Labels) == 0 {
			got[s.Name] = s.Value
		}
	}
	if got["warta_articles"] != 3 || got["warta_ingest_queue"] != 7 || got["warta_documents"] != 3 {
		t.Fatalf("metrics %v", got)
	}
}

// The event model's centroid is the store's business: events, stories and
// timelines are served without it.
func TestEventsServedWithoutCentroid(t *testing.T) {
	h, _ := newTestHandler(t)
	ctx := context.Background()
	e := &warta.EventRecord{ID: "ec", StoryID: "sc", Type: "CONSULT", Date: "2025-05-01",
		ActorIDs: []string{"per:retno-marsudi"}, Centroid: json.RawMessage(`{"n":1}`)}
	if err := h.Store.PutEvent(ctx, e, []string{"a:per:retno-marsudi"}); err != nil {
		t.Fatal(err)
	}
	if got, err := h.Store.Event(ctx, "ec"); err != nil || len(got.Centroid) == 0 {
		t.Fatalf("the store must keep the centroid: %v %v", got, err)
	}
	mux := h.Routes()
	for _, url := range []string{"/api/v1/events/ec", "/api/v1/timeline?entity=per:retno-marsudi"} {
		rec, _ := get(t, mux, url)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), "centroid") {
			t.Errorf("%s: %d %s", url, rec.Code, rec.Body.String())
		}
	}
}

// TestDeliveryErrorsNeedToken: a webhook's last delivery error ("connection
// refused" on some port) is shown only to the token's holder, or alert
// reads would make the server a port prober for anyone.
func TestDeliveryErrorsNeedToken(t *testing.T) {
	h, _ := newTestHandler(t)
	h.Token = "t"
	mux := h.Routes()
	ctx := context.Background()
	a := &warta.Alert{Name: "banjir", Query: "banjir", Webhook: "https://hooks.example/w"}
	if err := h.Store.AddAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	raw := []byte("Banjir merendam Kudus.")
	d := &warta.Document{ID: warta.ContentID(raw), Source: "t.txt", Format: warta.FormatText, Raw: raw}
	if _, err := h.Store.PutDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := h.Store.PutArticle(ctx, &warta.Article{ID: d.ID, Title: "Banjir Kudus", Paragraphs: []string{string(raw)}}); err != nil {
		t.Fatal(err)
	}
	q, err := h.Searcher.Parse("banjir")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := h.Store.MatchAlert(ctx, a.ID, q, time.Now()); err != nil || n == 0 {
		t.Fatalf("MatchAlert = %d, %v", n, err)
	}
	ds, err := h.Store.Deliveries(ctx, a.ID, 1)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries: %v %v", ds, err)
	}
	ds[0].LastError = "dial tcp 10.0.0.5:6379: connect: connection refused"
	ds[0].Attempts = 1
	if err := h.Store.UpdateDelivery(ctx, ds[0]); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		token string
		shown bool
	}{{"", false}, {"wrong", false}, {"t", true}} {
		rec, v := do(t, mux, "GET", "/api/v1/alerts/"+itoa(int(a.ID)), tc.token, "", "")
		if rec.Code != 200 {
			t.Fatalf("token %q: %d", tc.token, rec.Code)
		}
		got := v["deliveries"].([]any)[0].(map[string]any)["last_error"]
		if shown := got == ds[0].LastError; shown != tc.shown || strings.Contains(rec.Body.String(), "6379") != tc.shown {
			t.Errorf("token %q: last_error %v, want shown=%v", tc.token, got, tc.shown)
		}
	}
}

// TestFeedLinksFromBaseURL: feed links come from the configured base URL,
// never from the request's Host header, which any client sets.
func TestFeedLinksFromBaseURL(t *testing.T) {
	for _, base := range []string{"", "https://warta.example"} {
		h, _ := newTestHandler(t)
		h.Token, h.BaseURL = "t", base
		mux := h.Routes()
		_, v := do(t, mux, "POST", "/api/v1/alerts", "t", "application/json", `{"name":"banjir","query":"banjir"}`)
		req := httptest.NewRequest("GET", "/api/v1/alerts/"+itoa(int(v["id"].(float64)))+"/feed.atom", nil)
		req.Host = "evil.example"
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != 200 || strings.Contains(body, "evil.example") {
			t.Fatalf("base %q: %d, links from the Host header:\n%s", base, rec.Code, body)
		}
		if want := `href="` + base + `/api/v1/alerts/`; !strings.Contains(body, want) {
			t.Errorf("base %q: want links starting %s in\n%s", base, want, body)
		}
	}
}
