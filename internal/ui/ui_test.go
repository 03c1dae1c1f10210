package ui

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/sqlite"
)

const xss = `<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>javascript:alert(4)`

func newTestUI(t *testing.T) (*Handler, string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &search.Searcher{}
	db.Index = s.IndexText
	raw := []byte("Banjir " + xss)
	d := &warta.Document{ID: warta.ContentID(raw), Source: "x.txt", Format: warta.FormatText, Raw: raw}
	db.PutDocument(ctx, d)
	at := time.Date(2021, 7, 6, 10, 0, 0, 0, time.FixedZone("", 8*3600))
	speaker := "Retno " + xss
	a := &warta.Article{ID: d.ID, Title: "Banjir " + xss, Kicker: xss, Outlet: "Contoh" + xss, PublishedAt: at,
		Published: at.Format(time.RFC3339), Paragraphs: []string{"Retno Marsudi berkata banjir " + xss},
		Captions: []string{xss}, Related: []string{xss}, Clutter: []warta.Clutter{{Kind: "ad", Text: xss}},
		Entities: []warta.Entity{{ID: `x:"><script>`, Name: xss, Type: "person", Mentions: []warta.Mention{{Text: "Retno Marsudi", Start: 0, End: 13}}}},
		Quotes:   []warta.Quote{{Text: xss, Speaker: &speaker, SpeakerID: "javascript:alert(5)"}},
		Events:   []warta.Event{{ID: "e-a", StoryID: "s-1", Type: "CONSULT", Mode: "meeting", Status: "done", Actors: []string{xss}, Main: true}}}
	if err := db.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	db.AddProblems(ctx, []warta.Problem{{Source: "bad.jsonl", Line: 4, Stage: "ingest", Msg: "not JSON: " + xss}})
	// Two events of one thread, whose every text is hostile.
	for i, date := range []string{"2021-07-06", "2022-09-22"} {
		e := &warta.EventRecord{ID: "e-" + string(rune('a'+i)), StoryID: "s-1", Type: "CONSULT", Mode: "meeting", Status: "done",
			Date: date, Place: "Jakarta" + xss, Actors: []string{"Retno Marsudi", xss}, ActorIDs: []string{"per:retno-marsudi", `x:"><script>`},
			Reports: []warta.Report{{ArticleID: d.ID, Outlet: "Contoh" + xss, Title: "Banjir " + xss, Published: at.Format(time.RFC3339), Sentence: xss},
				{ArticleID: "copy", Outlet: "Salinan", Title: "Banjir", Published: at.Format(time.RFC3339), DuplicateOf: d.ID}}}
		if err := db.PutEvent(ctx, e, []string{"a:per:retno-marsudi", `a:x:"><script>`}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := New(db, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h, d.ID
}

func fetch(t *testing.T, h *Handler, url string, wantStatus int) *goquery.Document {
	t.Helper()
	rec := httptest.NewRecorder()
	h.Routes().ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
	if rec.Code != wantStatus {
		t.Fatalf("GET %s: status %d, want %d", url, rec.Code, wantStatus)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// assertInert fails if the page carries any active content: script
// elements, event-handler attributes, javascript: URLs, or injected
// svg/img elements.
func assertInert(t *testing.T, doc *goquery.Document) {
	t.Helper()
	if n := doc.Find("script, img, iframe, svg:not(.timeline)").Length(); n > 0 {
		t.Fatalf("page has %d active elements", n)
	}
	// warta's own timeline drawing holds only shapes, text and links.
	doc.Find("svg.timeline *").Each(func(_ int, s *goquery.Selection) {
		switch n := goquery.NodeName(s); n {
		case "line", "circle", "text", "a", "title", "g", "path":
		default:
			t.Fatalf("timeline holds a %s element", n)
		}
	})
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, at := range s.Nodes[0].Attr {
			if strings.HasPrefix(strings.ToLower(at.Key), "on") {
				t.Fatalf("event handler attribute %s=%q", at.Key, at.Val)
			}
			if (at.Key == "href" || at.Key == "src") && strings.HasPrefix(strings.TrimSpace(strings.ToLower(at.Val)), "javascript:") {
				t.Fatalf("javascript URL in %s=%q", at.Key, at.Val)
			}
		}
	})
}

func TestPagesRenderInert(t *testing.T) {
	h, id := newTestUI(t)
	for _, url := range []string{"/", "/?q=banjir", "/articles/" + id, "/status", "/?hl=en", "/nope",
		"/", "/events/e-a", "/stories/s-1", "/timeline", "/quotes", "/timeline?entity=per:retno-marsudi", "/quotes?speaker=Retno", "/entities/x:%22%3E%3Cscript%3E"} {
		status := 200
		if url == "/nope" {
			status = 404
		}
		t.Run(url, func(t *testing.T) { assertInert(t, fetch(t, h, url, status)) })
	}
}

func TestSearchPage(t *testing.T) {
	h, id := newTestUI(t)
	doc := fetch(t, h, "/?q=banjir", 200)
	link := doc.Find(".hit a.title")
	if link.Length() != 1 || link.AttrOr("href", "") != "/articles/"+id {
		t.Fatalf("want one hit linking to the article, got %d", link.Length())
	}
	if doc.Find(".hit mark").Length() == 0 {
		t.Fatalf("snippet has no highlight")
	}
	if got := doc.Find(".hit time").Text(); got != "6 Jul 2021 10:00 WITA" {
		t.Fatalf("time = %q: want the page's own zone named", got)
	}
	if doc.Find("details.syntax").Length() != 1 {
		t.Fatalf("search syntax is not documented on the page")
	}
	if fetch(t, h, "/?q=gempa", 200).Find(".hit").Length() != 0 {
		t.Fatalf("want no hits")
	}
	fetch(t, h, "/?from=kemarin", 400)
}

func TestArticlePage(t *testing.T) {
	h, id := newTestUI(t)
	doc := fetch(t, h, "/articles/"+id, 200)
	if doc.Find(".body a.ent").Text() != "Retno Marsudi" {
		t.Fatalf("entity mention not linked")
	}
	if doc.Find("details.clutter tr").Length() != 1 || doc.Find("details.raw pre").Length() != 1 {
		t.Fatalf("clutter or raw document missing")
	}
	if doc.Find(".quotes li").Length() != 1 {
		t.Fatalf("quote missing")
	}
	if doc.Find(".body .said").Length() != 1 || !strings.Contains(doc.Find(".body sup.who").Text(), "Retno") {
		t.Fatalf("quoted passage not marked with its speaker in the text")
	}
	fetch(t, h, "/articles/nope", 404)
}

func TestLanguageSwitch(t *testing.T) {
	h, _ := newTestUI(t)
	if got := fetch(t, h, "/", 200).Find("html").AttrOr("lang", ""); got != "id" {
		t.Fatalf("default lang = %q, want id", got)
	}
	doc := fetch(t, h, "/?hl=en", 200)
	if doc.Find("html").AttrOr("lang", "") != "en" || doc.Find(".q button").Text() != "Search" {
		t.Fatalf("English not applied")
	}
}

func TestStatusPage(t *testing.T) {
	h, _ := newTestUI(t)
	doc := fetch(t, h, "/status", 200)
	if !strings.Contains(doc.Find("table.problems").Text(), "bad.jsonl:4") {
		t.Fatalf("problem with file and line not shown")
	}
}

func TestEventStoryTimelinePages(t *testing.T) {
	h, id := newTestUI(t)
	doc := fetch(t, h, "/events/e-a", 200)
	if n := doc.Find(".report").Length(); n != 1 {
		t.Fatalf("reports shown: %d, want 1 with the copy folded under it", n)
	}
	if doc.Find(".report.first details li").Length() != 1 {
		t.Fatalf("the copy is not folded under the first report")
	}
	if doc.Find(".report h3 a").AttrOr("href", "") != "/articles/"+id || doc.Find("h1 a").First().AttrOr("href", "") != "/entities/per:retno-marsudi" {
		t.Fatalf("links to the article and the actor missing")
	}
	if doc.Find("ul.quotes li").Length() != 1 {
		t.Fatalf("the report's quote is not on the event page")
	}
	fetch(t, h, "/events/nope", 404)

	for _, url := range []string{"/stories/s-1", "/timeline?entity=per:retno-marsudi"} {
		doc = fetch(t, h, url, 200)
		pts := doc.Find("svg.timeline a")
		if pts.Length() != 2 || pts.First().AttrOr("href", "") != "/events/e-a" {
			t.Fatalf("%s: timeline points %d, want 2 linking to their events", url, pts.Length())
		}
	}
	// Before anything is typed, the timeline page shows the latest events.
	if doc := fetch(t, h, "/timeline", 200); doc.Find("svg.timeline a").Length() != 1 || doc.Find("ol.tl li.ev a").AttrOr("href", "") != "/events/e-a" {
		t.Fatalf("the timeline page does not start from the latest events")
	}
	if !strings.Contains(fetch(t, h, "/timeline?entity=Nobody+Here", 200).Find(".notice").Text(), "Nobody Here") {
		t.Fatalf("an unknown entity is not explained")
	}
	fetch(t, h, "/stories/nope", 404)

	// A story a person can read: dates and outlets at the top, events by
	// what happened with the type as a tag, not "2021-07-06 CONSULT".
	doc = fetch(t, h, "/stories/s-1", 200)
	if k := doc.Find(".story .kicker").Text(); !strings.Contains(k, "6 Jul 2021 – 22 Sep 2022") {
		t.Errorf("story kicker %q lacks its date range", k)
	}
	if m := doc.Find(".story > p.meta").Text(); !strings.Contains(m, "2 peristiwa") || !strings.Contains(m, "Salinan") {
		t.Errorf("story meta %q lacks its counts and outlets", m)
	}
	if doc.Find(".story .ents a").First().AttrOr("href", "") != "/entities/per:retno-marsudi" {
		t.Errorf("story does not link its main entity first")
	}
	evs := doc.Find("ol.tl li.ev")
	if evs.Length() != 2 || evs.Find(".tag").First().Text() != "CONSULT" || strings.Contains(evs.Find("a").First().Text(), "CONSULT") {
		t.Errorf("story events: %d, labelled %q", evs.Length(), evs.Find("a").First().Text())
	}
	if doc.Find("ol.tl .gap").Length() != 1 {
		t.Errorf("the year between the two events is not folded in the list")
	}
}

func TestQuotesPage(t *testing.T) {
	h, id := newTestUI(t)
	doc := fetch(t, h, "/quotes?speaker=retno", 200)
	if doc.Find("ul.quotes li").Length() != 1 || doc.Find("ul.quotes small a").AttrOr("href", "") != "/articles/"+id {
		t.Fatalf("quote by Retno not found")
	}
	if fetch(t, h, "/quotes?speaker=lavrov", 200).Find("ul.quotes li").Length() != 0 {
		t.Fatalf("a quote by someone else matched")
	}
}

func TestSearchFacets(t *testing.T) {
	h, _ := newTestUI(t)
	doc := fetch(t, h, "/?q=banjir", 200)
	link := doc.Find(".facet-types a")
	if link.Length() != 1 || link.Text() != "CONSULT" || !strings.Contains(link.AttrOr("href", ""), "type=CONSULT") {
		t.Fatalf("event-type facet: %d links %q", link.Length(), link.Text())
	}
	if doc.Find(".facet-entities a").Length() != 1 {
		t.Fatalf("entity facet missing")
	}
	if n := fetch(t, h, "/?q=banjir&type=CONSULT", 200).Find(".hit").Length(); n != 1 {
		t.Fatalf("type=CONSULT: %d hits, want 1", n)
	}
	if n := fetch(t, h, "/?q=banjir&type=AGREE", 200).Find(".hit").Length(); n != 0 {
		t.Fatalf("type=AGREE: %d hits, want 0", n)
	}
}

func TestStatusShowsProgressAndSources(t *testing.T) {
	h, _ := newTestUI(t)
	h.Queued = func() int64 { return 42 }
	h.Sources = func(context.Context) ([]crawl.SourceState, error) {
		return []crawl.SourceState{{Source: &warta.Source{ID: 1, URL: "https://contoh.id/rss" + xss, Kind: warta.SourceFeed, Failures: 3, LastResult: "error: " + xss}, State: "failing"}}, nil
	}
	doc := fetch(t, h, "/status", 200)
	assertInert(t, doc)
	if !strings.Contains(doc.Find(".progress").Text(), "42") {
		t.Fatalf("running ingest's progress not shown")
	}
	if doc.Find("table.sources tr.state-failing").Length() != 1 {
		t.Fatalf("failing source not shown")
	}
}

func TestReaderTimeZone(t *testing.T) {
	h, id := newTestUI(t)
	// Published 10:00 WITA; a reader in WIB sees 09:00 WIB with the
	// page's own time beside it, and the choice is remembered.
	rec := httptest.NewRecorder()
	h.Routes().ServeHTTP(rec, httptest.NewRequest("GET", "/articles/"+id+"?tz=Asia/Jakarta", nil))
	doc, _ := goquery.NewDocumentFromReader(rec.Body)
	if got := doc.Find(".meta time").Text(); got != "6 Jul 2021 09:00 WIB (10:00 WITA)" {
		t.Fatalf("time = %q", got)
	}
	var cookie string
	for _, c := range rec.Result().Cookies() {
		if c.Name == "tz" {
			cookie = c.Value
		}
	}
	if cookie != "Asia/Jakarta" {
		t.Fatalf("zone not remembered: %q", cookie)
	}
	if got := fetch(t, h, "/articles/"+id+"?tz=No/Such_Zone", 200).Find(".meta time").Text(); got != "6 Jul 2021 10:00 WITA" {
		t.Fatalf("unknown zone: time = %q, want the page's own", got)
	}
}

// TestDateOnlyShowsItsDay: a page that gives only its publish day is
// stored at midnight WIB, which is the day before in UTC; it must show its
// own day everywhere, not the UTC one.
func TestDateOnlyShowsItsDay(t *testing.T) {
	h, _ := newTestUI(t)
	ctx := context.Background()
	day := time.Date(2021, 7, 6, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	raw := []byte("Banjir Rendam Jakarta Timur")
	doc := &warta.Document{ID: warta.ContentID(raw), Source: "d.jsonl", Format: warta.FormatText, Raw: raw}
	if _, err := h.Store.PutDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	a := &warta.Article{ID: doc.ID, Title: "Banjir Rendam Jakarta Timur", Outlet: "Kompas.com", Published: "2021-07-06", PublishedAt: day,
		Paragraphs: []string{"Banjir merendam ratusan rumah."}}
	if err := h.Store.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{"/articles/" + doc.ID, "/?q=rendam", "/?q=rendam&tz=UTC"} {
		doc := fetch(t, h, url, 200)
		tm := doc.Find("time").First()
		if tm.Text() != "6 Jul 2021" || tm.AttrOr("datetime", "") != "2021-07-06" {
			t.Errorf("%s: date-only publication shown as %q (datetime %q), want 6 Jul 2021", url, tm.Text(), tm.AttrOr("datetime", ""))
		}
	}
}

// TestUntitledShowsFirstSentence: a page without a headline is listed and
// titled by its first sentence, never by its hex ID.
func TestUntitledShowsFirstSentence(t *testing.T) {
	h, _ := newTestUI(t)
	ctx := context.Background()
	raw := []byte("Presiden Joko Widodo meresmikan bendungan")
	doc := &warta.Document{ID: warta.ContentID(raw), Source: "d.jsonl", Format: warta.FormatText, Raw: raw}
	if _, err := h.Store.PutDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	a := &warta.Article{ID: doc.ID, Outlet: "Contoh", Published: "2021-07-06",
		Paragraphs: []string{"Presiden Joko Widodo meresmikan bendungan di Jawa Tengah. Bendungan itu mengairi sawah."}}
	if err := h.Store.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	want := "Presiden Joko Widodo meresmikan bendungan di Jawa Tengah."
	for url, css := range map[string]string{"/articles/" + doc.ID: "article.article h1", "/?q=bendungan": ".hit a.title"} {
		page := fetch(t, h, url, 200)
		if got := strings.TrimSpace(page.Find(css).First().Text()); got != want {
			t.Errorf("%s: untitled article shown as %q, want %q", url, got, want)
		}
		if strings.Contains(page.Find("title").Text()+page.Find("main").Text(), doc.ID[:12]) && url != "/articles/"+doc.ID {
			t.Errorf("%s shows the article's ID", url)
		}
	}
}

// TestHomeAndRecentLists: with nothing typed, the home page lists the
// latest events (headline, outlets, reports), newest report first, and
// the quotes page the latest quotes; a query still searches.
func TestHomeAndRecentLists(t *testing.T) {
	h, _ := newTestUI(t)
	ctx := context.Background()
	// A newer article whose main event two outlets reported.
	raw := []byte("Gempa Cianjur")
	doc := &warta.Document{ID: warta.ContentID(raw), Source: "g.txt", Format: warta.FormatText, Raw: raw}
	h.Store.PutDocument(ctx, doc)
	at := time.Date(2022, 11, 21, 14, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	who := "Ridwan Kamil"
	a := &warta.Article{ID: doc.ID, Title: "Gempa Guncang Cianjur", Outlet: "Kompas.com", Published: at.Format(time.RFC3339), PublishedAt: at,
		Paragraphs: []string{"Gempa mengguncang Cianjur."}, Quotes: []warta.Quote{{Text: "Kami kirim bantuan", Speaker: &who}},
		Events: []warta.Event{{ID: "e-gempa", StoryID: "s-gempa", Type: "DISASTER", Main: true}}}
	if err := h.Store.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	e := &warta.EventRecord{ID: "e-gempa", StoryID: "s-gempa", Type: "DISASTER", Date: "2022-11-21", Title: "Gempa Guncang Cianjur",
		Reports: []warta.Report{{ArticleID: doc.ID, Outlet: "Kompas.com", Published: at.Format(time.RFC3339), Main: true},
			{ArticleID: "other", Outlet: "Tempo.co", Published: at.Add(time.Hour).Format(time.RFC3339), Main: true}}}
	if err := h.Store.PutEvent(ctx, e, nil); err != nil {
		t.Fatal(err)
	}
	page := fetch(t, h, "/", 200)
	items := page.Find("ol.latest li.latest-event")
	if items.Length() != 2 {
		t.Fatalf("home lists %d events, want 2", items.Length())
	}
	first := items.First()
	if got := first.Find("a.title").Text(); got != "Gempa Guncang Cianjur" {
		t.Errorf("newest event %q, want the earthquake (its reports are the newest)", got)
	}
	if m := first.Find(".meta").Text(); !strings.Contains(m, "Kompas.com, Tempo.co") || !strings.Contains(m, "2 laporan") || !strings.Contains(m, "2 media") {
		t.Errorf("newest event's outlets and reports: %q", m)
	}
	if first.Find(".tag").Text() != "DISASTER" {
		t.Errorf("type tag %q", first.Find(".tag").Text())
	}
	if page.Find("ol.hits").Length() != 0 {
		t.Error("the home page shows search results with nothing asked")
	}
	if fetch(t, h, "/?q=banjir", 200).Find("ol.hits").Length() != 1 {
		t.Error("a query on / no longer searches")
	}
	q := fetch(t, h, "/quotes", 200).Find("ul.quotes li")
	if q.Length() != 2 || !strings.Contains(q.First().Text(), "Kami kirim bantuan") {
		t.Errorf("quotes page before anything is typed: %d quotes, first %q", q.Length(), q.First().Text())
	}
}
