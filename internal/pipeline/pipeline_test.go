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
