package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

func testProblemsBefore(t *testing.T, s warta.Store) {
	ctx := context.Background()
	var ps []warta.Problem
	for i := range 5 {
		ps = append(ps, warta.Problem{Source: fmt.Sprintf("f%d", i), Msg: "bad"})
	}
	if err := s.AddProblems(ctx, ps); err != nil {
		t.Fatal(err)
	}
	first, err := s.ProblemsBefore(ctx, 0, 2)
	if err != nil || len(first) != 2 || first[0].Source != "f4" || first[0].ID <= first[1].ID {
		t.Fatalf("first page = %+v, %v", first, err)
	}
	// A problem arriving between pages does not shift the next page.
	s.AddProblems(ctx, []warta.Problem{{Source: "late", Msg: "bad"}})
	next, _ := s.ProblemsBefore(ctx, first[1].ID, 10)
	if len(next) != 3 || next[0].Source != "f2" || next[2].Source != "f0" {
		t.Fatalf("second page = %+v", next)
	}
}

// seedUnderstood stores three articles with entities and events.
func seedUnderstood(t *testing.T, s warta.Store) []string {
	t.Helper()
	ctx := context.Background()
	wib := time.FixedZone("WIB", 7*3600)
	day := func(d int) *string { v := fmt.Sprintf("2025-05-%02d", d); return &v }
	retno := warta.Entity{ID: "per:retno-marsudi", Name: "Retno Marsudi", Type: warta.EntityPerson}
	lavrov := warta.Entity{ID: "per:sergey-lavrov", Name: "Sergey Lavrov", Type: warta.EntityPerson}
	kpk := warta.Entity{ID: "org:kpk", Name: "Komisi Pemberantasan Korupsi", Type: warta.EntityOrganization}
	var ids []string
	for i, x := range []struct {
		title    string
		entities []warta.Entity
		events   []warta.Event
	}{
		{"Retno bertemu Lavrov", []warta.Entity{retno, lavrov}, []warta.Event{{ID: "e1", Type: "CONSULT", Date: day(6), ActorIDs: []string{retno.ID, lavrov.ID}}}},
		{"KPK menangkap bupati", []warta.Entity{kpk}, []warta.Event{{ID: "e2", Type: "ARREST", Date: day(7)}}},
		{"Retno di Jakarta", []warta.Entity{retno}, nil},
	} {
		d := MustDocument(t, "understood "+x.title)
		mustPut(t, s, d)
		a := article(d, "Contoh.com", "id", x.title, time.Date(2025, 5, 6+i, 9, 0, 0, 0, wib), "isi berita "+x.title)
		a.Entities, a.Events = x.entities, x.events
		if len(x.events) > 0 {
			a.EventID = x.events[0].ID
		}
		if err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	return ids
}

func testSearchEntitiesAndTypes(t *testing.T, s warta.Store) {
	seedUnderstood(t, s)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		q    warta.SearchQuery
		want int
	}{
		{"entity id", warta.SearchQuery{Entities: []string{"per:retno-marsudi"}}, 2},
		{"entity name any case", warta.SearchQuery{Entities: []string{"retno marsudi"}}, 2},
		{"two entities", warta.SearchQuery{Entities: []string{"per:retno-marsudi", "per:sergey-lavrov"}}, 1},
		{"unknown entity", warta.SearchQuery{Entities: []string{"per:nobody"}}, 0},
		{"event type", warta.SearchQuery{EventTypes: []string{"consult"}}, 1},
		{"either type", warta.SearchQuery{EventTypes: []string{"CONSULT", "ARREST"}}, 2},
		{"type and words", warta.SearchQuery{EventTypes: []string{"ARREST"}, Terms: [][]string{{"bupati"}}}, 1},
	} {
		res, err := s.SearchArticles(ctx, tc.q)
		if err != nil || res.Total != tc.want || len(res.Hits) != tc.want {
			t.Errorf("%s: %v, %v; want %d", tc.name, res, err, tc.want)
		}
	}
}

