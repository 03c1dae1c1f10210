package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/cli"
	"github.com/warta-news/warta/internal/metrics"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/sqlite"
	"github.com/warta-news/warta/internal/text/stem"
)

// exampleStore loads the example pages the way `warta ingest` does — it
// runs the CLI — after saving an alert, so that the alert has matches, and
// returns the store opened on the same file.
func exampleStore(t *testing.T) (*sqlite.DB, *search.Searcher) {
	t.Helper()
	dir := t.TempDir()
	pages, err := filepath.Abs("../../examples/pages")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"alerts", "add", "menlu", "--q", "menteri luar negeri", "--type", "CONSULT"},
		{"ingest", pages},
	} {
		m := cli.NewMain()
		var stderr bytes.Buffer
		m.Stdin, m.Stdout, m.Stderr = strings.NewReader(""), io.Discard, &stderr
		m.Getenv = func(string) string { return "" }
		if err := m.Run(context.Background(), append(args, "--data-dir", dir)); err != nil {
			t.Fatalf("warta %v: %v\n%s", args, err, stderr.String())
		}
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &search.Searcher{Stem: stem.New().Stem}
	db.Index = s.IndexText
	return db, s
}

func loadDoc(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

var methods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

// operations lists the document's operations as "METHOD /path".
func operations(doc map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for path, item := range doc["paths"].(map[string]any) {
		for _, m := range methods {
			if op, ok := item.(map[string]any)[m].(map[string]any); ok {
				out[strings.ToUpper(m)+" "+path] = op
			}
		}
	}
	return out
}

// resolve follows a local $ref ("#/components/schemas/Article").
func resolve(t *testing.T, doc map[string]any, v map[string]any) map[string]any {
	t.Helper()
	for {
		ref, ok := v["$ref"].(string)
		if !ok {
			return v
		}
		var cur any = doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, ok := cur.(map[string]any)
			if !ok {
				t.Fatalf("$ref %s does not resolve", ref)
			}
			cur = m[part]
		}
		next, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("$ref %s does not resolve", ref)
		}
		v = next
	}
}

// TestOpenAPIMatchesRoutes checks that every route the handler registers
// is documented and every documented operation is registered, and that
// the document hangs together: references resolve, path parameters are
// declared, every operation has an ID and responses.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadDoc(t)
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v", doc["openapi"])
	}
	h := &api.Handler{}
	h.Routes()
	registered := map[string]bool{}
	for _, p := range h.Patterns() {
		registered[p] = true
	}
	ops := operations(doc)
	for p := range registered {
		if ops[p] == nil {
			t.Errorf("route %q is not in openapi.json", p)
		}
	}
	ids := map[string]bool{}
	for p, op := range ops {
		if !registered[p] {
			t.Errorf("openapi.json documents %q, which no route serves", p)
		}
		id, _ := op["operationId"].(string)
		if id == "" || ids[id] {
			t.Errorf("%s: operationId %q missing or repeated", p, id)
		}
		ids[id] = true
		if rs, _ := op["responses"].(map[string]any); len(rs) == 0 {
			t.Errorf("%s: no responses", p)
		}
		path := strings.SplitN(p, " ", 2)[1]
		declared := map[string]bool{}
		for _, prm := range params(t, doc, path, op) {
			if prm["in"] == "path" {
				declared[prm["name"].(string)] = true
				if prm["required"] != true {
					t.Errorf("%s: path parameter %v not required", p, prm["name"])
				}
			}
		}
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, "{") && !declared[strings.Trim(seg, "{}")] {
				t.Errorf("%s: path parameter %s not declared", p, seg)
			}
		}
	}
	// Every $ref anywhere in the document resolves.
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if _, ok := x["$ref"]; ok {
				resolve(t, doc, x)
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(doc)
}

// params returns the parameters of an operation, its path's included,
// with references resolved.
func params(t *testing.T, doc map[string]any, path string, op map[string]any) []map[string]any {
	var out []map[string]any
	item := doc["paths"].(map[string]any)[path].(map[string]any)
	for _, src := range []any{item["parameters"], op["parameters"]} {
		list, _ := src.([]any)
		for _, p := range list {
			out = append(out, resolve(t, doc, p.(map[string]any)))
		}
	}
	return out
}

