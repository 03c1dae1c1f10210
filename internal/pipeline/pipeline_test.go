package pipeline

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/sqlite"
)

func lineHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// fakeStages keep every line of a document except lines that recur on at
// least two other pages of the outlet: the smallest cleaner that shows the
// pipeline hands the right evidence to the extractor.
func fakeStages(enriched *atomic.Int64) Stages {
	return Stages{
		Extract: func(doc *warta.Document, rep Repeats) (*warta.Article, []warta.Problem) {
			if doc.Text == "" {
				return nil, []warta.Problem{{Source: doc.Source, Stage: "extract", Msg: "empty"}}
			}
			lines := strings.Split(doc.Text, "\n")
			a := &warta.Article{ID: doc.ID, Source: doc.Source, Outlet: doc.Hints.Outlet}
			var counts map[uint64]int
			if rep != nil {
				var hs []uint64
				for _, l := range lines {
					hs = append(hs, lineHash(l))
				}
				counts, _ = rep(a.Outlet, hs)
			}
			for _, l := range lines {
				if counts[lineHash(l)] >= 2 {
					a.Clutter = append(a.Clutter, warta.Clutter{Kind: warta.ClutterBoilerplate, Text: l})
					continue
				}
				a.Paragraphs = append(a.Paragraphs, l)
			}
			return a, nil
		},
		PageLines: func(doc *warta.Document) []uint64 {
			var hs []uint64
			for _, l := range strings.Split(doc.Text, "\n") {
				hs = append(hs, lineHash(l))
			}
			return hs
		},
		Enrich: []func(a *warta.Article) []warta.Problem{func(a *warta.Article) []warta.Problem {
			enriched.Add(1)
			a.Language = "id"
			return nil
		}},
	}
}

func doc(outlet, text string) *warta.Document {
	return &warta.Document{ID: warta.ContentID([]byte(text)), Source: "t.txt", Format: warta.FormatText,
		Raw: []byte(text), Text: text, TextFormat: warta.FormatText, Hints: warta.Hints{Outlet: outlet}}
}

func pages(outlet string, n int, sidebar string) []*warta.Document {
	var ds []*warta.Document
	for i := range n {
		ds = append(ds, doc(outlet, fmt.Sprintf("Isi berita nomor %d.\n%s", i, sidebar)))
	}
	return ds
}

func TestAnalyzeDropsLinesRepeatedAcrossPages(t *testing.T) {
	var enriched atomic.Int64
	p := &Pipeline{Stages: fakeStages(&enriched), Workers: 3}
	docs := append(pages("Contoh.com", 4, "Terpopuler: berita lain"), doc("Lain.com", "Isi.\nTerpopuler: berita lain"))
	docs = append(docs, doc("Contoh.com", ""))
	res, err := p.Analyze(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		a := res.Articles[i]
		if len(a.Paragraphs) != 1 || len(a.Clutter) != 1 || a.Language != "id" {
			t.Fatalf("article %d = %+v: want the sidebar dropped and enrichment run", i, a)
		}
	}
	if got := res.Articles[4]; len(got.Paragraphs) != 2 {
		t.Fatalf("other outlet's page lost a line: %+v", got)
	}
	if res.Articles[5] != nil || len(res.Problems) != 1 {
		t.Fatalf("empty doc: article %v problems %v, want nil and one problem", res.Articles[5], res.Problems)
	}
	if enriched.Load() != 5 {
		t.Fatalf("enriched %d articles, want 5", enriched.Load())
	}
}

func TestAnalyzeSinglePageKeepsEverything(t *testing.T) {
	var enriched atomic.Int64
	p := &Pipeline{Stages: fakeStages(&enriched)}
	res, _ := p.Analyze(context.Background(), pages("Contoh.com", 1, "Terpopuler"))
	if len(res.Articles[0].Paragraphs) != 2 {
		t.Fatalf("a line on one page only must not count as repeated: %+v", res.Articles[0])
	}
}

