package query

import (
	"context"
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

func TestEventAndStoryLists(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		f       ListFilter
		events  string // IDs in order, comma-separated
		stories string
		code    string
	}{
		{name: "all, newest first", events: "ev-kpk,ev-moskow", stories: "st-kpk,st-moskow"},
		{name: "entity by nickname", f: ListFilter{Entity: "jokowi"}, events: "ev-kpk", stories: "st-kpk"},
		{name: "entity by alias", f: ListFilter{Entity: "Sergei Lavrov"}, events: "ev-moskow", stories: "st-moskow"},
		{name: "from", f: ListFilter{From: "2019-09-13"}, events: "ev-kpk", stories: "st-kpk"},
		{name: "to", f: ListFilter{To: "2019-09-13"}, events: "ev-moskow", stories: "st-moskow"},
		{name: "range with the day itself", f: ListFilter{From: "2019-09-16", To: "2019-09-16"}, events: "ev-kpk", stories: "st-kpk"},
		{name: "type, any case", f: ListFilter{Types: []string{"consult"}}, events: "ev-kpk,ev-moskow", stories: "st-kpk,st-moskow"},
		{name: "type absent", f: ListFilter{Types: []string{"PROTEST"}}, events: "", stories: ""},
		{name: "outlet by name", f: ListFilter{Outlet: "TEMPO.CO"}, events: "ev-moskow", stories: "st-moskow"},
		{name: "outlet before the dot", f: ListFilter{Outlet: "kompas"}, events: "ev-kpk", stories: "st-kpk"},
		{name: "outlet prefix is not enough", f: ListFilter{Outlet: "komp"}, events: "", stories: ""},
		{name: "all filters", f: ListFilter{Entity: "KPK", Types: []string{"CONSULT"}, Outlet: "kompas.com", From: "2019-09-01", To: "2019-09-30"},
			events: "ev-kpk", stories: "st-kpk"},
		{name: "bad day", f: ListFilter{From: "16/9/2019"}, code: warta.EINVALID},
		{name: "to before from", f: ListFilter{From: "2019-09-16", To: "2019-09-01"}, code: warta.EINVALID},
		{name: "no such entity", f: ListFilter{Entity: "Nobody Here"}, code: warta.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := s.Events(ctx, tc.f, 0, 50)
			sts, err2 := s.Stories(ctx, tc.f, 0, 50)
			if tc.code != "" {
				if warta.ErrorCode(err) != tc.code || warta.ErrorCode(err2) != tc.code {
					t.Fatalf("errors %v / %v, want code %s", err, err2, tc.code)
				}
				return
			}
			if err != nil || err2 != nil {
				t.Fatal(err, err2)
			}
			var got []string
			for _, e := range evs.Events {
				got = append(got, e.ID)
			}
			if strings.Join(got, ",") != tc.events || evs.Total != len(got) {
				t.Errorf("events %v (total %d), want %s", got, evs.Total, tc.events)
			}
			got = nil
			for _, st := range sts.Stories {
				got = append(got, st.ID)
			}
			if strings.Join(got, ",") != tc.stories || sts.Total != len(got) {
				t.Errorf("stories %v (total %d), want %s", got, sts.Total, tc.stories)
			}
			if tc.f.Entity != "" && (evs.Entity == nil || sts.Entity == nil) {
				t.Errorf("the lists do not say which entity %q was taken for", tc.f.Entity)
			}
		})
	}
}

func TestListItems(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	evs, err := s.Events(ctx, ListFilter{}, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs.Events) != 1 || evs.Total != 2 {
		t.Fatalf("page 2 of 1: %+v", evs)
	}
	e := evs.Events[0]
	if e.ID != "ev-moskow" || e.Title != "Retno Bertemu Lavrov di Moskow" || e.Reports != 1 ||
		strings.Join(e.Outlets, ",") != "tempo.co" || strings.Join(e.ActorIDs, ",") != "per:retno-marsudi,per:sergey-lavrov" {
		t.Fatalf("event item %+v", e)
	}
	sts, err := s.Stories(ctx, ListFilter{Entity: "retno"}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	st := sts.Stories[0]
	if st.Title != "Retno Bertemu Lavrov di Moskow" || st.From != "2019-09-12" || st.To != "2019-09-12" || st.Events != 1 ||
		st.Reports != 1 || len(st.Entities) != 2 || strings.Join(st.Types, ",") != "CONSULT" {
		t.Fatalf("story item %+v", st)
	}
	if evs, _ := s.Events(ctx, ListFilter{}, 5, 10); len(evs.Events) != 0 || evs.Total != 2 {
		t.Fatalf("past the end: %+v", evs)
	}
}