// TestOpenAPIResponses calls every documented GET route against a store
// loaded with the example pages, once with only the required parameters
// and once with every parameter's example, and validates each response
// against the schema documented for its status and content type.
func TestOpenAPIResponses(t *testing.T) {
	db, s := exampleStore(t)
	doc := loadDoc(t)
	h := &api.Handler{Store: db, Searcher: s, HTTP: &metrics.HTTP{}, IngestQueue: &metrics.Gauge{}}
	mux := h.Routes()
	ctx := context.Background()

	// Real IDs for the path parameters.
	res, err := db.SearchArticles(ctx, searchAll())
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("no articles: %v", err)
	}
	evs, err := db.Timeline(ctx, "per:sugiono", "")
	if err != nil || len(evs) == 0 {
		t.Fatalf("no events of per:sugiono: %v", err)
	}
	alerts, err := db.Alerts(ctx)
	if err != nil || len(alerts) != 1 {
		t.Fatalf("alerts: %v %v", alerts, err)
	}
	pathValues := map[string]string{
		"/api/v1/articles/{id}":         res.Hits[0].Article.ID,
		"/api/v1/events/{id}":           evs[0].ID,
		"/api/v1/stories/{id}":          evs[0].StoryID,
		"/api/v1/entities/{id}":         "per:sugiono",
		"/api/v1/alerts/{id}":           fmt.Sprint(alerts[0].ID),
		"/api/v1/alerts/{id}/feed.atom": fmt.Sprint(alerts[0].ID),
	}

	ops := operations(doc)
	var keys []string
	for k := range ops {
		if strings.HasPrefix(k, "GET ") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		op := ops[k]
		if _, guarded := op["security"]; guarded {
			// Token-guarded reads (the live sources) are called with
			// their token and a crawler in sources_test.go.
			continue
		}
		path := strings.TrimPrefix(k, "GET ")
		ps := params(t, doc, path, op)
		for _, full := range []bool{false, true} {
			variants := []url.Values{{}}
			for _, p := range ps {
				if p["in"] != "query" {
					continue
				}
				ex, hasEx := p["example"]
				schema, _ := p["schema"].(map[string]any)
				enum, _ := schema["enum"].([]any)
				switch {
				case p["required"] == true && !hasEx:
					t.Fatalf("%s: required parameter %v has no example", k, p["name"])
				case p["required"] == true && len(enum) > 0:
					// One call per value: every export kind is checked.
					var vs []url.Values
					for _, v := range variants {
						for _, e := range enum {
							c := url.Values{}
							for a, b := range v {
								c[a] = b
							}
							c.Set(p["name"].(string), fmt.Sprint(e))
							vs = append(vs, c)
						}
					}
					variants = vs
				case p["required"] == true || full && hasEx:
					for _, v := range variants {
						v.Set(p["name"].(string), fmt.Sprint(ex))
					}
				}
			}
			u := path
			if v, ok := pathValues[path]; ok {
				u = strings.Replace(path, "{id}", url.PathEscape(v), 1)
			} else if strings.Contains(path, "{") {
				t.Fatalf("%s: no test value for its path parameter", k)
			}
			for _, v := range variants {
				target := u
				if len(v) > 0 {
					target += "?" + v.Encode()
				}
				t.Run(target, func(t *testing.T) {
					rec := httptest.NewRecorder()
					mux.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
					if rec.Code != 200 {
						t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
					}
					checkResponse(t, doc, op, rec, v.Get("what"))
					if !full && rec.Body.Len() == 0 {
						t.Fatal("empty body without filters")
					}
				})
			}
		}
	}

	// Errors are documented too: a missing thing is a documented 404
	// problem for every route with an ID.
	for path := range pathValues {
		target := strings.Replace(path, "{id}", "999999", 1)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != 404 {
			t.Errorf("GET %s: %d, want 404", target, rec.Code)
			continue
		}
		checkResponse(t, doc, ops["GET "+path], rec, "")
	}
}