func TestIngestUsesStoreAcrossBatches(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var enriched atomic.Int64
	var progress atomic.Int64
	p := &Pipeline{Stages: fakeStages(&enriched), Store: db, Progress: func(done, total int) { progress.Store(int64(done)) }}
	all := pages("Contoh.com", 3, "Berita Terkait")
	// First batch: one page; nothing repeats yet.
	res, err := p.Ingest(ctx, all[:1], false)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 1 || len(res.Articles[0].Paragraphs) != 2 {
		t.Fatalf("first batch: %+v", res.Articles[0])
	}
	// A fresh pipeline (a new process) sees the stored counts.
	p = &Pipeline{Stages: fakeStages(&enriched), Store: db}
	res, err = p.Ingest(ctx, all[1:], false)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Articles {
		if len(a.Paragraphs) != 1 {
			t.Fatalf("second batch kept the sidebar: %+v", a)
		}
	}
	// Re-ingest changes nothing and analyzes nothing.
	before := enriched.Load()
	res, err = p.Ingest(ctx, all, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 0 || enriched.Load() != before {
		t.Fatalf("re-ingest: new %d, enriched %d more", res.New, enriched.Load()-before)
	}
	st, _ := db.Stats(ctx)
	if st.Documents != 3 || st.Articles != 3 {
		t.Fatalf("stats %+v", st)
	}
}

func TestAnalyzeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var enriched atomic.Int64
	p := &Pipeline{Stages: fakeStages(&enriched)}
	if _, err := p.Analyze(ctx, pages("Contoh.com", 50, "x")); err == nil {
		t.Fatal("want context error")
	}
}

func TestPanicInStageBecomesAProblem(t *testing.T) {
	var enriched atomic.Int64
	st := fakeStages(&enriched)
	st.Enrich = append(st.Enrich, func(a *warta.Article) []warta.Problem {
		if strings.Contains(a.Paragraphs[0], "boom") {
			panic("boom")
		}
		return nil
	})
	p := &Pipeline{Stages: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	res, err := p.Analyze(context.Background(), []*warta.Document{doc("A", "boom"), doc("A", "fine")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles[0] != nil || res.Articles[1] == nil || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Msg, "boom") {
		t.Fatalf("articles %v problems %v", res.Articles, res.Problems)
	}
}

// racingStore commits another batch's worth of change (a bump of the
// generation through a DeleteArticle) just before the pipeline's first
// commit, as a second process would.
type racingStore struct {
	*sqlite.DB
	raced  bool
	other  *warta.Document
	commit int
}

func (s *racingStore) CommitBatch(ctx context.Context, b *warta.Batch) (int64, error) {
	s.commit++
	if !s.raced {
		s.raced = true
		if _, err := s.DB.PutDocument(ctx, s.other); err != nil {
			return 0, err
		}
		if err := s.DB.DeleteArticle(ctx, s.other.ID); err != nil { // moves the generation on
			return 0, err
		}
	}
	return s.DB.CommitBatch(ctx, b)
}

// TestIngestAtomic: a batch analyzed against a store that moved on is
// analyzed again and committed once; a cancelled batch stores nothing.
func TestIngestAtomic(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var enriched atomic.Int64
	st := &racingStore{DB: db, other: doc("Lain.com", "dokumen lain")}
	p := &Pipeline{Stages: fakeStages(&enriched), Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	docs := pages("Contoh.com", 3, "Terpopuler")
	res, err := p.Ingest(ctx, docs, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.commit != 2 || res.New != 3 || enriched.Load() != 6 {
		t.Fatalf("commits %d, new %d, enriched %d: want the batch analyzed twice and committed once", st.commit, res.New, enriched.Load())
	}
	stats, _ := db.Stats(ctx)
	if stats.Articles != 3 || stats.Documents != 3 {
		t.Fatalf("after the retry: %+v", stats)
	}
	_, pagesStored, _ := db.LineCounts(ctx, "Contoh.com", nil)
	if pagesStored != 3 {
		t.Fatalf("line counts recorded for %d pages, want 3 (the first analysis must not count)", pagesStored)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := p.Ingest(cancelled, pages("Baru.com", 3, "Populer"), false); err == nil {
		t.Fatal("a cancelled batch must fail")
	}
	if after, _ := db.Stats(ctx); after.Documents != 3 {
		t.Fatalf("a cancelled batch stored documents: %+v", after)
	}
}
