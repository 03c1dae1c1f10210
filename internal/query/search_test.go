package query

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

func TestGroup(t *testing.T) {
	s := newService(t)
	art := func(id, outlet, title, event, dupOf string) warta.SearchHit {
		return warta.SearchHit{Article: &warta.Article{ID: id, Outlet: outlet, Title: title, EventID: event, DuplicateOf: dupOf}}
	}
	hits := []warta.SearchHit{
		art("a", "kompas.com", "Jokowi Tanggapi Revisi UU KPK", "ev-kpk", ""),
		art("b", "kompas.com", "Jokowi Tanggapi Revisi UU KPK (2)", "ev-kpk", "a"),
		art("c", "tempo.co", "Presiden Tanggapi Revisi", "ev-kpk", ""),
		art("d", "okezone.com", "Banjir di Demak", "", ""),
		art("e", "OKEZONE.COM", "Banjir  di Demak", "", ""),
		art("f", "tempo.co", "Retno Bertemu Lavrov", "ev-moskow", ""),
		art("g", "tempo.co", "Yang Lama", "ev-gone", ""),
	}
	got, err := s.Group(context.Background(), hits)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, h := range got {
		fmt.Fprintf(&b, "%s", h.Article.ID)
		if h.Event != nil {
			fmt.Fprintf(&b, "[%s %d outlets %d reports]", h.Event.ID, h.Event.Outlets, h.Event.Reports)
		}
		for _, f := range h.Folded {
			fmt.Fprintf(&b, " +%s", f.Article.ID)
			if f.Duplicate {
				b.WriteString("(dup)")
			}
		}
		b.WriteString("; ")
	}
	want := "a[ev-kpk 2 outlets 3 reports] +b(dup) +c; d +e(dup); f[ev-moskow 1 outlets 1 reports]; g; "
	if b.String() != want {
		t.Fatalf("grouped:\n got %s\nwant %s", b.String(), want)
	}
}

func TestFacetsCountTheResults(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	all, err := s.Facets(ctx, warta.SearchQuery{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if all.Counted != 9 || !all.Exact || facetString(all.Outlets) != "kompas.com=3 okezone.com=2 tempo.co=2 kapanlagi.com=1 sindonews.com=1" {
		t.Fatalf("all: counted %d exact %v outlets %s", all.Counted, all.Exact, facetString(all.Outlets))
	}
	q := s.Searcher.WithAny(warta.SearchQuery{}, "jokowi")
	f, err := s.Facets(ctx, q, 2)
	if err != nil {
		t.Fatal(err)
	}
	if f.Counted != 4 || facetString(f.Outlets) != "kompas.com=2 okezone.com=1" ||
		facetString(f.Entities) != "org:kpk=3 per:joko-widodo=3" {
		t.Fatalf("jokowi: counted %d outlets %s entities %s", f.Counted, facetString(f.Outlets), facetString(f.Entities))
	}
	if f.Entities[1].Name != "Joko Widodo" {
		t.Fatalf("entity facet named %q", f.Entities[1].Name)
	}
}

func facetString(fs []Facet) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s=%d", f.Value, f.N))
	}
	return strings.Join(out, " ")
}
