package ui

import (
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

func TestDateRange(t *testing.T) {
	for _, c := range []struct{ from, to, lang, want string }{
		{"", "", "id", ""},
		{"2019-09-10", "2019-09-10", "id", "10 Sep 2019"},
		{"2019-09-10", "2019-09-20", "id", "10–20 Sep 2019"},
		{"2019-08-28", "2019-09-03", "id", "28 Agu – 3 Sep 2019"},
		{"2019-08-28", "2019-09-03", "en", "28 Aug – 3 Sep 2019"},
		{"2018-12-30", "2019-01-02", "id", "30 Des 2018 – 2 Jan 2019"},
		{"2018-12", "2019-01-02", "id", "Des 2018 – 2 Jan 2019"},
		{"2014", "2019-09-10", "en", "2014 – 10 Sep 2019"},
	} {
		if got := dateRange(c.from, c.to, c.lang); got != c.want {
			t.Errorf("dateRange(%q, %q, %s) = %q, want %q", c.from, c.to, c.lang, got, c.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	s := &warta.Story{Title: "Revisi UU KPK Disahkan DPR", From: "2019-09-10", To: "2019-09-17", Events: []*warta.EventRecord{
		{ID: "e-1", Date: "2019-09-10", Title: "Revisi UU KPK Disahkan DPR", Actors: []string{"DPR", "Jokowi-nya"}, ActorIDs: []string{"org:dpr", "x:person:jokowi-nya"},
			Reports: []warta.Report{{Outlet: "Kompas.com"}, {Outlet: "Tempo.co"}}},
		{ID: "e-2", Date: "2019-09-13", Title: "Mahasiswa Demo Tolak Revisi UU KPK", Actors: []string{"KPK", "DPR"}, ActorIDs: []string{"org:kpk", "org:dpr"},
			Reports: []warta.Report{{Outlet: "Tempo.co"}, {Outlet: "Okezone"}, {Outlet: "Tempo.co"}}},
		{ID: "e-3", Date: "2019-09-17", Title: "Jokowi Teken Revisi", Actors: []string{"Joko Widodo"}, ActorIDs: []string{"per:joko-widodo"},
			Reports: []warta.Report{{Outlet: "Kompas.com"}}},
	}}
	got := summarize(s, "id")
	if got.Title != "Revisi UU KPK Disahkan DPR" || got.Dates != "10–17 Sep 2019" || got.Events != 3 || got.Reports != 6 {
		t.Errorf("title, dates, counts: %+v", got)
	}
	if want := "Juga: Mahasiswa Demo Tolak Revisi UU KPK; Jokowi Teken Revisi"; got.Summary != want {
		t.Errorf("summary %q, want %q", got.Summary, want)
	}
	var outlets, ents []string
	for _, o := range got.Outlets {
		outlets = append(outlets, o.Name)
	}
	for _, e := range got.Entities {
		ents = append(ents, e.ID)
	}
	if g := strings.Join(outlets, " "); g != "Tempo.co Kompas.com Okezone" {
		t.Errorf("outlets %s, want the most reporting first", g)
	}
	if g := strings.Join(ents, " "); g != "org:dpr org:kpk per:joko-widodo x:person:jokowi-nya" {
		t.Errorf("entities %s, want known ones by reports, unplaced ones last", g)
	}
}

func TestGroupByDate(t *testing.T) {
	gs := groupByDate(evs("2019-09-13", "2014-10-20", "", "2019-09-10", "2019-09-10", "2019-09"), "id")
	var got []string
	for _, g := range gs {
		s := g.Label
		if g.Gap != "" {
			s = "(" + g.Gap + ") " + s
		}
		got = append(got, s+"×"+string(rune('0'+len(g.Events))))
	}
	want := "20 Okt 2014×1 | (4 tahun kemudian) Sep 2019×1 | 10 Sep 2019×2 | 13 Sep 2019×1 | Tanpa tanggal×1"
	if g := strings.Join(got, " | "); g != want {
		t.Errorf("groups:\n got %s\nwant %s", g, want)
	}
}

// TestPageAt: a publish time in its own zone, with the month in the
// interface's language (the lists said "Mei" and the dates "May").
func TestPageAt(t *testing.T) {
	for _, c := range []struct{ lang, s, want string }{
		{"id", "2021-08-17", "17 Agu 2021"},
		{"en", "2021-08-17", "17 Aug 2021"},
		{"id", "2021-08-17T10:00:00+08:00", "17 Agu 2021 10:00 WITA"},
		{"en", "2025-05-07T11:02:00+07:00", "7 May 2025 11:02 WIB"},
		{"id", "kemarin", "kemarin"},
	} {
		if got := (page{Lang: c.lang}).At(c.s); got != c.want {
			t.Errorf("At(%q) in %s = %q, want %q", c.s, c.lang, got, c.want)
		}
	}
}
