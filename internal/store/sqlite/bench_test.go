package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/sqlite"
)

// BenchmarkPutArticles stores articles shaped like the news corpus's
// (twenty entities, three events, a dozen paragraphs) in batches of 500,
// as the pipeline does: the cost per article of the row, the full-text
// index and the entity and event-type keys.
func BenchmarkPutArticles(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "w.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	para := "Menteri Luar Negeri Sugiono menerima kunjungan Menteri Luar Negeri Tiongkok Wang Yi di Jakarta untuk membahas kerja sama perdagangan."
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; {
		var docs []*warta.Document
		var arts []*warta.Article
		for i := 0; i < 500 && n < b.N; i, n = i+1, n+1 {
			raw := []byte(fmt.Sprintf("doc %d", n))
			d := &warta.Document{ID: warta.ContentID(raw), Source: "b.txt", Format: warta.FormatText, Raw: raw}
			a := &warta.Article{ID: d.ID, Title: "Judul", PublishedAt: time.Unix(int64(n), 0)}
			for p := 0; p < 12; p++ {
				a.Paragraphs = append(a.Paragraphs, para)
			}
			for e := 0; e < 20; e++ {
				a.Entities = append(a.Entities, warta.Entity{ID: fmt.Sprintf("x:person:orang-%d", (n*7+e)%5000), Name: fmt.Sprintf("Orang %d", (n*7+e)%5000)})
			}
			a.Events = []warta.Event{{Type: "CONSULT"}, {Type: "AGREE"}, {Type: "CONSULT"}}
			docs, arts = append(docs, d), append(arts, a)
		}
		if _, err := db.PutDocuments(ctx, docs); err != nil {
			b.Fatal(err)
		}
		if err := db.PutArticles(ctx, arts); err != nil {
			b.Fatal(err)
		}
	}
}
