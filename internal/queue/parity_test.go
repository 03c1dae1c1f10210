package queue_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/postgres"
	"github.com/warta-news/warta/internal/store/postgres/pgtest"
	"github.com/warta-news/warta/internal/store/sqlite"
	"github.com/warta-news/warta/internal/text/stem"
)

// parityQueries are everyday searches of Indonesian news.
var parityQueries = []string{"presiden", "jokowi", "banjir", "korupsi", "kpk tersangka", "gempa", "polisi", "harga",
	"timnas indonesia", `"dewan perwakilan rakyat"`, "pemilu OR pilkada", "kebakaran hutan", "menteri -jokowi",
	"sekolah", "pertandingan", "artis", "kecelakaan", "demo mahasiswa", "rupiah", "papua", "dpr revisi", "film",
	"ekonomi", "narkoba", "pesawat", "sepak bola", "ibu kota", "hujan", "penipuan", "bank"}

// TestSearchParityNewsCorpus ingests the first 600 articles of the news
// corpus into both stores (SQLite in process, PostgreSQL through the
// queue) and asks both thirty everyday searches: the same counts, the
// same number of hits every time (matching is the same), and the same
// first ten articles, measured as the mean share of one store's top ten
// found in the other's (ranking: FTS5's bm25 there, idf × ts_rank here).
// It lives here rather than in internal/cli to spread the slow tests
// over packages.
func TestSearchParityNewsCorpus(t *testing.T) {
	dsn := pgtest.DSN(t)
	shared := eval.SharedDir()
	if shared == "" {
		t.Skip("../shared is absent: skipping the search comparison over the news corpus")
	}
	f, err := os.Open(filepath.Join(shared, "data", "news-corpus", "click-id", "articles.jsonl.gz"))
	if err != nil {
		t.Skipf("news corpus: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var lines []string
	for sc.Scan() && len(lines) < 600 {
		lines = append(lines, sc.Text())
	}
	sample := filepath.Join(t.TempDir(), "sample.jsonl")
	if err := os.WriteFile(sample, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "warta.db")
	// Some of the corpus's records are problems (exit status 3), the
	// same ones in both stores.
	runWartaProblems(t, "ingest", sample, "--db", dbPath)
	runWarta(t, "migrate", "--db", dsn)
	runWartaProblems(t, "ingest", sample, "--db", dsn, "--jobs", "1")
	lite, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	s := &search.Searcher{Stem: stem.New().Stem}
	lite.Index, pg.Index = s.IndexText, s.IndexText
	a, _ := lite.Stats(ctx)
	b, _ := pg.Stats(ctx)
	if a.Articles != b.Articles || a.Problems != b.Problems || a.Events != b.Events || a.Articles == 0 {
		t.Errorf("counts differ: sqlite %+v, postgres %+v", a, b)
	}
	var overlap float64
	sameOrder, asked := 0, 0
	for _, qs := range parityQueries {
		q, err := s.Parse(qs)
		if err != nil {
			t.Fatal(err)
		}
		q.Limit = 10
		a, err := lite.SearchArticles(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := pg.SearchArticles(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Total != b.Total {
			t.Errorf("%q: %d hits in SQLite, %d in PostgreSQL", qs, a.Total, b.Total)
		}
		if a.Total == 0 {
			continue
		}
		asked++
		in := map[string]bool{}
		var ia, ib []string
		for _, h := range a.Hits {
			in[h.Article.ID] = true
			ia = append(ia, h.Article.ID)
		}
		shared := 0
		for _, h := range b.Hits {
			ib = append(ib, h.Article.ID)
			if in[h.Article.ID] {
				shared++
			}
		}
		overlap += float64(shared) / float64(max(len(ia), len(ib)))
		if strings.Join(ia, " ") == strings.Join(ib, " ") {
			sameOrder++
		}
	}
	if asked < 20 {
		t.Fatalf("only %d of %d searches found anything in 600 articles", asked, len(parityQueries))
	}
	overlap /= float64(asked)
	t.Logf("%d searches with hits: mean top-10 overlap %.3f, identical top-10 order in %d", asked, overlap, sameOrder)
	if overlap < 0.8 {
		t.Errorf("mean top-10 overlap %.3f < 0.8", overlap)
	}
}
