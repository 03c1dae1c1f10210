package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

// RunSources runs the conformance suite for warta.SourceStore. open must
// return a fresh, empty store for each call and close it when the test
// ends.
func RunSources(t *testing.T, open func(t *testing.T) warta.SourceStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s warta.SourceStore)
	}{
		{"RoundTrip", testSourceRoundTrip},
		{"Conflict", testSourceConflict},
		{"Invalid", testSourceInvalid},
		{"UpdateAndRemove", testSourceUpdateRemove},
		{"SeenURLs", testSeenURLs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func testSourceRoundTrip(t *testing.T, s warta.SourceStore) {
	ctx := context.Background()
	next := time.Date(2025, 5, 6, 3, 10, 0, 0, time.UTC)
	a := &warta.Source{URL: "https://contoh.id/rss", Kind: warta.SourceFeed, Outlet: "Contoh.id", Every: 10 * time.Minute,
		ETag: `"abc"`, LastModified: "Tue, 06 May 2025 03:00:00 GMT", NextAt: next}
	b := &warta.Source{URL: "https://contoh.id/sitemap.xml", Kind: warta.SourceSitemap, Every: time.Hour}
	for _, src := range []*warta.Source{a, b} {
		if err := s.AddSource(ctx, src); err != nil {
			t.Fatalf("AddSource: %v", err)
		}
	}
	if a.ID == 0 || b.ID == 0 || a.ID == b.ID || a.AddedAt.IsZero() {
		t.Fatalf("IDs %d %d, AddedAt %v", a.ID, b.ID, a.AddedAt)
	}
	got, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID {
		t.Fatalf("Sources = %+v", got)
	}
	g := got[0]
	if g.URL != a.URL || g.Kind != a.Kind || g.Outlet != a.Outlet || g.Every != a.Every || g.ETag != a.ETag ||
		g.LastModified != a.LastModified || !g.NextAt.Equal(next) || g.AddedAt.IsZero() || !g.LastFetched.IsZero() {
		t.Fatalf("Sources[0] = %+v, want %+v", g, a)
	}
}

func testSourceConflict(t *testing.T, s warta.SourceStore) {
	ctx := context.Background()
	src := &warta.Source{URL: "https://contoh.id/rss", Kind: warta.SourceFeed, Every: time.Minute}
	if err := s.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	again := &warta.Source{URL: "https://contoh.id/rss", Kind: warta.SourcePage, Every: time.Hour}
	if err := s.AddSource(ctx, again); warta.ErrorCode(err) != warta.ECONFLICT {
		t.Fatalf("second AddSource code = %q (%v), want %q", warta.ErrorCode(err), err, warta.ECONFLICT)
	}
}

func testSourceInvalid(t *testing.T, s warta.SourceStore) {
	ctx := context.Background()
	for _, src := range []*warta.Source{
		{Kind: warta.SourceFeed, Every: time.Minute},
		{URL: "https://contoh.id/x", Kind: "podcast", Every: time.Minute},
		{URL: "https://contoh.id/x", Kind: warta.SourcePage},
	} {
		if err := s.AddSource(ctx, src); warta.ErrorCode(err) != warta.EINVALID {
			t.Errorf("AddSource(%+v) code = %q, want %q", src, warta.ErrorCode(err), warta.EINVALID)
		}
	}
}

func testSourceUpdateRemove(t *testing.T, s warta.SourceStore) {
	ctx := context.Background()
	src := &warta.Source{URL: "https://contoh.id/rss", Kind: warta.SourceFeed, Every: time.Minute}
	if err := s.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	fetched := time.Date(2025, 5, 6, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	src.ETag, src.LastFetched, src.LastResult, src.Failures = `"v2"`, fetched, "error: HTTP 503", 2
	src.NextAt = fetched.Add(4 * time.Minute)
	if err := s.UpdateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Sources(ctx)
	if len(got) != 1 || got[0].ETag != `"v2"` || !got[0].LastFetched.Equal(fetched) || got[0].LastResult != "error: HTTP 503" ||
		got[0].Failures != 2 || !got[0].NextAt.Equal(src.NextAt) {
		t.Fatalf("after update: %+v", got[0])
	}
	if err := s.RemoveSource(ctx, src.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Sources(ctx); len(got) != 0 {
		t.Fatalf("after remove: %+v", got)
	}
	if err := s.RemoveSource(ctx, src.ID); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("second remove code = %q", warta.ErrorCode(err))
	}
	if err := s.UpdateSource(ctx, src); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("update of removed code = %q", warta.ErrorCode(err))
	}
}

func testSeenURLs(t *testing.T, s warta.SourceStore) {
	ctx := context.Background()
	u := "https://contoh.id/berita/banjir"
	if seen, err := s.SeenURL(ctx, u); err != nil || seen {
		t.Fatalf("SeenURL before = %v, %v", seen, err)
	}
	if err := s.MarkURL(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkURL(ctx, u, "0123abcd"); err != nil { // marking twice is fine
		t.Fatal(err)
	}
	if err := s.MarkURL(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	if seen, err := s.SeenURL(ctx, u); err != nil || !seen {
		t.Fatalf("SeenURL after = %v, %v", seen, err)
	}
	if seen, _ := s.SeenURL(ctx, u+"/2"); seen {
		t.Fatal("another URL counts as seen")
	}
	if err := s.MarkURL(ctx, " ", "x"); warta.ErrorCode(err) != warta.EINVALID {
		t.Fatalf("MarkURL(empty) code = %q", warta.ErrorCode(err))
	}
}
