package querytest

import (
	"context"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

// Fixture article IDs, in the order Fixture stores them.
const (
	ArticleJokowi     = "a-jokowi"      // names per:joko-widodo and KPK; a quote of his
	ArticleJunk       = "a-junk"        // as stored before the resolver: "Jokowi" as x:person:jokowi
	ArticleHabibie    = "a-habibie"     // per:bj-habibie and his son, x:person:thareq-kemal-habibie
	ArticleRetno      = "a-retno"       // per:retno-marsudi meets per:sergey-lavrov
	ArticleSantoso    = "a-santoso"     // two people only articles name, sharing a surname
	ArticleCavusoglu  = "a-cavusoglu"   // per:mevlut-cavusoglu, written with diacritics
	ArticleJokowiKPK  = "a-jokowi-kpk"  // per:joko-widodo again, written "Presiden Jokowi"
	ArticleAnwar      = "a-joko-anwar"  // x:person:joko-anwar, a film director: not Jokowi, not Anwar Ibrahim
	ArticleJokowiCopy = "a-jokowi-copy" // ArticleJokowi fetched again with a byte changed
)

type article struct {
	id, outlet, title, body string
	day                     int
	event, duplicateOf      string
	entities                []warta.Entity
	quotes                  []warta.Quote
}

func ent(id, name string, typ warta.EntityType, mentions ...string) warta.Entity {
	e := warta.Entity{ID: id, Name: name, Type: typ}
	for _, m := range mentions {
		e.Mentions = append(e.Mentions, warta.Mention{Text: m})
	}
	return e
}

func quote(text, speaker, id string) warta.Quote {
	return warta.Quote{Text: text, Speaker: &speaker, SpeakerID: id, Direct: true}
}

const P, O, L = warta.EntityPerson, warta.EntityOrganization, warta.EntityLocation

var articles = []article{
	{ArticleJokowi, "kompas.com", "Jokowi Tanggapi Revisi UU KPK",
		"Presiden Joko Widodo menanggapi revisi UU KPK di Istana. Jokowi meminta semua pihak tenang.", 16, "ev-kpk", "",
		[]warta.Entity{ent("per:joko-widodo", "Joko Widodo", P, "Presiden Joko Widodo", "Jokowi"),
			ent("org:kpk", "Komisi Pemberantasan Korupsi", O, "KPK")},
		[]warta.Quote{quote("Saya minta semua pihak tenang", "Joko Widodo", "per:joko-widodo")}},
	{ArticleJunk, "tempo.co", "Pendukung Jokowi Berkumpul",
		"Relawan pendukung Pak Jokowi berkumpul di Solo. Mereka menyatakan dukungan.", 17, "", "",
		[]warta.Entity{ent("x:person:jokowi", "Jokowi", P, "Pak Jokowi")},
		[]warta.Quote{quote("Kami tetap mendukung", "Jokowi", "x:person:jokowi")}},
	{ArticleHabibie, "okezone.com", "Thareq Kemal Habibie Minta Doa",
		"Putra BJ Habibie, Thareq Kemal Habibie, meminta doa untuk ayahnya.", 11, "", "",
		[]warta.Entity{ent("per:bj-habibie", "B.J. Habibie", P, "BJ Habibie"),
			ent("x:person:thareq-kemal-habibie", "Thareq Kemal Habibie", P, "Thareq Kemal Habibie")},
		[]warta.Quote{quote("Mohon doanya untuk Bapak", "Thareq Kemal Habibie", "x:person:thareq-kemal-habibie")}},
	{ArticleRetno, "tempo.co", "Retno Bertemu Lavrov di Moskow",
		"Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri Rusia Sergei Lavrov di Moskow.", 12, "ev-moskow", "",
		[]warta.Entity{ent("per:retno-marsudi", "Retno Marsudi", P, "Retno Marsudi"),
			ent("per:sergey-lavrov", "Sergey Lavrov", P, "Sergei Lavrov"), ent("loc:rusia", "Rusia", L, "Rusia")},
		[]warta.Quote{quote("Pertemuan kami produktif", "Retno Marsudi", "per:retno-marsudi"),
			quote("Kami menghargai Indonesia", "Sergey Lavrov", "per:sergey-lavrov")}},
	{ArticleSantoso, "sindonews.com", "Dua Santoso di Rapat Warga",
		"Budi Santoso dan Andi Santoso hadir di rapat warga Kelurahan Sukamaju.", 13, "", "",
		[]warta.Entity{ent("x:person:budi-santoso", "Budi Santoso", P, "Budi Santoso"),
			ent("x:person:andi-santoso", "Andi Santoso", P, "Andi Santoso")}, nil},
	{ArticleCavusoglu, "kompas.com", "Çavuşoğlu Kunjungi Jakarta",
		"Menteri Luar Negeri Turki Mevlüt Çavuşoğlu tiba di Jakarta.", 14, "", "",
		[]warta.Entity{ent("per:mevlut-cavusoglu", "Mevlüt Çavuşoğlu", P, "Mevlüt Çavuşoğlu"),
			ent("loc:jakarta", "Jakarta", L, "Jakarta")}, nil},
	{ArticleJokowiKPK, "okezone.com", "Presiden Jokowi Terima Pimpinan KPK",
		"Presiden Jokowi menerima pimpinan KPK di Istana Merdeka, Jakarta.", 18, "ev-kpk", "",
		[]warta.Entity{ent("per:joko-widodo", "Joko Widodo", P, "Presiden Jokowi"),
			ent("org:kpk", "Komisi Pemberantasan Korupsi", O, "KPK"), ent("loc:jakarta", "Jakarta", L, "Jakarta")},
		[]warta.Quote{quote("KPK harus kuat", "Joko Widodo", "per:joko-widodo")}},
	{ArticleAnwar, "kapanlagi.com", "Joko Anwar Siapkan Film Baru",
		"Sutradara Joko Anwar menyiapkan film horor terbarunya.", 15, "", "",
		[]warta.Entity{ent("x:person:joko-anwar", "Joko Anwar", P, "Joko Anwar")},
		[]warta.Quote{quote("Film ini paling seram", "Joko Anwar", "x:person:joko-anwar")}},
	{ArticleJokowiCopy, "kompas.com", "Jokowi Tanggapi Revisi UU KPK",
		"Presiden Joko Widodo menanggapi revisi UU KPK di Istana. Jokowi meminta semua pihak tenang!", 16, "ev-kpk", ArticleJokowi,
		[]warta.Entity{ent("per:joko-widodo", "Joko Widodo", P, "Presiden Joko Widodo", "Jokowi"),
			ent("org:kpk", "Komisi Pemberantasan Korupsi", O, "KPK")}, nil},
}

// Events are the fixture's events, for timelines.
var Events = []*warta.EventRecord{
	{ID: "ev-kpk", StoryID: "st-kpk", Title: "Jokowi Tanggapi Revisi UU KPK", Type: "CONSULT", Date: "2019-09-16",
		Actors: []string{"Joko Widodo", "Komisi Pemberantasan Korupsi"}, ActorIDs: []string{"per:joko-widodo", "org:kpk"},
		Reports: []warta.Report{{ArticleID: ArticleJokowi, Outlet: "kompas.com", Title: "Jokowi Tanggapi Revisi UU KPK", Main: true},
			{ArticleID: ArticleJokowiCopy, Outlet: "kompas.com", Title: "Jokowi Tanggapi Revisi UU KPK", Main: true, DuplicateOf: ArticleJokowi},
			{ArticleID: ArticleJokowiKPK, Outlet: "okezone.com", Title: "Presiden Jokowi Terima Pimpinan KPK", Main: true}}},
	{ID: "ev-moskow", StoryID: "st-moskow", Title: "Retno Bertemu Lavrov di Moskow", Type: "CONSULT", Date: "2019-09-12",
		Actors: []string{"Retno Marsudi", "Sergey Lavrov"}, ActorIDs: []string{"per:retno-marsudi", "per:sergey-lavrov"},
		Reports: []warta.Report{{ArticleID: ArticleRetno, Outlet: "tempo.co", Title: "Retno Bertemu Lavrov di Moskow", Main: true}}},
}

// Fixture stores the fixture's documents, articles and events in store,
// whose search index the caller has set up as the surface under test does.
func Fixture(tb testing.TB, store warta.Store) {
	tb.Helper()
	ctx := context.Background()
	wib := time.FixedZone("WIB", 7*3600)
	for _, x := range articles {
		d := &warta.Document{ID: x.id, Source: "querytest", Format: warta.FormatText, Raw: []byte(x.title + "\n\n" + x.body)}
		if _, err := store.PutDocument(ctx, d); err != nil {
			tb.Fatalf("fixture: %v", err)
		}
		at := time.Date(2019, 9, x.day, 10, 0, 0, 0, wib)
		a := &warta.Article{ID: x.id, Outlet: x.outlet, Title: x.title, Paragraphs: []string{x.body}, Language: "id",
			PublishedAt: at, Published: at.Format(time.RFC3339), Entities: x.entities, Quotes: x.quotes,
			EventID: x.event, DuplicateOf: x.duplicateOf}
		if err := store.PutArticle(ctx, a); err != nil {
			tb.Fatalf("fixture: %v", err)
		}
	}
	for _, e := range Events {
		// Indexed under each actor as clustering does ("a:<id>"), which
		// is what timelines read.
		keys := []string{"k:" + e.ID}
		for _, id := range e.ActorIDs {
			keys = append(keys, "a:"+id)
		}
		if err := store.PutEvent(ctx, e, keys); err != nil {
			tb.Fatalf("fixture: %v", err)
		}
	}
}

// Articles lists the fixture articles that name entity id.
func Articles(id string) []string {
	var out []string
	for _, a := range articles {
		for _, e := range a.entities {
			if e.ID == id {
				out = append(out, a.id)
				break
			}
		}
	}
	return out
}
