package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/sqlite"
	"github.com/warta-news/warta/internal/store/storetest"
)

func openTemp(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestCommitBatch: a batch commits whole, and a batch analyzed against
// an older store commits nothing.
func TestCommitBatch(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	d1, d2 := storetest.MustDocument(t, "Banjir di Jakarta"), storetest.MustDocument(t, "Gempa di Palu")
	gen, err := db.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	batch := func(gen int64, docs ...*warta.Document) *warta.Batch {
		b := &warta.Batch{Gen: gen, Lines: map[string]warta.LineBatch{"Contoh.com": {Counts: map[uint64]int{7: 1}, Pages: len(docs)}},
			Problems: []warta.Problem{{Source: "test.txt", Msg: "no date"}}}
		for _, d := range docs {
			b.Documents = append(b.Documents, d)
			b.New = append(b.New, true)
			b.Articles = append(b.Articles, &warta.Article{ID: d.ID, Paragraphs: []string{d.Text}})
		}
		return b
	}
	next, err := db.CommitBatch(ctx, batch(gen, d1))
	if err != nil || next != gen+1 {
		t.Fatalf("CommitBatch = %d, %v; want generation %d", next, err, gen+1)
	}
	for _, tc := range []struct {
		name string
		b    *warta.Batch
	}{
		{"stale generation", batch(gen, d2)},
		{"document stored meanwhile", batch(next, d1, d2)},
	} {
		if _, err := db.CommitBatch(ctx, tc.b); warta.ErrorCode(err) != warta.ECONFLICT {
			t.Errorf("%s: CommitBatch = %v, want ECONFLICT", tc.name, err)
		}
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 1 || st.Articles != 1 || st.Problems != 1 {
		t.Fatalf("after one commit and two conflicts: %+v, want 1 document, article and problem", st)
	}
	counts, pages, err := db.LineCounts(ctx, "Contoh.com", []uint64{7})
	if err != nil || counts[7] != 1 || pages != 1 {
		t.Fatalf("line counts = %v %d %v, want the committed batch's only", counts, pages, err)
	}
	// The same problem again (a re-run of the same input) is not stored twice.
	if err := db.AddProblems(ctx, []warta.Problem{{Source: "test.txt", Msg: "no date"}}); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.Stats(ctx); st.Problems != 1 {
		t.Fatalf("problems after storing the same one again = %d, want 1", st.Problems)
	}
}

// TestReprocessResumes: a pending reprocess is resumed after the last
// document of its last committed batch and keeps its derived data.
func TestReprocessResumes(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	var docs []*warta.Document
	for _, s := range []string{"satu", "dua", "tiga"} {
		d := storetest.MustDocument(t, s)
		docs = append(docs, d)
	}
	if _, err := db.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if after, err := db.BeginReprocess(ctx); err != nil || after != "" {
		t.Fatalf("BeginReprocess = %q, %v; want a fresh start", after, err)
	}
	gen, _ := db.Generation(ctx)
	b := &warta.Batch{Gen: gen, Documents: docs[:2], New: []bool{false, false}, Reprocess: true,
		Articles: []*warta.Article{{ID: docs[0].ID, Paragraphs: []string{"satu"}}}}
	if _, err := db.CommitBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	// The process dies here; the next one begins again.
	after, err := db.BeginReprocess(ctx)
	if err != nil || after != docs[1].ID {
		t.Fatalf("BeginReprocess after a batch = %q, %v; want %q", after, err, docs[1].ID)
	}
	var rest []string
	db.EachDocumentAfter(ctx, after, func(d *warta.Document) error { rest = append(rest, d.ID); return nil })
	if len(rest) != 1 || rest[0] != docs[2].ID {
		t.Fatalf("documents after %s = %v, want the third only", after, rest)
	}
	if _, err := db.Article(ctx, docs[0].ID); err != nil {
		t.Fatalf("the committed batch's article is gone after resuming: %v", err)
	}
	if pending, _ := db.PendingReprocess(ctx); !pending {
		t.Fatal("reprocess not pending before EndReprocess")
	}
	db.EndReprocess(ctx)
	if pending, _ := db.PendingReprocess(ctx); pending {
		t.Fatal("reprocess still pending after EndReprocess")
	}
}
