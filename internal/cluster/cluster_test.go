package cluster

import (
	"context"
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

func ev(typ, mode, status, date, place string, actors ...string) warta.Event {
	e := warta.Event{Type: typ, Mode: mode, Status: status, Place: place}
	if date != "" {
		e.Date = &date
	}
	for _, a := range actors {
		e.Actors = append(e.Actors, a)
		e.ActorIDs = append(e.ActorIDs, actorID(a))
	}
	return e
}

// actorID gives the fixtures' actors ids of the knowledge file's shape:
// countries are places, the rest people.
func actorID(name string) string {
	switch name {
	case "Indonesia", "Rusia", "Tiongkok", "Cianjur", "Lumajang":
		return "loc:" + strings.ToLower(name)
	}
	return "per:" + strings.ToLower(name)
}

func art(id, outlet, published, body string, events ...warta.Event) *warta.Article {
	return &warta.Article{ID: id, Outlet: outlet, Published: published, Title: "Judul " + id,
		Paragraphs: []string{body}, Events: events}
}

const body1 = `Menteri Luar Negeri Retno Marsudi melakukan pertemuan bilateral dengan Menteri Luar Negeri Rusia Sergey Lavrov di Jakarta pada Selasa. Keduanya membahas kerja sama kesehatan, perdagangan, investasi, pendidikan dan keamanan serta rencana kunjungan Presiden Putin.`

func TestClusterer(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testClusterer(t, NewMemory(), nil) })
	// Through a write-behind batch flushed after every second article: the
	// result must be the same.
	t.Run("batch", func(t *testing.T) {
		b := NewBatch(NewMemory())
		testClusterer(t, b, b)
	})
}

