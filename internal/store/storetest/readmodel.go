package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

// testEntityIndex checks the read model: an entity's articles newest
// first with their count, the entities named with it, a speaker's quotes,
// and that replacing, deleting and rebuilding articles keep the rows right.
func testEntityIndex(t *testing.T, s warta.Store) {
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2019, 9, d, 10, 0, 0, 0, time.UTC) }
	ent := func(id, name string) warta.Entity {
		return warta.Entity{ID: id, Name: name, Type: warta.EntityPerson, Mentions: []warta.Mention{{Text: name}}}
	}
	quote := func(speaker, id string) warta.Quote {
		q := warta.Quote{Text: "kata " + speaker, SpeakerID: id, Direct: true}
		if speaker != "" {
			q.Speaker = &speaker
		}
		return q
	}
	var ids []string
	put := func(title string, published time.Time, ents []warta.Entity, quotes ...warta.Quote) *warta.Article {
		d := MustDocument(t, "read model "+title)
		mustPut(t, s, d)
		a := article(d, "contoh.com", "id", title, published, title)
		a.Entities, a.Quotes = ents, quotes
		if err := s.PutArticle(ctx, a); err != nil {
			t.Fatalf("PutArticle: %v", err)
		}
		ids = append(ids, a.ID)
		return a
	}
	jw, kpk, retno := ent("per:joko-widodo", "Joko Widodo"), ent("org:kpk", "KPK"), ent("per:retno-marsudi", "Retno Marsudi")
	put("satu", day(10), []warta.Entity{jw, kpk, jw}, quote("Joko Widodo", "per:joko-widodo"), quote("", ""))
	put("dua", day(12), []warta.Entity{jw, retno}, quote("Jokowi", ""), quote("Retno Marsudi", "per:retno-marsudi"))
	put("tiga", time.Time{}, []warta.Entity{jw, kpk}, quote("Jokowi", "x:person:jokowi"))
	put("empat", day(11), []warta.Entity{kpk}, quote("Jokowi", "per:someone-else"))

	total, got, err := s.EntityArticles(ctx, "per:joko-widodo", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{ids[1], ids[0], ids[2]}; total != 3 || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("EntityArticles = %d %v, want 3 %v (newest first, undated last, an entity twice counted once)", total, got, want)
	}
	if total, got, _ := s.EntityArticles(ctx, "per:joko-widodo", 1, 1); total != 3 || len(got) != 1 || got[0] != ids[0] {
		t.Fatalf("EntityArticles page 2 of 1 = %d %v", total, got)
	}
	if total, got, _ := s.EntityArticles(ctx, "per:nobody", 0, 10); total != 0 || len(got) != 0 || got == nil {
		t.Fatalf("EntityArticles of nobody = %d %#v, want 0 and an empty list", total, got)
	}

	cos, err := s.CoMentions(ctx, "per:joko-widodo", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(cos) != "[{org:kpk KPK 2} {per:retno-marsudi Retno Marsudi 1}]" {
		t.Fatalf("CoMentions = %v", cos)
	}
	if cos, _ := s.CoMentions(ctx, "per:joko-widodo", 0, 1); len(cos) != 1 {
		t.Fatalf("CoMentions limit 1 = %v", cos)
	}
	// Counted over his newest articles only: "dua" (with Retno), then
	// "satu" (with the KPK); the undated "tiga" comes last.
	for within, want := range map[int]string{1: "[{per:retno-marsudi Retno Marsudi 1}]",
		2: "[{org:kpk KPK 1} {per:retno-marsudi Retno Marsudi 1}]", 3: "[{org:kpk KPK 2} {per:retno-marsudi Retno Marsudi 1}]"} {
		if cos, err := s.CoMentions(ctx, "per:joko-widodo", within, 10); err != nil || fmt.Sprint(cos) != want {
			t.Fatalf("CoMentions within %d = %v (%v), want %s", within, cos, err, want)
		}
	}

	total, qs, err := s.SpeakerQuotes(ctx, "per:joko-widodo", []string{"Joko Widodo", "JOKOWI"}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	// By ID, and as written when linked to nothing or to an x: entity;
	// not when linked to another known entity, and never the unattributed.
	want := []warta.QuoteAt{{ArticleID: ids[1], Index: 0}, {ArticleID: ids[0], Index: 0}, {ArticleID: ids[2], Index: 0}}
	if total != 3 || fmt.Sprint(qs) != fmt.Sprint(want) {
		t.Fatalf("SpeakerQuotes = %d %v, want 3 %v", total, qs, want)
	}
	if total, qs, _ := s.SpeakerQuotes(ctx, "per:joko-widodo", nil, 0, 10); total != 1 || len(qs) != 1 {
		t.Fatalf("SpeakerQuotes by ID only = %d %v", total, qs)
	}

	// Replacing an article replaces its rows.
	a, err := s.Article(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	a.Entities, a.Quotes = []warta.Entity{retno}, nil
	if err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if total, _, _ := s.EntityArticles(ctx, "per:joko-widodo", 0, 10); total != 2 {
		t.Fatalf("after the replace, %d articles name him, want 2", total)
	}
	if total, _, _ := s.SpeakerQuotes(ctx, "per:retno-marsudi", nil, 0, 10); total != 0 {
		t.Fatalf("after the replace, %d quotes of Retno, want 0", total)
	}
	// Deleting an article deletes its rows.
	if err := s.DeleteArticle(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if total, got, _ := s.EntityArticles(ctx, "per:joko-widodo", 0, 10); total != 1 || got[0] != ids[2] {
		t.Fatalf("after the delete: %d %v", total, got)
	}
	if cos, _ := s.CoMentions(ctx, "per:joko-widodo", 0, 10); fmt.Sprint(cos) != "[{org:kpk KPK 1}]" {
		t.Fatalf("after the delete, CoMentions = %v", cos)
	}
	// Rebuilding derived data empties them.
	if err := s.DeleteDerived(ctx); err != nil {
		t.Fatal(err)
	}
	if total, _, _ := s.EntityArticles(ctx, "org:kpk", 0, 10); total != 0 {
		t.Fatalf("after DeleteDerived, %d articles name KPK", total)
	}
	if total, _, _ := s.SpeakerQuotes(ctx, "per:joko-widodo", []string{"jokowi"}, 0, 10); total != 0 {
		t.Fatalf("after DeleteDerived, %d quotes", total)
	}
}

// testListEvents pages events newest first with their filters.
func testListEvents(t *testing.T, s warta.Store) {
	ctx := context.Background()
	ev := func(id, date, typ string, outlets ...string) *warta.EventRecord {
		e := &warta.EventRecord{ID: id, StoryID: "s-" + id, Date: date, Type: typ}
		for i, o := range outlets {
			e.Reports = append(e.Reports, warta.Report{ArticleID: fmt.Sprintf("%s-%d", id, i), Outlet: o})
		}
		return e
	}
	for _, e := range []*warta.EventRecord{
		ev("e1", "2019-09-12", "CONSULT", "tempo.co"),
		ev("e2", "2019-09-16", "consult", "Kompas.com", "okezone.com"),
		ev("e3", "2019-09-16", "PROTEST", "kompas.id"),
		ev("e4", "", "AGREE", "tempo.co"),
		ev("e5", "2019-09-30", "AGREE", "kompasiana_com"),
	} {
		if err := s.PutEvent(ctx, e, []string{"k:" + e.ID}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    warta.EventFilter
		want string
	}{
		{"all, newest first, undated last", warta.EventFilter{}, "e5 e2 e3 e1 e4"},
		{"from", warta.EventFilter{From: "2019-09-16"}, "e5 e2 e3"},
		{"to, the day included", warta.EventFilter{To: "2019-09-16"}, "e2 e3 e1"},
		{"one day", warta.EventFilter{From: "2019-09-16", To: "2019-09-16"}, "e2 e3"},
		{"types without case", warta.EventFilter{Types: []string{"Consult", "agree"}}, "e5 e2 e1 e4"},
		{"outlet by name without case", warta.EventFilter{Outlet: "KOMPAS.COM"}, "e2"},
		{"outlet before the dot", warta.EventFilter{Outlet: "kompas"}, "e2 e3"},
		{"a wildcard is a character", warta.EventFilter{Outlet: "kompas_com"}, ""},
		{"outlet and type", warta.EventFilter{Outlet: "tempo", Types: []string{"AGREE"}}, "e4"},
	}
	for _, tc := range tests {
		total, evs, err := s.ListEvents(ctx, tc.f, 0, 10)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, e := range evs {
			got = append(got, e.ID)
		}
		if strings.Join(got, " ") != tc.want || total != len(got) {
			t.Errorf("%s: %v (total %d), want %s", tc.name, got, total, tc.want)
		}
	}
	total, evs, err := s.ListEvents(ctx, warta.EventFilter{}, 1, 2)
	if err != nil || total != 5 || len(evs) != 2 || evs[0].ID != "e2" || evs[1].ID != "e3" || evs[0].StoryID != "s-e2" || len(evs[0].Reports) != 2 {
		t.Fatalf("page 2 of 2: %d %+v %v", total, evs, err)
	}
	if total, evs, _ := s.ListEvents(ctx, warta.EventFilter{}, 10, 2); total != 5 || evs == nil || len(evs) != 0 {
		t.Fatalf("past the end: %d %#v", total, evs)
	}

	// Stories: a later event of e1's story makes it the latest story,
	// though only e1 matches the filter; a story of undated events only
	// comes last.
	late := ev("e6", "2019-10-01", "PROTEST", "antaranews.com")
	late.StoryID = "s-e1"
	if err := s.PutEvent(ctx, late, []string{"k:e6"}); err != nil {
		t.Fatal(err)
	}
	stories := []struct {
		name string
		f    warta.EventFilter
		want string
	}{
		{"all, latest first", warta.EventFilter{}, "s-e1 s-e5 s-e2 s-e3 s-e4"},
		{"by a matching event, ordered by all", warta.EventFilter{Outlet: "tempo"}, "s-e1 s-e4"},
		{"to", warta.EventFilter{To: "2019-09-12"}, "s-e1"},
		{"types", warta.EventFilter{Types: []string{"protest"}}, "s-e1 s-e3"},
		{"none", warta.EventFilter{Outlet: "detik"}, ""},
	}
	for _, tc := range stories {
		total, ids, err := s.ListStories(ctx, tc.f, 0, 10)
		if err != nil {
			t.Fatalf("stories %s: %v", tc.name, err)
		}
		if strings.Join(ids, " ") != tc.want || total != len(ids) {
			t.Errorf("stories %s: %v (total %d), want %s", tc.name, ids, total, tc.want)
		}
	}
	if total, ids, _ := s.ListStories(ctx, warta.EventFilter{}, 1, 2); total != 5 || strings.Join(ids, " ") != "s-e5 s-e2" {
		t.Fatalf("stories page 2 of 2: %d %v", total, ids)
	}
}