func testEachArticle(t *testing.T, s warta.Store) {
	ctx := context.Background()
	// More than one page of the store's walk, so keyset paging is exercised.
	var want []string
	var docs []*warta.Document
	var arts []*warta.Article
	for i := range 1203 {
		d := MustDocument(t, fmt.Sprintf("each %d", i))
		word := "ganjil"
		if i%2 == 0 {
			word = "genap"
			want = append(want, d.ID)
		}
		docs = append(docs, d)
		arts = append(arts, article(d, "Contoh.com", "id", "t", time.Time{}, word))
	}
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if err := s.PutArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	var all, even []string
	if err := s.EachArticle(ctx, warta.SearchQuery{}, func(a *warta.Article) error { all = append(all, a.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.EachArticle(ctx, warta.SearchQuery{Terms: [][]string{{"genap"}}}, func(a *warta.Article) error { even = append(even, a.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) != 1203 || len(even) != len(want) {
		t.Fatalf("EachArticle: %d all, %d even; want 1203, %d", len(all), len(even), len(want))
	}
	for i := range want {
		if even[i] != want[i] {
			t.Fatalf("EachArticle order: %d is %s, want %s (store order)", i, even[i], want[i])
		}
	}
	stop := errors.New("stop")
	n := 0
	err := s.EachArticle(ctx, warta.SearchQuery{}, func(*warta.Article) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("EachArticle did not stop at fn's error: %v after %d", err, n)
	}
}

func testEachEvent(t *testing.T, s warta.Store) {
	ctx := context.Background()
	var evs []warta.EventKeys
	for i := range 1100 {
		date := fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)
		if i%10 == 0 {
			date = ""
		}
		evs = append(evs, warta.EventKeys{Event: &warta.EventRecord{ID: fmt.Sprintf("e%04d", i), Type: "CONSULT", Date: date}})
	}
	if b, ok := s.(warta.ClusterBatcher); ok {
		if err := b.PutClusterBatch(ctx, nil, evs); err != nil {
			t.Fatal(err)
		}
	} else {
		for _, e := range evs {
			if err := s.PutEvent(ctx, e.Event, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []*warta.EventRecord
	if err := s.EachEvent(ctx, func(e *warta.EventRecord) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1100 {
		t.Fatalf("EachEvent gave %d events, want 1100", len(got))
	}
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		switch {
		case a.Date == "" && b.Date != "":
			t.Fatalf("undated %s before dated %s", a.ID, b.ID)
		case a.Date != "" && b.Date != "" && (a.Date > b.Date || a.Date == b.Date && a.ID >= b.ID):
			t.Fatalf("out of order: %s %s then %s %s", a.Date, a.ID, b.Date, b.ID)
		}
	}
	st, _ := s.Stats(ctx)
	if st.Events != 1100 {
		t.Fatalf("Stats.Events = %d", st.Events)
	}
}

func testDeleteArticle(t *testing.T, s warta.Store) {
	ids := seedUnderstood(t, s)
	ctx := context.Background()
	// e1 is reported by the first article and one more; e2 only by the second.
	s.PutEvent(ctx, &warta.EventRecord{ID: "e1", StoryID: "s1", Type: "CONSULT", Date: "2025-05-06",
		Reports: []warta.Report{{ArticleID: ids[0]}, {ArticleID: "elsewhere"}}}, []string{"a:per:retno-marsudi"})
	s.PutEvent(ctx, &warta.EventRecord{ID: "e2", StoryID: "s2", Type: "ARREST", Date: "2025-05-07",
		Reports: []warta.Report{{ArticleID: ids[1]}}}, nil)
	for _, id := range ids[:2] {
		if err := s.DeleteArticle(ctx, id); err != nil {
			t.Fatalf("DeleteArticle(%s): %v", id, err)
		}
	}
	if _, err := s.Article(ctx, ids[0]); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("article still there: %v", err)
	}
	if _, err := s.Document(ctx, ids[0]); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("document still there: %v", err)
	}
	res, _ := s.SearchArticles(ctx, warta.SearchQuery{Terms: [][]string{{"lavrov"}}})
	if res.Total != 0 {
		t.Fatalf("deleted article still found by search")
	}
	e1, err := s.Event(ctx, "e1")
	if err != nil || len(e1.Reports) != 1 || e1.Reports[0].ArticleID != "elsewhere" {
		t.Fatalf("e1 after delete = %+v, %v", e1, err)
	}
	if _, err := s.Event(ctx, "e2"); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("event without reports kept: %v", err)
	}
	if tl, _ := s.Timeline(ctx, "per:retno-marsudi", ""); len(tl) != 0 {
		// e1 was indexed under the actor key, but never had actor IDs here.
		t.Logf("timeline after delete: %v", tl)
	}
	if err := s.DeleteArticle(ctx, ids[0]); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("second delete: code %q, want not_found", warta.ErrorCode(err))
	}
	st, _ := s.Stats(ctx)
	if st.Documents != 1 || st.Articles != 1 {
		t.Fatalf("Stats after delete = %+v", st)
	}
}

func testAlerts(t *testing.T, s warta.Store) {
	ctx := context.Background()
	a := &warta.Alert{Name: " Menlu ", Query: "menlu", Entities: []string{"per:sugiono", " ", "per:sugiono"}, EventTypes: []string{"consult"}}
	if err := s.AddAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.CreatedAt.IsZero() || a.Name != "Menlu" || len(a.Entities) != 1 || a.EventTypes[0] != "CONSULT" {
		t.Fatalf("AddAlert left %+v", a)
	}
	if err := s.AddAlert(ctx, &warta.Alert{Name: "Menlu", Query: "x"}); warta.ErrorCode(err) != warta.ECONFLICT {
		t.Fatalf("same name: code %q, want conflict", warta.ErrorCode(err))
	}
	if err := s.AddAlert(ctx, &warta.Alert{Name: "all"}); warta.ErrorCode(err) != warta.EINVALID {
		t.Fatalf("alert matching everything: code %q, want invalid", warta.ErrorCode(err))
	}
	b := &warta.Alert{Name: "banjir", Query: "banjir", Webhook: "http://example.invalid/hook"}
	s.AddAlert(ctx, b)
	all, err := s.Alerts(ctx)
	if err != nil || len(all) != 2 || all[1].Webhook != b.Webhook {
		t.Fatalf("Alerts = %+v, %v", all, err)
	}
	got, err := s.Alert(ctx, a.ID)
	if err != nil || got.Query != "menlu" || got.Entities[0] != "per:sugiono" {
		t.Fatalf("Alert = %+v, %v", got, err)
	}
	if err := s.RemoveAlert(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Alert(ctx, a.ID); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("removed alert: %v", err)
	}
	if err := s.RemoveAlert(ctx, a.ID); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("remove twice: %v", err)
	}
}

func testAlertMatches(t *testing.T, s warta.Store) {
	ctx := context.Background()
	old := seedUnderstood(t, s) // stored before the alert: never matches
	a := &warta.Alert{Name: "retno", Entities: []string{"per:retno-marsudi"}}
	if err := s.AddAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 5, 8, 0, 0, 0, 0, time.UTC)
	q := warta.SearchQuery{Entities: a.Entities}
	if n, err := s.MatchAlert(ctx, a.ID, q, now); err != nil || n != 0 {
		t.Fatalf("MatchAlert before new articles = %d, %v", n, err)
	}
	var fresh []string
	for i, title := range []string{"Retno ke Moskow", "Banjir Demak", "Retno pulang"} {
		d := MustDocument(t, "fresh "+title)
		mustPut(t, s, d)
		ar := article(d, "Contoh.com", "id", title, time.Time{}, "isi")
		if i != 1 {
			ar.Entities = []warta.Entity{{ID: "per:retno-marsudi", Name: "Retno Marsudi"}}
		}
		s.PutArticle(ctx, ar)
		fresh = append(fresh, d.ID)
	}
	if n, err := s.MatchAlert(ctx, a.ID, q, now); err != nil || n != 2 {
		t.Fatalf("MatchAlert = %d, %v; want 2", n, err)
	}
	if n, _ := s.MatchAlert(ctx, a.ID, q, now); n != 0 {
		t.Fatalf("matching again found %d, want 0", n)
	}
	ms, err := s.AlertMatches(ctx, a.ID, 10)
	if err != nil || len(ms) != 2 || ms[0].ArticleID != fresh[2] || ms[1].ArticleID != fresh[0] || !ms[0].MatchedAt.Equal(now) {
		t.Fatalf("AlertMatches = %+v, %v (old %v)", ms, err, old)
	}
	// No webhook, no delivery.
	if _, ok, _ := s.NextDelivery(ctx); ok {
		t.Fatal("a delivery was queued for an alert without webhook")
	}
	// Deleting an article drops its match.
	s.DeleteArticle(ctx, fresh[0])
	if ms, _ := s.AlertMatches(ctx, a.ID, 10); len(ms) != 1 {
		t.Fatalf("matches after delete = %+v", ms)
	}
	// A back-filled alert matches the archive too: the seeded articles
	// that name Retno, and the fresh one left.
	bf := &warta.Alert{Name: "retno archive", Entities: []string{"per:retno-marsudi"}, Backfill: true}
	if err := s.AddAlert(ctx, bf); err != nil {
		t.Fatal(err)
	}
	want, err := s.SearchArticles(ctx, warta.SearchQuery{Entities: bf.Entities})
	if err != nil || want.Total < 2 {
		t.Fatalf("archive articles naming Retno: %v, %v", want, err)
	}
	if n, err := s.MatchAlert(ctx, bf.ID, q, now); err != nil || n != want.Total {
		t.Fatalf("back-filled MatchAlert = %d, %v; want the archive's %d", n, err, want.Total)
	}
	if n, _ := s.MatchAlert(ctx, bf.ID, q, now); n != 0 {
		t.Fatalf("matching a back-filled alert again found %d, want 0", n)
	}
	if _, err := s.MatchAlert(ctx, 999, q, now); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("MatchAlert(999): %v", err)
	}
}

