package queue_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/api"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/pipeline"
	"github.com/warta-news/warta/internal/queue"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/postgres"
	"github.com/warta-news/warta/internal/store/postgres/pgtest"
	"github.com/warta-news/warta/internal/ui"
)

// openDB returns a migrated store, River's tables included, in a schema
// of the test's own.
func openDB(t *testing.T) *postgres.DB {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.OpenMigrated(ctx, pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := queue.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// fastOptions retry at once, so that tests of failures take moments.
func fastOptions(jobs int) queue.Options {
	return queue.Options{Concurrency: jobs, RetryBase: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond,
		ClusterChunk: 1, ScheduleEvery: time.Hour}
}

func noStages(time.Time) (pipeline.Stages, error) {
	return pipeline.Stages{}, errors.New("no analysis in this test")
}

// storeArticles stores each article with a document of its own (the
// article's ID becomes the document's) and returns them.
func storeArticles(t *testing.T, db *postgres.DB, as []*warta.Article) {
	t.Helper()
	ctx := context.Background()
	var docs []*warta.Document
	for _, a := range as {
		raw := "artikel " + a.ID
		d := &warta.Document{ID: warta.ContentID([]byte(raw)), Source: "test.txt", Format: warta.FormatText, Raw: []byte(raw)}
		a.ID = d.ID
		for i := range a.Events {
			a.Events[i].ID = ""
		}
		docs = append(docs, d)
	}
	if _, err := db.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if err := db.PutArticles(ctx, as); err != nil {
		t.Fatal(err)
	}
}

// clusterAll enqueues one cluster job per article and works them with
// jobs workers until none is left.
func clusterAll(t *testing.T, db *postgres.DB, as []*warta.Article, jobs int, cl func(context.Context, warta.ClusterStore, *warta.Article) error) {
	t.Helper()
	ctx := context.Background()
	q, err := queue.New(queue.Deps{DB: db, Stages: noStages, Cluster: cl}, fastOptions(jobs))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	if err := q.EnqueueCluster(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := q.Wait(waitCtx, 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := q.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

// reportEvents maps each report (article, index) to its event, checking
// that every report is in exactly one event and that the article points
// at it.
func reportEvents(t *testing.T, db *postgres.DB, as []*warta.Article) map[string]string {
	t.Helper()
	ctx := context.Background()
	got := map[string]string{}
	err := db.EachEvent(ctx, func(e *warta.EventRecord) error {
		for _, r := range e.Reports {
			k := fmt.Sprintf("%s#%d", r.ArticleID, r.Index)
			if prev, ok := got[k]; ok {
				t.Errorf("report %s is in events %s and %s", k, prev, e.ID)
			}
			got[k] = e.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		stored, err := db.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i, ev := range stored.Events {
			k := fmt.Sprintf("%s#%d", a.ID, i)
			if got[k] == "" || got[k] != ev.ID {
				t.Errorf("report %s: article says event %q, events say %q", k, ev.ID, got[k])
			}
		}
	}
	return got
}

// sameHappening is n reports of one meeting by n outlets, told in
// overlapping words.
func sameHappening(n int) []*warta.Article {
	date := "2025-05-06"
	var out []*warta.Article
	for i := range n {
		out = append(out, &warta.Article{ID: fmt.Sprintf("same-%d", i), Outlet: fmt.Sprintf("outlet%d.com", i),
			Title: "Menlu Sugiono bertemu Menlu Wang Yi di Beijing", Published: date + "T10:00:00+07:00",
			Paragraphs: []string{fmt.Sprintf("Menteri Luar Negeri Sugiono bertemu Menteri Luar Negeri Wang Yi di Beijing membahas kerja sama perdagangan (%d).", i)},
			Events: []warta.Event{{Type: "CONSULT", Mode: "meeting", Status: "done", Date: &date,
				Actors: []string{"Sugiono", "Wang Yi"}, ActorIDs: []string{"per:sugiono", "per:wang-yi"}, Place: "Beijing",
				Sentence: "Menteri Luar Negeri Sugiono bertemu Menteri Luar Negeri Wang Yi di Beijing membahas kerja sama perdagangan."}}})
	}
	return out
}

// TestRacingWorkersMakeOneEvent: eight workers cluster twelve reports of
// one meeting at once, each report its own job. Serializable
// transactions make them one event, as one worker would.
func TestRacingWorkersMakeOneEvent(t *testing.T) {
	db := openDB(t)
	as := sameHappening(12)
	storeArticles(t, db, as)
	before := queue.ClusterRetries()
	clusterAll(t, db, as, 8, nil)
	got := reportEvents(t, db, as)
	events := map[string]bool{}
	for _, e := range got {
		events[e] = true
	}
	if len(got) != len(as) || len(events) != 1 {
		t.Fatalf("%d reports in %d events, want %d in 1: %v", len(got), len(events), len(as), got)
	}
	t.Logf("clustering attempts retried after conflicts: %d", queue.ClusterRetries()-before)
}

// TestRacingWorkersAgreeWithOne clusters synthetic articles (reports of
// shared events among them) with four workers racing and compares the
// grouping of reports into events with one clusterer adding them in
// order: B-cubed F1 at least 0.98.
func TestRacingWorkersAgreeWithOne(t *testing.T) {
	db := openDB(t)
	gen := cluster.NewSynthetic(7)
	gen.PerDay = 60
	var as []*warta.Article
	for i := range 400 {
		as = append(as, gen.Article(i))
	}
	storeArticles(t, db, as)
	// The reference: the same articles, in order, through one clusterer
	// in memory.
	ref := cluster.NewMemory()
	c := &cluster.Clusterer{Store: ref}
	want := map[string]string{}
	for _, a := range as {
		cp := *a
		cp.Events = append([]warta.Event(nil), a.Events...)
		if err := c.Add(context.Background(), &cp); err != nil {
			t.Fatal(err)
		}
		for i, ev := range cp.Events {
			want[fmt.Sprintf("%s#%d", a.ID, i)] = ev.ID
		}
	}
	clusterAll(t, db, as, 4, nil)
	got := reportEvents(t, db, as)
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var gold, pred []string
	for _, k := range keys {
		if got[k] == "" {
			t.Fatalf("report %s lost", k)
		}
		gold, pred = append(gold, want[k]), append(pred, got[k])
	}
	b3 := eval.BCubed(gold, pred)
	t.Logf("%d reports: B-cubed P %.4f R %.4f F1 %.4f between 4 racing workers and one in order", len(keys), b3.P, b3.R, b3.F)
	if b3.F < 0.98 {
		t.Fatalf("B-cubed F1 %.4f < 0.98", b3.F)
	}
}

// TestJobThatAlwaysFails: a cluster job whose work always errs is tried
// MaxAttempts times, then given up, and the giving up is a Problem.
func TestJobThatAlwaysFails(t *testing.T) {
	db := openDB(t)
	as := sameHappening(1)
	storeArticles(t, db, as)
	var tries atomic.Int32
	clusterAll(t, db, as, 2, func(context.Context, warta.ClusterStore, *warta.Article) error {
		tries.Add(1)
		return errors.New("the clusterer broke")
	})
	if n := tries.Load(); n != 5 {
		t.Fatalf("tried %d times, want 5 (MaxAttempts)", n)
	}
	ps, err := db.Problems(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Stage != "worker" || !strings.Contains(ps[0].Msg, "gave up after 5 attempts") ||
		!strings.Contains(ps[0].Msg, "the clusterer broke") || !strings.Contains(ps[0].Source, "cluster") {
		t.Fatalf("problems = %+v, want one naming the given-up cluster job", ps)
	}
	// The API and the status page show it.
	s := &search.Searcher{}
	apiH := (&api.Handler{Store: db, Searcher: s}).Routes()
	pages, err := ui.New(db, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		h    http.Handler
		path string
	}{{apiH, "/api/v1/problems"}, {pages.Routes(), "/status"}} {
		rec := httptest.NewRecorder()
		c.h.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, "gave up after 5 attempts") {
			t.Errorf("GET %s: %d, the given-up job not shown:\n%.2000s", c.path, rec.Code, body)
		}
	}
}
