package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/store/sqlite"
	"github.com/warta-news/warta/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) warta.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "warta.db"))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warta.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutDocument(ctx, storetest.MustDocument(t, "x")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlite.Open(ctx, path) // migrations must not re-run
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.CountDocuments(ctx); n != 1 {
		t.Fatalf("CountDocuments after reopen = %d", n)
	}
}

func TestClusterConformance(t *testing.T) {
	storetest.RunCluster(t, func(t *testing.T) warta.ClusterStore {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "warta.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestClusterBatchConformance(t *testing.T) {
	storetest.RunCluster(t, func(t *testing.T) warta.ClusterStore {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "warta.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return cluster.NewBatch(db)
	})
}

func TestSourceConformance(t *testing.T) {
	storetest.RunSources(t, func(t *testing.T) warta.SourceStore {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "warta.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestSourcesSurviveReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warta.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	src := &warta.Source{URL: "https://contoh.id/rss", Kind: warta.SourceFeed, Every: 10 * time.Minute, ETag: `"e"`}
	if err := db.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	db.MarkURL(ctx, "https://contoh.id/a", "doc")
	db.Close()
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, _ := db.Sources(ctx)
	seen, _ := db.SeenURL(ctx, "https://contoh.id/a")
	if len(got) != 1 || got[0].ETag != `"e"` || got[0].Every != 10*time.Minute || !seen {
		t.Fatalf("after reopen: %+v, seen %v", got, seen)
	}
}