func testClusterer(t *testing.T, store warta.ClusterStore, batch *Batch) {
	ctx := context.Background()
	c := &Clusterer{Store: store}
	meeting := func(date string) warta.Event {
		return ev("CONSULT", "meeting", "done", date, "Jakarta", "Retno", "Lavrov")
	}
	a1 := art("a1", "Suara.com", "2021-07-06", body1,
		meeting("2021-07-06"),
		ev("AGREE", "signed", "done", "2021-07-06", "", "Indonesia", "Rusia"),
		ev("CONSULT", "visit_planned", "planned", "", "", "Putin", "Indonesia"),
		ev("CONSULT", "phone_call", "done", "2020-03", "", "Jokowi", "Putin"),
		ev("AID", "medical", "done", "", "", "Rusia", "Indonesia"))
	a2 := art("a2", "RM.id", "2021-07-06T10:00:00+07:00", "Wawancara dengan Lavrov tentang ASEAN dan kerja sama energi, migas, transportasi dan pendidikan antara Rusia dan Indonesia.",
		ev("interview", "interview", "done", "2021-07-06", "", "Lavrov"))
	a3 := art("a3", "Kompas.com", "2021-07-06T15:00:00+07:00", "Lavrov tiba di Jakarta dan disambut Retno. Ia menyebut vaksin Sputnik V akan dikirim lebih banyak ke Indonesia dalam waktu dekat, menurut keterangan Kemenlu.",
		meeting("2021-07-06"))
	a4 := art("a4", "Antaranews.com", "2017-08-08", "Retno dan Lavrov bertemu di Jakarta pada 2017 untuk membahas kerja sama pertahanan dan perdagangan kedua negara yang terus tumbuh.",
		meeting("2017-08-08"))
	a5 := art("a5", "Portal.id", "2021-07-06T18:00:00+07:00", "PORTAL.ID - "+body1, meeting("2021-07-06"))
	a6 := art("a6", "Tempo.co", "2021-07-13", "Pekan lalu Retno bertemu Lavrov di Jakarta. Pertemuan itu membahas vaksin, perdagangan, dan rencana kunjungan Putin yang belum dijadwalkan.",
		meeting("2021-07-06"))
	a7 := art("a7", "Detik.com", "2022-09-23", "Retno bertemu Lavrov di New York di sela Sidang Majelis Umum PBB dan membahas krisis pangan dunia serta situasi keamanan kawasan.",
		ev("CONSULT", "meeting", "done", "2022-09-23", "New York", "Retno", "Lavrov"))
	for i, a := range []*warta.Article{a1, a2, a3, a4, a5, a6, a7} {
		if err := c.Add(ctx, a); err != nil {
			t.Fatal(err)
		}
		if batch != nil && i%2 == 1 {
			if err := batch.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	if a1.EventID == "" || a1.EventID != a3.EventID || a1.EventID != a6.EventID || a1.EventID != a5.EventID {
		t.Errorf("reports of the July 2021 meeting not joined: %s %s %s %s", a1.EventID, a3.EventID, a5.EventID, a6.EventID)
	}
	if a4.EventID == a1.EventID || a7.EventID == a1.EventID || a4.EventID == a7.EventID {
		t.Errorf("recurring meetings merged: 2017 %s, 2021 %s, 2022 %s", a4.EventID, a1.EventID, a7.EventID)
	}
	if a1.StoryID != a2.StoryID {
		t.Errorf("meeting and same-day interview not in one story: %s vs %s", a1.StoryID, a2.StoryID)
	}
	if a2.EventID == a1.EventID {
		t.Errorf("interview and meeting are different events")
	}
	// Different events, one thread: the same two ministers' meetings
	// over the years are one story.
	if a4.StoryID != a1.StoryID || a7.StoryID != a1.StoryID {
		t.Errorf("the Retno–Lavrov meetings are not one thread: 2017 %s, 2021 %s, 2022 %s", a4.StoryID, a1.StoryID, a7.StoryID)
	}
	if a5.DuplicateOf != "a1" || a3.DuplicateOf != "" || a6.DuplicateOf != "" {
		t.Errorf("duplicates: a5→%q a3→%q a6→%q, want a5→a1 only", a5.DuplicateOf, a3.DuplicateOf, a6.DuplicateOf)
	}
	// Every event of a1 has an ID; the 2020 phone call is its own story.
	for i, e := range a1.Events {
		if e.ID == "" {
			t.Errorf("a1 event %d has no ID", i)
		}
	}
	rec, _ := c.Store.Event(ctx, a1.EventID)
	if len(rec.Reports) != 4 || rec.Reports[0].ArticleID != "a1" {
		t.Errorf("meeting reports = %+v, want 4 with the first report first", rec.Reports)
	}
	tl, _ := c.Store.Timeline(ctx, "per:retno", "per:lavrov")
	var dates []string
	for _, e := range tl {
		dates = append(dates, e.Date)
	}
	if strings.Join(dates, " ") != "2017-08-08 2021-07-06 2022-09-23" {
		t.Errorf("timeline Retno–Lavrov = %v", dates)
	}
	st, err := c.Store.Story(ctx, a1.StoryID)
	if err != nil || len(st.Events) < 3 {
		t.Errorf("story of the visit = %+v, %v", st, err)
	}
	// Re-adding the same article changes nothing.
	before := len(rec.Reports)
	c.Add(ctx, a3)
	rec, _ = c.Store.Event(ctx, a1.EventID)
	if len(rec.Reports) != before {
		t.Errorf("re-adding a report duplicated it")
	}
}

func TestDatesCompatible(t *testing.T) {
	for _, tc := range []struct {
		a, b    string
		guessed bool
		want    bool
	}{
		{"2021-07-06", "2021-07-06", false, true}, {"2021-07-06", "2021-07-07", false, false},
		{"2021-07-06", "2021-07-07", true, true}, {"2021-07-06", "2021-07-09", true, false},
		{"2021-07", "2021-07-20", false, true}, {"2021-06", "2021-07-01", false, false}, {"2021", "2021-07-01", false, true},
		{"", "", false, true}, {"", "2021-07-06", true, false},
	} {
		if got := datesCompatible(tc.a, tc.b, tc.guessed); got != tc.want {
			t.Errorf("datesCompatible(%q, %q, guessed %v) = %v, want %v", tc.a, tc.b, tc.guessed, got, tc.want)
		}
	}
}
