package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

// Run runs the conformance suite. open must return a fresh, empty store for
// each call; Run closes it.
func Run(t *testing.T, open func(t *testing.T) warta.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s warta.Store)
	}{
		{"DocumentRoundTrip", testDocumentRoundTrip},
		{"ReingestIsNoop", testReingestIsNoop},
		{"DocumentNotFound", testDocumentNotFound},
		{"InvalidDocument", testInvalidDocument},
		{"EachDocumentInOrder", testEachDocument},
		{"ArticleNeedsDocument", testArticleNeedsDocument},
		{"ArticleReplace", testArticleReplace},
		{"Search", testSearch},
		{"SearchFilters", testSearchFilters},
		{"SearchHostileText", testSearchHostile},
		{"LineCounts", testLineCounts},
		{"DeleteDerivedKeepsDocuments", testDeleteDerived},
		{"Problems", testProblems},
		{"ProblemsBefore", testProblemsBefore},
		{"SearchEntitiesAndEventTypes", testSearchEntitiesAndTypes},
		{"EachArticle", testEachArticle},
		{"EachEvent", testEachEvent},
		{"DeleteArticle", testDeleteArticle},
		{"Alerts", testAlerts},
		{"AlertMatches", testAlertMatches},
		{"Deliveries", testDeliveries},
		{"EntityIndex", testEntityIndex},
		{"ListEvents", testListEvents},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tc.fn(t, s)
		})
	}
}

// MustDocument returns a valid text document with the given raw text.
func MustDocument(tb testing.TB, raw string) *warta.Document {
	tb.Helper()
	return &warta.Document{ID: warta.ContentID([]byte(raw)), Source: "test.txt", Format: warta.FormatText,
		Raw: []byte(raw), Text: raw, TextFormat: warta.FormatText, Hints: warta.Hints{Outlet: "Contoh.com"}}
}

func mustPut(tb testing.TB, s warta.Store, d *warta.Document) {
	tb.Helper()
	if _, err := s.PutDocument(context.Background(), d); err != nil {
		tb.Fatalf("PutDocument: %v", err)
	}
}

func article(d *warta.Document, outlet, lang, title string, published time.Time, paras ...string) *warta.Article {
	a := &warta.Article{ID: d.ID, Source: d.Source, Outlet: outlet, Language: lang, Title: title,
		Paragraphs: paras, PublishedAt: published}
	if !published.IsZero() {
		a.Published = published.Format(time.RFC3339)
	}
	return a
}

func testDocumentRoundTrip(t *testing.T, s warta.Store) {
	ctx := context.Background()
	d := MustDocument(t, "Jakarta - Banjir melanda.\x00\xff raw bytes kept")
	d.URL = "https://contoh.com/a"
	created, err := s.PutDocument(ctx, d)
	if err != nil || !created {
		t.Fatalf("PutDocument = %v, %v; want true, nil", created, err)
	}
	got, err := s.Document(ctx, d.ID)
	if err != nil {
		t.Fatalf("Document: %v", err)
	}
	if string(got.Raw) != string(d.Raw) || got.URL != d.URL || got.Format != d.Format || got.Hints.Outlet != "Contoh.com" {
		t.Fatalf("Document = %+v, want raw/url/format/hints of %+v", got, d)
	}
	if got.IngestedAt.IsZero() {
		t.Fatalf("IngestedAt is zero")
	}
}

func testReingestIsNoop(t *testing.T, s warta.Store) {
	ctx := context.Background()
	d := MustDocument(t, "sama")
	mustPut(t, s, d)
	again := MustDocument(t, "sama")
	again.Source = "other-path.txt"
	created, err := s.PutDocument(ctx, again)
	if err != nil || created {
		t.Fatalf("second PutDocument = %v, %v; want false, nil", created, err)
	}
	n, _ := s.CountDocuments(ctx)
	if n != 1 {
		t.Fatalf("CountDocuments = %d, want 1", n)
	}
	got, _ := s.Document(ctx, d.ID)
	if got.Source != "test.txt" {
		t.Fatalf("Source = %q, want the first ingest's source kept", got.Source)
	}
}

func testDocumentNotFound(t *testing.T, s warta.Store) {
	_, err := s.Document(context.Background(), "nope")
	if warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("Document(nope) code = %q, want %q", warta.ErrorCode(err), warta.ENOTFOUND)
	}
	_, err = s.Article(context.Background(), "nope")
	if warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("Article(nope) code = %q, want %q", warta.ErrorCode(err), warta.ENOTFOUND)
	}
}

func testInvalidDocument(t *testing.T, s warta.Store) {
	_, err := s.PutDocument(context.Background(), &warta.Document{Source: "x"})
	if warta.ErrorCode(err) != warta.EINVALID {
		t.Fatalf("code = %q, want %q", warta.ErrorCode(err), warta.EINVALID)
	}
}

