package storetest

import (
	"context"
	"testing"

	"github.com/warta-news/warta"
)

// RunCluster runs the conformance suite for warta.ClusterStore. open must
// return a fresh, empty store.
func RunCluster(t *testing.T, open func(t *testing.T) warta.ClusterStore) {
	ctx := context.Background()
	t.Run("NearDuplicates", func(t *testing.T) {
		s := open(t)
		s.PutSignature(ctx, warta.Signed{ArticleID: "a", Signature: []byte{1, 2}, Published: "2021-07-06"}, []uint64{1, 2, 1 << 63})
		s.PutSignature(ctx, warta.Signed{ArticleID: "b", Signature: []byte{3}, DuplicateOf: "a"}, []uint64{2, 3})
		got, err := s.NearDuplicates(ctx, []uint64{2})
		if err != nil || len(got) != 2 {
			t.Fatalf("NearDuplicates(2) = %v, %v; want a and b", got, err)
		}
		got, _ = s.NearDuplicates(ctx, []uint64{1 << 63})
		if len(got) != 1 || got[0].ArticleID != "a" || string(got[0].Signature) != "\x01\x02" || got[0].Published != "2021-07-06" {
			t.Fatalf("NearDuplicates(1<<63) = %+v", got)
		}
		got, _ = s.NearDuplicates(ctx, []uint64{3})
		if len(got) != 1 || got[0].DuplicateOf != "a" {
			t.Fatalf("DuplicateOf lost: %+v", got)
		}
		if got, _ := s.NearDuplicates(ctx, []uint64{99}); len(got) != 0 {
			t.Fatalf("unknown key matched %v", got)
		}
	})
	t.Run("Events", func(t *testing.T) {
		s := open(t)
		e1 := &warta.EventRecord{ID: "e1", StoryID: "s1", Type: "CONSULT", Date: "2021-07-06", ActorIDs: []string{"x", "y"},
			Reports: []warta.Report{{ArticleID: "a"}}}
		e2 := &warta.EventRecord{ID: "e2", StoryID: "s1", Type: "AGREE", Date: "", ActorIDs: []string{"x"}}
		e3 := &warta.EventRecord{ID: "e3", StoryID: "s2", Type: "CONSULT", Date: "2017-08-08", ActorIDs: []string{"x", "y"}}
		for _, e := range []*warta.EventRecord{e1, e2, e3} {
			if err := s.PutEvent(ctx, e, []string{"a:x", "t:" + e.Type + "|x"}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.EventCandidates(ctx, []string{"t:CONSULT|x"})
		if err != nil || len(got) != 2 {
			t.Fatalf("EventCandidates = %v, %v", got, err)
		}
		e1.Reports = append(e1.Reports, warta.Report{ArticleID: "b"})
		s.PutEvent(ctx, e1, []string{"a:x"})
		ev, err := s.Event(ctx, "e1")
		if err != nil || len(ev.Reports) != 2 {
			t.Fatalf("Event(e1) = %+v, %v; want the update", ev, err)
		}
		if _, err := s.Event(ctx, "nope"); warta.ErrorCode(err) != warta.ENOTFOUND {
			t.Fatalf("Event(nope) code %q", warta.ErrorCode(err))
		}
		st, err := s.Story(ctx, "s1")
		if err != nil || len(st.Events) != 2 || st.Events[0].ID != "e1" {
			t.Fatalf("Story(s1) = %+v, %v; want dated events first", st, err)
		}
		if _, err := s.Story(ctx, "nope"); warta.ErrorCode(err) != warta.ENOTFOUND {
			t.Fatalf("Story(nope) code %q", warta.ErrorCode(err))
		}
		tl, err := s.Timeline(ctx, "x", "y")
		if err != nil || len(tl) != 2 || tl[0].ID != "e3" || tl[1].ID != "e1" {
			t.Fatalf("Timeline(x, y) = %v, %v; want e3, e1", tl, err)
		}
		tl, _ = s.Timeline(ctx, "x", "")
		if len(tl) != 3 || tl[2].ID != "e2" {
			t.Fatalf("Timeline(x) = %v; want undated last", tl)
		}
	})
}
