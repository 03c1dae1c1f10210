package query

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/sqlite"
)

func TestEntitySummary(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	sm, res, err := s.Entity(ctx, "jokowi")
	if err != nil {
		t.Fatal(err)
	}
	if res.Entity.ID != "per:joko-widodo" || sm.ID != "per:joko-widodo" || sm.Name != "Joko Widodo" || sm.ArticleCount != 3 || len(sm.Articles) != 3 {
		t.Fatalf("summary %+v", sm)
	}
	if fmt.Sprint(sm.With) != "[{org:kpk Komisi Pemberantasan Korupsi 3} {loc:jakarta Jakarta 1}]" {
		t.Fatalf("named with %v", sm.With)
	}
	for _, alias := range []string{"Presiden Jokowi", "Jokowi", "Ir. H. Joko Widodo"} {
		if !strings.Contains(strings.Join(sm.Aliases, "|"), alias) {
			t.Errorf("alias %q missing from %v", alias, sm.Aliases)
		}
	}
	qs, total, err := s.EntityQuotes(ctx, sm.ID, sm.Name, 10)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, q := range qs {
		texts = append(texts, q.Text)
	}
	// His two, and the one an older store filed under x:person:jokowi;
	// not Joko Anwar's.
	if total != 3 || strings.Join(texts, "|") != "KPK harus kuat|Kami tetap mendukung|Saya minta semua pihak tenang" {
		t.Fatalf("quotes %d %v", total, texts)
	}
	// A known entity no article names still has a page.
	if sm, _, err := s.Entity(ctx, "Penny Wong"); err != nil || sm.ArticleCount != 0 || sm.Articles == nil {
		t.Fatalf("Penny Wong: %+v %v", sm, err)
	}
}

// TestEntitySummaryPast200: the count and the named-with counts are the
// store's, not those of the first 200 search hits.
func TestEntitySummaryPast200(t *testing.T) {
	ctx := context.Background()
	sm, _, err := manyArticles(t, 250).Entity(ctx, "retno")
	if err != nil {
		t.Fatal(err)
	}
	if sm.ArticleCount != 250 || len(sm.Articles) != summaryArticles || sm.Articles[0] != "r249" {
		t.Fatalf("count %d, %d listed starting %s; want 250, %d, the newest r249", sm.ArticleCount, len(sm.Articles), sm.Articles[0], summaryArticles)
	}
	if len(sm.With) != 1 || sm.With[0].Articles != 125 {
		t.Fatalf("named with %v, want Jakarta in 125", sm.With)
	}
}

// manyArticles stores n articles naming Retno Marsudi, every other one
// Jakarta too, one day apart.
func manyArticles(tb testing.TB, n int) *Service {
	tb.Helper()
	var as []*warta.Article
	for i := range n {
		at := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		a := &warta.Article{ID: fmt.Sprintf("r%03d", i), Paragraphs: []string{fmt.Sprintf("Retno Marsudi di Jakarta, hari ke-%d.", i)},
			PublishedAt: at, Published: at.Format(time.RFC3339),
			Entities: []warta.Entity{{ID: "per:retno-marsudi", Name: "Retno Marsudi", Type: warta.EntityPerson}}}
		if i%2 == 0 {
			a.Entities = append(a.Entities, warta.Entity{ID: "loc:jakarta", Name: "Jakarta", Type: warta.EntityLocation})
		}
		as = append(as, a)
	}
	return serviceOver(tb, as)
}

// serviceOver stores each article with a document of its first paragraph
// in a new store, indexed as serve indexes it, and answers over it.
func serviceOver(tb testing.TB, as []*warta.Article) *Service {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "w.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	s := &search.Searcher{}
	db.Index = s.IndexText
	for _, a := range as {
		d := &warta.Document{ID: a.ID, Source: "t", Format: warta.FormatText, Raw: []byte(a.Paragraphs[0])}
		if _, err := db.PutDocument(ctx, d); err != nil {
			tb.Fatal(err)
		}
	}
	if err := db.PutArticles(ctx, as); err != nil {
		tb.Fatal(err)
	}
	return New(db, s)
}

// TestMaybeSame: an unknown person named by one name offers the people
// whose full name holds it, most articles first; it merges nothing, and
// organizations and known entities are offered nothing.
func TestMaybeSame(t *testing.T) {
	ctx := context.Background()
	P, O := warta.EntityPerson, warta.EntityOrganization
	var as []*warta.Article
	for i, e := range []warta.Entity{
		{ID: "x:person:marquez", Name: "Marquez", Type: P}, {ID: "x:person:marquez", Name: "Marquez", Type: P},
		{ID: "x:person:marc-marquez", Name: "Marc Marquez", Type: P}, {ID: "x:person:marc-marquez", Name: "Marc Marquez", Type: P},
		{ID: "x:person:marc-marquez", Name: "Marc Marquez", Type: P}, {ID: "x:person:alex-marquez", Name: "Alex Marquez", Type: P},
		{ID: "x:organization:marquez-racing", Name: "Marquez Racing", Type: O}, {ID: "x:person:marquezine", Name: "Marquezine", Type: P},
	} {
		raw := fmt.Sprintf("%s membalap di Misano, laporan ke-%d.", e.Name, i)
		at := time.Date(2019, 9, 1+i, 0, 0, 0, 0, time.UTC)
		e.Mentions = []warta.Mention{{Text: e.Name}}
		as = append(as, &warta.Article{ID: fmt.Sprintf("m%02d", i), Paragraphs: []string{raw}, PublishedAt: at, Published: at.Format(time.RFC3339),
			Entities: []warta.Entity{e}})
	}
	q := serviceOver(t, as)
	names := func(ref string) string {
		sm, _, err := q.Entity(ctx, ref)
		if err != nil {
			t.Fatalf("Entity(%s): %v", ref, err)
		}
		var out []string
		for _, c := range sm.MaybeSame {
			out = append(out, fmt.Sprintf("%s %d", c.ID, c.Articles))
		}
		return strings.Join(out, ", ")
	}
	if got, want := names("x:person:marquez"), "x:person:marc-marquez 3, x:person:alex-marquez 1"; got != want {
		t.Errorf("Marquez may be %q, want %q", got, want)
	}
	for _, ref := range []string{"x:person:marc-marquez", "x:organization:marquez-racing", "per:retno-marsudi"} {
		if got := names(ref); got != "" {
			t.Errorf("%s may be %q, want nothing", ref, got)
		}
	}
}
