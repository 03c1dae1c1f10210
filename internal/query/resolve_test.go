package query

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/query/querytest"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/sqlite"
	"github.com/warta-news/warta/internal/text/stem"
)

func newService(t testing.TB) *Service {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &search.Searcher{Stem: stem.New().Stem}
	db.Index = s.IndexText
	querytest.Fixture(t, db)
	return New(db, s)
}

func TestResolve(t *testing.T) {
	s := newService(t)
	if n := len(querytest.Cases); n < 60 {
		t.Fatalf("%d cases, want at least 60", n)
	}
	for _, tc := range querytest.Cases {
		t.Run(tc.Query, func(t *testing.T) {
			res, err := s.Resolve(context.Background(), tc.Query)
			if tc.Code != "" {
				if code := warta.ErrorCode(err); code != tc.Code {
					t.Fatalf("Resolve(%q): err %v (code %q), want code %q", tc.Query, err, code, tc.Code)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%q): %v", tc.Query, err)
			}
			if res.Entity.ID != tc.Want || res.Ambiguous != tc.Ambiguous {
				t.Fatalf("Resolve(%q) = %s (via %s, ambiguous %v), want %s (ambiguous %v); candidates %+v",
					tc.Query, res.Entity.ID, res.Entity.Via, res.Ambiguous, tc.Want, tc.Ambiguous, res.Candidates)
			}
			if tc.Ambiguous && len(res.Candidates) == 0 {
				t.Fatalf("Resolve(%q): ambiguous with no candidates listed", tc.Query)
			}
		})
	}
}

// TestResolveSaysWhatItChose: the chosen entity comes with how the name
// matched and how many articles name it, and an ambiguous name lists the
// others.
func TestResolveSaysWhatItChose(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	res, err := s.Resolve(ctx, "jokowi")
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Entity; e.Via != ViaAlias || e.Matched != "Jokowi" || !e.Known || e.Articles != 3 || res.Ambiguous {
		t.Fatalf("jokowi: %+v", res)
	}
	if got := res.String(); got != "“jokowi” → Joko Widodo (per:joko-widodo)" {
		t.Fatalf("String() = %q", got)
	}
	res, err = s.Resolve(ctx, "santoso")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Ambiguous || len(res.Candidates) != 1 || res.Candidates[0].ID != "x:person:budi-santoso" ||
		res.String() != "“santoso” → Andi Santoso (x:person:andi-santoso); also matches Budi Santoso (x:person:budi-santoso)" {
		t.Fatalf("santoso: %+v %q", res, res.String())
	}
}