// checkResponse finds the documented response for rec's status and
// content type and validates the body against its schema.
func checkResponse(t *testing.T, doc map[string]any, op map[string]any, rec *httptest.ResponseRecorder, what string) {
	t.Helper()
	resp, ok := op["responses"].(map[string]any)[fmt.Sprint(rec.Code)].(map[string]any)
	if !ok {
		t.Fatalf("status %d is not documented", rec.Code)
	}
	resp = resolve(t, doc, resp)
	mt, _, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", rec.Header().Get("Content-Type"), err)
	}
	content, _ := resp["content"].(map[string]any)
	media, ok := content[mt].(map[string]any)
	if !ok {
		t.Fatalf("content type %s is not documented for %d (documented: %v)", mt, rec.Code, keysOf(content))
	}
	body := rec.Body.Bytes()
	switch {
	case mt == "application/json" || mt == "application/problem+json":
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("body is not JSON: %v", err)
		}
		if errs := validate(t, doc, media["schema"].(map[string]any), v, "$"); len(errs) > 0 {
			t.Fatalf("response does not match its schema:\n%s", strings.Join(errs, "\n"))
		}
	case mt == "application/x-ndjson":
		lineSchemas, _ := media["x-line-schemas"].(map[string]any)
		schema, ok := lineSchemas[what].(map[string]any)
		if !ok {
			t.Fatalf("no line schema for %q", what)
		}
		for i, l := range bytes.Split(bytes.TrimSpace(body), []byte("\n")) {
			if len(l) == 0 {
				continue // an export of nothing
			}
			var v any
			if err := json.Unmarshal(l, &v); err != nil {
				t.Fatalf("line %d is not JSON: %v", i+1, err)
			}
			if errs := validate(t, doc, schema, v, fmt.Sprintf("line %d", i+1)); len(errs) > 0 {
				t.Fatalf("%s export does not match its schema:\n%s", what, strings.Join(errs, "\n"))
			}
		}
	case mt == "application/atom+xml":
		var f struct {
			XMLName xml.Name
		}
		if err := xml.Unmarshal(body, &f); err != nil || f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
			t.Fatalf("not an Atom feed: %v %v", err, f.XMLName)
		}
	case mt == "text/plain" && strings.Contains(rec.Header().Get("Content-Type"), "version=0.0.4"):
		if _, err := metrics.Parse(bytes.NewReader(body)); err != nil {
			t.Fatalf("metrics do not parse: %v", err)
		}
	case mt == "text/csv" || mt == "text/tab-separated-values":
		if len(body) == 0 {
			t.Fatalf("no header row in %s", mt)
		}
	case mt == "text/plain":
	default:
		t.Fatalf("no check for %s", mt)
	}
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// validate checks v against a JSON Schema subset: $ref, allOf, oneOf,
// anyOf, type (one or several), enum, required, properties,
// additionalProperties and items. It returns one line per mismatch.
func validate(t *testing.T, doc map[string]any, schema map[string]any, v any, at string) []string {
	schema = resolve(t, doc, schema)
	var errs []string
	for _, sub := range list(schema["allOf"]) {
		errs = append(errs, validate(t, doc, sub, v, at)...)
	}
	if alts := list(schema["oneOf"]); len(alts) > 0 {
		n := 0
		for _, sub := range alts {
			if len(validate(t, doc, sub, v, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of oneOf, want 1", at, n))
		}
	}
	if alts := list(schema["anyOf"]); len(alts) > 0 {
		ok := false
		for _, sub := range alts {
			ok = ok || len(validate(t, doc, sub, v, at)) == 0
		}
		if !ok {
			errs = append(errs, fmt.Sprintf("%s: matches none of anyOf", at))
		}
	}
	if typ, ok := schema["type"]; ok {
		var types []string
		switch x := typ.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, y := range x {
				types = append(types, y.(string))
			}
		}
		match := false
		for _, ty := range types {
			match = match || isType(v, ty)
		}
		if !match {
			return append(errs, fmt.Sprintf("%s: %s, want %v", at, jsonType(v), types))
		}
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || e == v
		}
		if !found {
			errs = append(errs, fmt.Sprintf("%s: %v not in %v", at, v, enum))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		required, _ := schema["required"].([]any)
		for _, r := range required {
			if _, ok := x[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required property %q missing", at, r))
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, val := range x {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validate(t, doc, ps, val, at+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: property %q not allowed", at, k))
				}
			case map[string]any:
				errs = append(errs, validate(t, doc, ap, val, at+"."+k)...)
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, val := range x {
				errs = append(errs, validate(t, doc, items, val, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func list(v any) []map[string]any {
	xs, _ := v.([]any)
	var out []map[string]any
	for _, x := range xs {
		out = append(out, x.(map[string]any))
	}
	return out
}

func isType(v any, ty string) bool {
	switch ty {
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	case "number":
		_, ok := v.(float64)
		return ok
	}
	return jsonType(v) == ty
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// TestValidatorCatches makes sure the validator is not a rubber stamp.
func TestValidatorCatches(t *testing.T) {
	doc := loadDoc(t)
	for name, body := range map[string]string{
		"missing required":    `{"hits": []}`,
		"wrong type":          `{"total": "3", "hits": []}`,
		"wrong item":          `{"total": 1, "hits": [{"id": 5, "score": 1}]}`,
		"fraction as integer": `{"total": 1.5, "hits": []}`,
	} {
		var v any
		json.Unmarshal([]byte(body), &v)
		if errs := validate(t, doc, map[string]any{"$ref": "#/components/schemas/ArticleList"}, v, "$"); len(errs) == 0 {
			t.Errorf("%s: %s passed", name, body)
		}
	}
	var v any
	json.Unmarshal([]byte(`{"name": "x", "unknown": 1}`), &v)
	if errs := validate(t, doc, map[string]any{"$ref": "#/components/schemas/AlertInput"}, v, "$"); len(errs) == 0 {
		t.Error("additionalProperties: false not enforced")
	}
}

// TestServesItsDocument checks GET /api/v1/openapi.json serves the file.
func TestServesItsDocument(t *testing.T) {
	h := &api.Handler{}
	rec := httptest.NewRecorder()
	h.Routes().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	want, _ := os.ReadFile("openapi.json")
	if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), want) {
		t.Fatalf("GET /api/v1/openapi.json: %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

func searchAll() warta.SearchQuery { return warta.SearchQuery{Limit: 1} }
