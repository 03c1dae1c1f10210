package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/query/querytest"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/sqlite"
	"github.com/warta-news/warta/internal/text/stem"
)

// TestResolverEverywhere sends every name of the resolver's table through
// the pages that take an entity: the entity page (a name redirects to the
// entity's own page), the search filter, the timeline and the quotes.
func TestResolverEverywhere(t *testing.T) {
	h := newResolveUI(t, func(db *sqlite.DB) { querytest.Fixture(t, db) })
	mux := h.Routes()
	for _, tc := range querytest.Cases {
		if tc.Query == "" {
			continue
		}
		t.Run(tc.Query, func(t *testing.T) {
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, httptest.NewRequest("GET", "/entities/"+url.PathEscape(tc.Query), nil))
			if tc.Code != "" {
				if rec.Code < 400 {
					t.Errorf("entity page of %q: status %d, want an error", tc.Query, rec.Code)
				}
				if rec := get(mux, "/?entity="+url.QueryEscape(tc.Query)); rec.Code != 400 {
					t.Errorf("search filter: status %d, want 400", rec.Code)
				}
				return
			}
			switch loc := rec.Header().Get("Location"); {
			case rec.Code == 200 && tc.Query != tc.Want && !equalFoldID(tc.Query, tc.Want):
				t.Errorf("entity page of %q: 200 under the name, want a redirect to %s", tc.Query, tc.Want)
			case rec.Code == 302 && loc != "/entities/"+url.PathEscape(tc.Want):
				t.Errorf("entity page of %q: redirect to %s, want %s", tc.Query, loc, tc.Want)
			case rec.Code != 200 && rec.Code != 302:
				t.Errorf("entity page of %q: status %d", tc.Query, rec.Code)
			}
			doc := fetch(t, h, "/?entity="+url.QueryEscape(tc.Query), 200)
			if n, want := doc.Find("a[href^='/articles/']").Length(), len(querytest.Articles(tc.Want)); n < want {
				t.Errorf("search filter: %d article links, want at least %d", n, want)
			}
			tl := fetch(t, h, "/timeline?entity="+url.QueryEscape(tc.Query), 200)
			if tl.Find(".notice").Length() > 0 && !tc.Ambiguous {
				t.Errorf("timeline: notice %q for a name that resolves", tl.Find(".notice").Text())
			}
			fetch(t, h, "/quotes?speaker="+url.QueryEscape(tc.Query), 200)
		})
	}
}

// equalFoldID: an ID written in another case is the entity's own page.
func equalFoldID(a, b string) bool { return strings.EqualFold(a, b) }

func get(h http.Handler, u string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
	return rec
}

// TestSearchGroupsAndFacets: a search lists the reports of one event once
// ("2 outlets — see all") with the others and the page fetched twice
// folded under it, and its facets count its results, not the store.
func TestSearchGroupsAndFacets(t *testing.T) {
	h := newResolveUI(t, func(db *sqlite.DB) { querytest.Fixture(t, db) })
	doc := fetch(t, h, "/?q=jokowi&lang=id", 200)
	hits := doc.Find("li.hit")
	if hits.Length() != 2 {
		t.Fatalf("%d hits listed, want 2 (the event's reports and the copy folded)", hits.Length())
	}
	first := hits.Has("a.coverage")
	if cov := first.Find("a.coverage"); cov.AttrOr("href", "") != "/events/ev-kpk" || !strings.HasPrefix(cov.Text(), "2 ") {
		t.Fatalf("coverage link %q → %q, want 2 outlets → /events/ev-kpk", cov.Text(), cov.AttrOr("href", ""))
	}
	if n := first.Find("ul.folded li").Length(); n != 2 {
		t.Fatalf("%d folded under the first hit, want 2", n)
	}
	var outlets []string
	doc.Find("ul.outlets:not(.facet-types):not(.facet-entities) li a").Each(func(_ int, s *goquery.Selection) {
		outlets = append(outlets, s.Text())
	})
	if strings.Join(outlets, ",") != "kompas.com,okezone.com,tempo.co" {
		t.Fatalf("outlet facet %v, want the results' outlets only", outlets)
	}
	if n := doc.Find("ul.outlets:not(.facet-types):not(.facet-entities) li .n").First().Text(); n != "2" {
		t.Fatalf("kompas.com counted %s, want 2 of the results", n)
	}
}

// TestSearchSaysWhichEntity: the search's entity filter is shown with the
// entity it was taken to mean, and the others when it is ambiguous; the
// quotes' speaker is resolved the same way.
func TestSearchSaysWhichEntity(t *testing.T) {
	h := newResolveUI(t, func(db *sqlite.DB) { querytest.Fixture(t, db) })
	if got := fetch(t, h, "/?entity=jokowi", 200).Find(".resolved").Text(); got != "“jokowi” → Joko Widodo (per:joko-widodo)" {
		t.Fatalf("notice %q", got)
	}
	if got := fetch(t, h, "/?entity=santoso", 200).Find(".resolved").Text(); !strings.Contains(got, "Budi Santoso (x:person:budi-santoso)") {
		t.Fatalf("ambiguous notice %q", got)
	}
	if n := fetch(t, h, "/?entity=per:joko-widodo", 200).Find(".resolved").Length(); n != 0 {
		t.Fatalf("an ID needs no notice")
	}
	doc := fetch(t, h, "/quotes?speaker=jokowi", 200)
	if n := doc.Find("ul.quotes li").Length(); n != 3 {
		t.Fatalf("%d quotes of jokowi, want 3", n)
	}
}

// TestEntityPageMaybeSame: the page of a person known by one name links
// the people whose full name holds it.
func TestEntityPageMaybeSame(t *testing.T) {
	var as []*warta.Article
	var docs []*warta.Document
	for i, name := range []string{"Marquez", "Marc Marquez", "Marc Marquez"} {
		raw := name + " menang di Misano."
		d := &warta.Document{ID: fmt.Sprintf("m%d", i), Source: "t", Format: warta.FormatText, Raw: []byte(raw)}
		docs = append(docs, d)
		id := "x:person:" + strings.ReplaceAll(strings.ToLower(name), " ", "-")
		as = append(as, &warta.Article{ID: d.ID, Title: raw, Paragraphs: []string{raw},
			Entities: []warta.Entity{{ID: id, Name: name, Type: warta.EntityPerson, Mentions: []warta.Mention{{Text: name}}}}})
	}
	h := newResolveUI(t, func(db *sqlite.DB) {
		for _, d := range docs {
			if _, err := db.PutDocument(context.Background(), d); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.PutArticles(context.Background(), as); err != nil {
			t.Fatal(err)
		}
	})
	link := fetch(t, h, "/entities/x:person:marquez", 200).Find(".maybe-same a")
	if href, _ := link.Attr("href"); link.Length() != 1 || href != "/entities/x:person:marc-marquez" || link.Text() != "Marc Marquez" {
		t.Fatalf("maybe-same links: %d, %q %q", link.Length(), href, link.Text())
	}
	if n := fetch(t, h, "/entities/x:person:marc-marquez", 200).Find(".maybe-same").Length(); n != 0 {
		t.Fatalf("the full name offers %d others", n)
	}
}

// newResolveUI opens a store indexed as serve indexes it, lets fill put
// its data in, and returns the pages over it.
func newResolveUI(t *testing.T, fill func(db *sqlite.DB)) *Handler {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &search.Searcher{Stem: stem.New().Stem}
	db.Index = s.IndexText
	fill(db)
	h, err := New(db, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
