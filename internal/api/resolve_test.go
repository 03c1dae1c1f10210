package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/query/querytest"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/sqlite"
	"github.com/warta-news/warta/internal/text/stem"
)

// TestResolverEverywhere sends every name of the resolver's table through
// every API surface that takes an entity: the entity page, the entity=
// filter of articles and exports, the timeline, the quotes' speaker and a
// new alert. Each must pick the same entity.
func TestResolverEverywhere(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &search.Searcher{Stem: stem.New().Stem}
	db.Index = s.IndexText
	querytest.Fixture(t, db)
	h := (&api.Handler{Store: db, Searcher: s, Token: "t"}).Routes()
	for i, tc := range querytest.Cases {
		if tc.Query == "" {
			continue // no name at all: every surface treats it as "no filter"
		}
		t.Run(tc.Query, func(t *testing.T) {
			q := url.QueryEscape(tc.Query)
			chosen := func(surface string, res any) {
				t.Helper()
				m, _ := res.(map[string]any)
				ent, _ := m["entity"].(map[string]any)
				if ent["id"] != tc.Want || (m["ambiguous"] == true) != tc.Ambiguous {
					t.Errorf("%s: chose %v (ambiguous %v), want %s (ambiguous %v)", surface, ent["id"], m["ambiguous"], tc.Want, tc.Ambiguous)
				}
			}
			rec, body := call(t, h, "GET", "/api/v1/entities/"+url.PathEscape(tc.Query), "", "")
			if tc.Code != "" {
				if rec.Code != map[string]int{warta.ENOTFOUND: 404, warta.EINVALID: 400}[tc.Code] {
					t.Errorf("entity page: status %d, want the status of %s", rec.Code, tc.Code)
				}
				for _, u := range []string{"/api/v1/articles?entity=" + q, "/api/v1/export?what=articles&entity=" + q} {
					if rec, _ := call(t, h, "GET", u, "", ""); rec.Code != 400 {
						t.Errorf("%s: status %d, want 400", u, rec.Code)
					}
				}
				return
			}
			if rec.Code != 200 || body["id"] != tc.Want {
				t.Errorf("entity page: %d id %v, want %s", rec.Code, body["id"], tc.Want)
			} else {
				chosen("entity page", body["resolved"])
			}

			rec, body = call(t, h, "GET", "/api/v1/entities?q="+q, "", "")
			if ents, _ := body["entities"].([]any); rec.Code != 200 || len(ents) == 0 || ents[0].(map[string]any)["id"] != tc.Want {
				t.Errorf("entity list: %d, first %v, want %s", rec.Code, body["entities"], tc.Want)
			} else {
				chosen("entity list", body["resolved"])
			}

			want := querytest.Articles(tc.Want)
			rec, body = call(t, h, "GET", "/api/v1/articles?entity="+q, "", "")
			if ents, _ := body["entities"].([]any); rec.Code != 200 || len(ents) != 1 {
				t.Errorf("articles: %d %v", rec.Code, body)
			} else {
				chosen("articles", ents[0])
				if int(body["total"].(float64)) != len(want) {
					t.Errorf("articles: %v found, want %d (%v)", body["total"], len(want), want)
				}
			}

			rec, body = call(t, h, "GET", "/api/v1/timeline?entity="+q, "", "")
			if rec.Code != 200 {
				t.Errorf("timeline: %d %v", rec.Code, body)
			} else {
				chosen("timeline", body["entity"])
				wantEvents := 0
				for _, e := range querytest.Events {
					for _, id := range e.ActorIDs {
						if id == tc.Want {
							wantEvents++
						}
					}
				}
				if evs, _ := body["events"].([]any); len(evs) != wantEvents {
					t.Errorf("timeline: %d events, want %d", len(evs), wantEvents)
				}
			}

			rec, body = call(t, h, "GET", "/api/v1/quotes?speaker="+q, "", "")
			if rec.Code != 200 {
				t.Errorf("quotes: %d %v", rec.Code, body)
			} else {
				chosen("quotes", body["speaker"])
			}

			rec, body = call(t, h, "POST", "/api/v1/alerts", "t", fmt.Sprintf(`{"name": "alert %d", "entities": [%q]}`, i, tc.Query))
			if ents, _ := body["entities"].([]any); rec.Code != 201 || len(ents) != 1 || ents[0] != tc.Want {
				t.Errorf("alert: %d entities %v, want [%s]", rec.Code, body["entities"], tc.Want)
			}

			rec2 := get2(t, h, "/api/v1/export?what=articles&format=jsonl&entity="+q)
			if n := strings.Count(rec2, "\n"); n != len(want) {
				t.Errorf("export: %d articles, want %d", n, len(want))
			}
		})
	}
}

