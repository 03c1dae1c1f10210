package query

import (
	"context"
	"strings"
	"testing"
)

func TestLatestEvents(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	for _, c := range []struct {
		n    int
		want string
	}{{10, "ev-kpk,ev-moskow"}, {1, "ev-kpk"}} {
		evs, err := s.LatestEvents(ctx, c.n)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range evs {
			ids = append(ids, e.ID)
			if e.Centroid != nil {
				t.Errorf("%s carries the model's centroid", e.ID)
			}
		}
		if got := strings.Join(ids, ","); got != c.want {
			t.Errorf("LatestEvents(%d) = %s, want %s (newest report first)", c.n, got, c.want)
		}
	}
}
