package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/store/postgres"
	"github.com/warta-news/warta/internal/store/postgres/pgtest"
	"github.com/warta-news/warta/internal/store/storetest"
)

func open(t *testing.T) *postgres.DB {
	t.Helper()
	db, err := postgres.OpenMigrated(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) warta.Store { return open(t) })
}

func TestClusterConformance(t *testing.T) {
	storetest.RunCluster(t, func(t *testing.T) warta.ClusterStore {
		db := open(t)
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestClusterBatchConformance(t *testing.T) {
	storetest.RunCluster(t, func(t *testing.T) warta.ClusterStore {
		db := open(t)
		t.Cleanup(func() { db.Close() })
		return cluster.NewBatch(db)
	})
}

func TestSourceConformance(t *testing.T) {
	storetest.RunSources(t, func(t *testing.T) warta.SourceStore {
		db := open(t)
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestOpenNeedsMigrate(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	if _, err := postgres.Open(ctx, dsn); warta.ErrorCode(err) != warta.EINVALID {
		t.Fatalf("Open of an empty database: %v, want an invalid error naming warta migrate", err)
	}
	db, err := postgres.OpenMigrated(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutDocument(ctx, storetest.MustDocument(t, "x")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open after migrate: %v", err)
	}
	defer db.Close()
	if n, _ := db.CountDocuments(ctx); n != 1 {
		t.Fatalf("CountDocuments after reopen = %d", n)
	}
	again, err := db.Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Fatalf("second Migrate applied %v, %v; want nothing", again, err)
	}
}

func TestSourcesSurviveReopen(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	db, err := postgres.OpenMigrated(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	src := &warta.Source{URL: "https://contoh.id/rss", Kind: warta.SourceFeed, Every: 10 * time.Minute, ETag: `"e"`}
	if err := db.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	db.MarkURL(ctx, "https://contoh.id/a", "doc")
	db.Close()
	db, err = postgres.Open(ctx, dsn)
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