// TestQuotesOfANickname: "jokowi" is Joko Widodo's three quotes, the one
// an older store filed under a stray x:person:jokowi included, and none of
// Joko Anwar's.
func TestQuotesOfANickname(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &search.Searcher{Stem: stem.New().Stem}
	db.Index = s.IndexText
	querytest.Fixture(t, db)
	h := (&api.Handler{Store: db, Searcher: s}).Routes()
	_, body := call(t, h, "GET", "/api/v1/quotes?speaker=jokowi", "", "")
	qs, _ := body["quotes"].([]any)
	if len(qs) != 3 {
		t.Fatalf("quotes of jokowi: %d, want 3: %v", len(qs), body)
	}
	for _, q := range qs {
		if sp := q.(map[string]any)["speaker"]; sp == "Joko Anwar" {
			t.Fatalf("Joko Anwar's quote among Jokowi's")
		}
	}
}

func get2(t *testing.T, h http.Handler, u string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
	if rec.Code != 200 {
		t.Errorf("GET %s: %d %s", u, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// TestEventAndStoryLists pages the lists with their cursors and filters.
func TestEventAndStoryLists(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &search.Searcher{Stem: stem.New().Stem}
	db.Index = s.IndexText
	querytest.Fixture(t, db)
	h := (&api.Handler{Store: db, Searcher: s}).Routes()
	for _, list := range []string{"events", "stories"} {
		var ids []string
		u := "/api/v1/" + list + "?limit=1"
		for page := 0; page < 5 && u != ""; page++ {
			rec, body := call(t, h, "GET", u, "", "")
			items, _ := body[list].([]any)
			if rec.Code != 200 || len(items) != 1 || body["total"] != 2.0 {
				t.Fatalf("GET %s: %d %v", u, rec.Code, body)
			}
			ids = append(ids, items[0].(map[string]any)["id"].(string))
			u = ""
			if c, ok := body["next_cursor"].(string); ok {
				u = "/api/v1/" + list + "?limit=1&cursor=" + url.QueryEscape(c)
			}
		}
		if len(ids) != 2 || ids[0] == ids[1] {
			t.Fatalf("%s: pages gave %v, want two distinct items then the end", list, ids)
		}
		rec, body := call(t, h, "GET", "/api/v1/"+list+"?entity=jokowi&outlet=kompas&type=consult&from=2019-09-01&to=2019-09-30", "", "")
		items, _ := body[list].([]any)
		ent, _ := body["entity"].(map[string]any)
		if rec.Code != 200 || len(items) != 1 || ent["entity"].(map[string]any)["id"] != "per:joko-widodo" {
			t.Fatalf("%s filtered: %d %v", list, rec.Code, body)
		}
		for _, bad := range []string{"from=kemarin", "entity=Nobody+Here", "limit=0", "cursor=xyz"} {
			if rec, _ := call(t, h, "GET", "/api/v1/"+list+"?"+bad, "", ""); rec.Code != 400 {
				t.Errorf("%s?%s: status %d, want 400", list, bad, rec.Code)
			}
		}
	}
}