func testEachDocument(t *testing.T, s warta.Store) {
	ctx := context.Background()
	var want []string
	var batch []*warta.Document
	for i := range 1203 { // more than one internal page
		d := MustDocument(t, fmt.Sprintf("dokumen %d", i))
		batch = append(batch, d)
		want = append(want, d.ID)
	}
	created, err := s.PutDocuments(ctx, batch)
	if err != nil || len(created) != len(batch) || !created[0] {
		t.Fatalf("PutDocuments = %v, %v", len(created), err)
	}
	var got []string
	if err := s.EachDocument(ctx, func(d *warta.Document) error { got = append(got, d.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("EachDocument visited %d, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("EachDocument[%d] = %s, want %s (ingest order)", i, got[i], want[i])
		}
	}
}

func testArticleNeedsDocument(t *testing.T, s warta.Store) {
	err := s.PutArticle(context.Background(), &warta.Article{ID: "missing"})
	if warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("code = %q, want %q", warta.ErrorCode(err), warta.ENOTFOUND)
	}
}

func testArticleReplace(t *testing.T, s warta.Store) {
	ctx := context.Background()
	d := MustDocument(t, "a")
	mustPut(t, s, d)
	wib := time.FixedZone("WIB", 7*3600)
	a := article(d, "Suara.com", "id", "Judul lama", time.Date(2021, 7, 6, 10, 0, 0, 0, wib), "kunjungan menteri")
	if err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.Title = "Judul baru"
	a.Paragraphs = []string{"banjir besar"}
	if err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Judul baru" || got.Published != "2021-07-06T10:00:00+07:00" {
		t.Fatalf("Article = %q %q, want replaced title and published kept", got.Title, got.Published)
	}
	if _, off := got.PublishedAt.Zone(); off != 7*3600 {
		t.Fatalf("PublishedAt offset = %d, want +07:00 kept", off)
	}
	res, err := s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"kunjungan"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Fatalf("old text still indexed: %d hits", res.Total)
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"banjir"}}})
	if res.Total != 1 {
		t.Fatalf("new text not indexed: %d hits", res.Total)
	}
}

func seedSearch(t *testing.T, s warta.Store) {
	wib := time.FixedZone("WIB", 7*3600)
	docs := []struct {
		outlet, lang, title string
		at                  time.Time
		body                string
	}{
		{"Suara.com", "id", "Menlu bertemu Lavrov", time.Date(2021, 7, 6, 10, 0, 0, 0, wib), "menteri luar negeri kunjungan ke jakarta"},
		{"Kompas.com", "id", "Banjir di Semarang", time.Date(2022, 1, 2, 9, 0, 0, 0, wib), "banjir merendam rumah warga"},
		{"Kompas.com", "id", "Kunjungan kerja ke Bali", time.Date(2023, 5, 1, 8, 0, 0, 0, wib), "presiden kunjungan kerja"},
		{"Antaranews.com", "en", "Minister visits Jakarta", time.Date(2021, 7, 7, 8, 0, 0, 0, wib), "the minister visit"},
	}
	for i, x := range docs {
		d := MustDocument(t, fmt.Sprintf("doc %d", i))
		mustPut(t, s, d)
		if err := s.PutArticle(context.Background(), article(d, x.outlet, x.lang, x.title, x.at, x.body)); err != nil {
			t.Fatal(err)
		}
	}
}

func titles(res *warta.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Article.Title)
	}
	return out
}

func testSearch(t *testing.T, s warta.Store) {
	seedSearch(t, s)
	ctx := context.Background()
	res, err := s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"kunjungan"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Fatalf("kunjungan: total %d (%v), want 2", res.Total, titles(res))
	}
	// Title matches rank first.
	if res.Hits[0].Article.Title != "Kunjungan kerja ke Bali" {
		t.Fatalf("kunjungan: first hit %q, want the title match", res.Hits[0].Article.Title)
	}
	if res.Hits[0].Score < res.Hits[1].Score {
		t.Fatalf("scores not descending: %v", res.Hits)
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"kunjungan"}, {"presiden"}}})
	if res.Total != 1 {
		t.Fatalf("AND: total %d, want 1", res.Total)
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"banjir", "visit"}}})
	if res.Total != 2 {
		t.Fatalf("OR alternatives: total %d, want 2", res.Total)
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{Phrases: [][]string{{"luar", "negeri"}}})
	if res.Total != 1 {
		t.Fatalf("phrase: total %d, want 1", res.Total)
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"kunjungan"}}, Not: []string{"presiden"}})
	if res.Total != 1 || res.Hits[0].Article.Outlet != "Suara.com" {
		t.Fatalf("NOT: %v", titles(res))
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{})
	if res.Total != 4 || res.Hits[0].Article.Title != "Kunjungan kerja ke Bali" {
		t.Fatalf("empty query: %v, want all newest first", titles(res))
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{Limit: 2, Offset: 2})
	if len(res.Hits) != 2 || res.Total != 4 || res.Hits[0].Article.Title != "Minister visits Jakarta" {
		t.Fatalf("paging: %v", titles(res))
	}
}