func testDeliveries(t *testing.T, s warta.Store) {
	ctx := context.Background()
	a := &warta.Alert{Name: "banjir", Query: "banjir", Webhook: "http://example.invalid/hook"}
	if err := s.AddAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	q := warta.SearchQuery{Terms: [][]string{{"banjir"}}}
	put := func(title string) string {
		d := MustDocument(t, "delivery "+title)
		mustPut(t, s, d)
		s.PutArticle(ctx, article(d, "Contoh.com", "id", title, time.Time{}, title))
		return d.ID
	}
	t0 := time.Date(2025, 5, 8, 10, 0, 0, 0, time.UTC)
	first := put("banjir satu")
	s.MatchAlert(ctx, a.ID, q, t0)
	second := put("banjir dua")
	s.MatchAlert(ctx, a.ID, q, t0.Add(time.Second))
	next, ok, err := s.NextDelivery(ctx)
	if err != nil || !ok || !next.Equal(t0) {
		t.Fatalf("NextDelivery = %v %v %v, want %v", next, ok, err, t0)
	}
	due, err := s.DueDeliveries(ctx, t0, 10)
	if err != nil || len(due) != 1 || len(due[0].ArticleIDs) != 1 || due[0].ArticleIDs[0] != first || due[0].State != warta.DeliveryPending {
		t.Fatalf("DueDeliveries(t0) = %+v, %v", due, err)
	}
	d := due[0]
	d.Attempts, d.LastError, d.NextAt = 1, "503 Service Unavailable", t0.Add(time.Minute)
	if err := s.UpdateDelivery(ctx, d); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueDeliveries(ctx, t0.Add(2*time.Second), 10)
	if len(due) != 1 || due[0].ArticleIDs[0] != second {
		t.Fatalf("after backing off the first, due = %+v", due)
	}
	due[0].State, due[0].Attempts, due[0].DoneAt = warta.DeliveryDelivered, 1, t0.Add(2*time.Second)
	s.UpdateDelivery(ctx, due[0])
	due, _ = s.DueDeliveries(ctx, t0.Add(time.Hour), 10)
	if len(due) != 1 || due[0].ID != d.ID || due[0].Attempts != 1 || due[0].LastError == "" {
		t.Fatalf("due an hour later = %+v", due)
	}
	ds, err := s.Deliveries(ctx, a.ID, 10)
	if err != nil || len(ds) != 2 || ds[0].State != warta.DeliveryDelivered || ds[0].DoneAt.IsZero() || ds[1].State != warta.DeliveryPending {
		t.Fatalf("Deliveries = %+v, %v", ds, err)
	}
	if err := s.UpdateDelivery(ctx, &warta.Delivery{ID: 999, State: warta.DeliveryFailed}); warta.ErrorCode(err) != warta.ENOTFOUND {
		t.Fatalf("UpdateDelivery(999): %v", err)
	}
}
