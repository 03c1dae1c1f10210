package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/warta-news/warta/internal/cluster"
)

// BenchmarkClusterAdd measures adding one article to the clustering of a
// store that already holds 10,000 synthetic articles (`warta bench
// cluster` grows it to a million). It reports the stored candidates each
// article was compared with, which must stay flat as the store grows.
func BenchmarkClusterAdd(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "c.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	gen := cluster.NewSynthetic(1)
	n := 0
	add := func(count int) int {
		batch := cluster.NewBatch(db)
		cl := &cluster.Clusterer{Store: batch}
		for range count {
			if err := cl.Add(ctx, gen.Article(n)); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if err := batch.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		return cl.Examined
	}
	for range 5 {
		add(2000)
	}
	b.ResetTimer()
	examined, added := 0, 0
	for b.Loop() {
		// The pipeline's unit of work: a batch, one transaction.
		examined += add(100)
		added += 100
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(added), "µs/article")
	b.ReportMetric(float64(examined)/float64(added), "candidates/article")
}