func testSearchFilters(t *testing.T, s warta.Store) {
	seedSearch(t, s)
	ctx := context.Background()
	res, _ := s.SearchArticles(ctx, warta.SearchQuery{Outlet: "kompas.com"})
	if res.Total != 2 {
		t.Fatalf("outlet filter (case-insensitive): %d", res.Total)
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{Language: "en"})
	if res.Total != 1 {
		t.Fatalf("language filter: %d", res.Total)
	}
	res, _ = s.SearchArticles(ctx, warta.SearchQuery{From: time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)})
	if res.Total != 2 {
		t.Fatalf("date range: %d (%v)", res.Total, titles(res))
	}
	// A query of exclusions only ("-presiden") finds every article
	// without the word, newest first.
	with, _ := s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"presiden"}}})
	all, _ := s.SearchArticles(ctx, warta.SearchQuery{})
	res, err := s.SearchArticles(ctx, warta.SearchQuery{Not: []string{"presiden"}})
	if err != nil || with.Total == 0 || res.Total != all.Total-with.Total {
		t.Fatalf("NOT-only query: %v, %d results, want %d (all %d but the %d with the word)", err, res.Total, all.Total-with.Total, all.Total, with.Total)
	}
	for _, h := range res.Hits {
		for _, w := range with.Hits {
			if h.Article.ID == w.Article.ID {
				t.Fatalf("NOT-only query found %q, which has the word", h.Article.Title)
			}
		}
	}
}

func testSearchHostile(t *testing.T, s warta.Store) {
	seedSearch(t, s)
	for _, q := range []string{`"`, `a" OR "b`, `*`, `NEAR(`, `'; DROP TABLE articles; --`, `title:x`, `^`, ``} {
		if _, err := s.SearchArticles(context.Background(), warta.SearchQuery{Terms: [][]string{{q}}}); err != nil {
			t.Fatalf("term %q: %v", q, err)
		}
	}
	res, _ := s.SearchArticles(context.Background(), warta.SearchQuery{})
	if res.Total != 4 {
		t.Fatalf("articles lost after hostile queries: %d", res.Total)
	}
}

func testLineCounts(t *testing.T, s warta.Store) {
	ctx := context.Background()
	if err := s.AddLines(ctx, "Suara.com", map[uint64]int{1: 1, 2: 1, 1 << 63: 1}, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLines(ctx, "Suara.com", map[uint64]int{2: 1, 3: 1}, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLines(ctx, "Kompas.com", map[uint64]int{2: 5}, 5); err != nil {
		t.Fatal(err)
	}
	counts, pages, err := s.LineCounts(ctx, "Suara.com", []uint64{1, 2, 3, 4, 1 << 63})
	if err != nil {
		t.Fatal(err)
	}
	if pages != 2 || counts[1] != 1 || counts[2] != 2 || counts[3] != 1 || counts[4] != 0 || counts[1<<63] != 1 {
		t.Fatalf("LineCounts = %v, pages %d", counts, pages)
	}
	_, pages, _ = s.LineCounts(ctx, "Detik.com", []uint64{1})
	if pages != 0 {
		t.Fatalf("unknown outlet pages = %d", pages)
	}
}

func testDeleteDerived(t *testing.T, s warta.Store) {
	seedSearch(t, s)
	ctx := context.Background()
	s.AddLines(ctx, "Suara.com", map[uint64]int{1: 1}, 1)
	if err := s.DeleteDerived(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 4 || st.Articles != 0 {
		t.Fatalf("Stats after DeleteDerived = %+v", st)
	}
	res, _ := s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"banjir"}}})
	if res.Total != 0 {
		t.Fatalf("index not cleared")
	}
	_, pages, _ := s.LineCounts(ctx, "Suara.com", []uint64{1})
	if pages != 0 {
		t.Fatalf("line counts not cleared")
	}
}

func testProblems(t *testing.T, s warta.Store) {
	ctx := context.Background()
	if err := s.AddProblems(ctx, nil); err != nil {
		t.Fatal(err)
	}
	ps := []warta.Problem{{Source: "a.jsonl", Line: 3, Stage: "ingest", Msg: "not json"}, {Source: "b.warc.gz", Offset: 120, Msg: "truncated"}}
	if err := s.AddProblems(ctx, ps); err != nil {
		t.Fatal(err)
	}
	got, err := s.Problems(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Source != "b.warc.gz" || got[0].Offset != 120 || got[1].Line != 3 {
		t.Fatalf("Problems = %+v", got)
	}
	st, _ := s.Stats(ctx)
	if st.Problems != 2 {
		t.Fatalf("Stats.Problems = %d", st.Problems)
	}
	// Reading the same input again (re-ingest, reprocess) meets the same
	// problems: they are stored once, also when repeated in one call.
	long := warta.Problem{Source: "c.txt", Stage: "limit", Msg: strings.Repeat("panjang ", 2000)}
	if err := s.AddProblems(ctx, append(ps, long, long)); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Stats(ctx); st.Problems != 3 {
		t.Fatalf("Stats.Problems after storing the same problems again = %d, want 3", st.Problems)
	}
	if got, _ := s.ProblemsBefore(ctx, 0, 1); len(got) != 1 || got[0].At.IsZero() {
		t.Fatalf("ProblemsBefore = %+v, want the time it was stored", got)
	}
}
