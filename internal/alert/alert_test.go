package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/outbound"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/store/sqlite"
)

// clock is a fake time that sleeping advances, so backoff costs no real
// time and every wait is recorded.
type clock struct {
	mu     sync.Mutex
	now    time.Time
	slept  []time.Duration
	onWait func() // called on each sleep, before time moves
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if c.onWait != nil {
		c.onWait()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

func openStore(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// putArticle stores an article whose body is text.
func putArticle(t *testing.T, db *sqlite.DB, title, text string, events ...warta.Event) string {
	t.Helper()
	ctx := context.Background()
	d := &warta.Document{ID: warta.ContentID([]byte(title + text)), Source: "t.txt", Format: warta.FormatText, Raw: []byte(title + text)}
	if _, err := db.PutDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	a := &warta.Article{ID: d.ID, Source: d.Source, Outlet: "Contoh.com", Title: title, Paragraphs: []string{text}, Events: events,
		URL: "https://contoh.example/" + d.ID[:6], Authors: []string{"Penulis <Contoh>"}}
	if err := db.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// hook is a webhook receiver that fails its first failures posts.
type hook struct {
	mu       sync.Mutex
	failures int
	bodies   []Payload
	keys     []string
	calls    int
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	if h.failures != 0 {
		if h.failures > 0 {
			h.failures--
		}
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	var p Payload
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	h.bodies = append(h.bodies, p)
	h.keys = append(h.keys, r.Header.Get("Idempotency-Key"))
}

func newNotifier(db warta.Store, c *clock) *Notifier {
	// The receivers are httptest servers on loopback: the operator's
	// allowance, through the same guarded client as in production.
	return &Notifier{Store: db, Searcher: &search.Searcher{}, MaxAttempts: 4, Backoff: time.Second, MaxBackoff: time.Minute,
		Client: (&outbound.Guard{AllowPrivate: true}).PostClient(10 * time.Second),
		Now:    c.Now, Sleep: c.Sleep, Jitter: func() float64 { return 0.5 }}
}

func TestDeliverRetriesThenSucceeds(t *testing.T) {
	ctx := context.Background()
	db := openStore(t, filepath.Join(t.TempDir(), "w.db"))
	rcv := &hook{failures: 2}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	a := &warta.Alert{Name: "banjir", Query: "banjir", EventTypes: []string{"REQUEST"}, Webhook: srv.URL}
	if err := db.AddAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	putArticle(t, db, "Gempa di Cianjur", "gempa bumi")
	id := putArticle(t, db, "Banjir di Semarang", "banjir merendam rumah",
		warta.Event{ID: "e1", Type: "REQUEST", Actors: []string{"BPBD"}}, warta.Event{ID: "e2", Type: "AID"})
	c := &clock{now: time.Date(2025, 5, 8, 10, 0, 0, 0, time.UTC)}
	n := newNotifier(db, c)
	n.BaseURL = "http://warta.example/"
	if err := n.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rcv.calls != 3 || len(rcv.bodies) != 1 {
		t.Fatalf("webhook called %d times, %d accepted; want 3 calls (two failures) and 1 delivery", rcv.calls, len(rcv.bodies))
	}
	// Waits double, with half of each wait being jitter (here 0.5 of it).
	if len(c.slept) != 2 || c.slept[0] != 750*time.Millisecond || c.slept[1] != 1500*time.Millisecond {
		t.Fatalf("waits %v, want [750ms 1.5s]", c.slept)
	}
	p := rcv.bodies[0]
	if p.Alert.ID != a.ID || len(p.Articles) != 1 || p.Articles[0].ID != id || p.Attempt != 3 {
		t.Fatalf("payload %+v", p)
	}
	if it := p.Articles[0]; it.Link != "http://warta.example/articles/"+id || len(it.Events) != 1 || it.Events[0].Type != "REQUEST" {
		t.Fatalf("payload item %+v: want the link and only the alert's event type", it)
	}
	if rcv.keys[0] == "" {
		t.Fatal("no Idempotency-Key")
	}
	ds, _ := db.Deliveries(ctx, a.ID, 10)
	if len(ds) != 1 || ds[0].State != warta.DeliveryDelivered || ds[0].Attempts != 3 || ds[0].LastError != "" || ds[0].DoneAt.IsZero() {
		t.Fatalf("stored delivery %+v", ds[0])
	}
	// Nothing new: another run posts nothing.
	if err := n.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rcv.calls != 3 {
		t.Fatalf("a second run posted again (%d calls)", rcv.calls)
	}
}

func TestDeliverGivesUp(t *testing.T) {
	ctx := context.Background()
	db := openStore(t, filepath.Join(t.TempDir(), "w.db"))
	rcv := &hook{failures: -1} // always down
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	a := &warta.Alert{Name: "banjir", Query: "banjir", Webhook: srv.URL}
	db.AddAlert(ctx, a)
	putArticle(t, db, "Banjir di Semarang", "banjir merendam rumah")
	c := &clock{now: time.Date(2025, 5, 8, 10, 0, 0, 0, time.UTC)}
	n := newNotifier(db, c)
	n.Jitter = func() float64 { return 0 }
	if err := n.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rcv.calls != 4 {
		t.Fatalf("webhook called %d times, want MaxAttempts = 4", rcv.calls)
	}
	if want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}; len(c.slept) != 3 || c.slept[2] != want[2] {
		t.Fatalf("waits %v, want %v", c.slept, want)
	}
	ds, _ := db.Deliveries(ctx, a.ID, 10)
	if len(ds) != 1 || ds[0].State != warta.DeliveryFailed || ds[0].Attempts != 4 || !strings.Contains(ds[0].LastError, "503") {
		t.Fatalf("stored delivery %+v", ds[0])
	}
	if _, ok, _ := db.NextDelivery(ctx); ok {
		t.Fatal("a given-up delivery is still pending")
	}
}

// TestDeliverSurvivesRestart stops a run after a failed attempt; a new
// notifier on a reopened store delivers it once, and never again.
func TestDeliverSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	db := openStore(t, path)
	rcv := &hook{failures: 1}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	ctx := context.Background()
	a := &warta.Alert{Name: "banjir", Query: "banjir", Webhook: srv.URL}
	db.AddAlert(ctx, a)
	putArticle(t, db, "Banjir di Semarang", "banjir merendam rumah")

	// First process: the post fails, and it is stopped while it waits.
	stopped, stop := context.WithCancel(ctx)
	c := &clock{now: time.Date(2025, 5, 8, 10, 0, 0, 0, time.UTC), onWait: stop}
	if err := newNotifier(db, c).Flush(stopped); err == nil {
		t.Fatal("Flush ignored the end of its context")
	}
	db.Close()

	// Second process, later: it finds the pending delivery.
	db = openStore(t, path)
	c2 := &clock{now: c.now.Add(time.Hour)}
	if err := newNotifier(db, c2).Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := newNotifier(db, c2).Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rcv.calls != 2 || len(rcv.bodies) != 1 || len(rcv.bodies[0].Articles) != 1 {
		t.Fatalf("calls %d, deliveries %d; want 2 calls and one delivery", rcv.calls, len(rcv.bodies))
	}
}

func TestDelayIsBoundedAndJittered(t *testing.T) {
	n := &Notifier{Backoff: time.Second, MaxBackoff: 10 * time.Second}
	for attempt := 1; attempt < 40; attempt++ {
		d := n.Delay(attempt)
		full := min(time.Second<<min(attempt-1, 20), 10*time.Second)
		if d < full/2 || d > full {
			t.Fatalf("Delay(%d) = %v, want within [%v, %v]", attempt, d, full/2, full)
		}
	}
}

func TestCheck(t *testing.T) {
	s := &search.Searcher{}
	for _, tc := range []struct {
		name string
		a    warta.Alert
		ok   bool
	}{
		{"words", warta.Alert{Name: "a", Query: "banjir"}, true},
		{"entity only", warta.Alert{Name: "a", Entities: []string{"per:sugiono"}}, true},
		{"nothing", warta.Alert{Name: "a"}, false},
		{"no name", warta.Alert{Query: "banjir"}, false},
		{"only exclusions", warta.Alert{Name: "a", Query: "-banjir"}, false},
		{"bad date", warta.Alert{Name: "a", Query: "from:kemarin banjir"}, false},
		{"https hook", warta.Alert{Name: "a", Query: "x", Webhook: "https://hooks.example/x"}, true},
		{"relative hook", warta.Alert{Name: "a", Query: "x", Webhook: "/hook"}, false},
		{"ftp hook", warta.Alert{Name: "a", Query: "x", Webhook: "ftp://hooks.example/x"}, false},
		{"loopback hook", warta.Alert{Name: "a", Query: "x", Webhook: "http://127.0.0.1:9/x"}, false},
		{"loopback v6 hook", warta.Alert{Name: "a", Query: "x", Webhook: "http://[::1]:8080/x"}, false},
		{"localhost hook", warta.Alert{Name: "a", Query: "x", Webhook: "http://localhost/x"}, false},
		{"unspecified hook", warta.Alert{Name: "a", Query: "x", Webhook: "http://0.0.0.0/x"}, false},
		{"metadata hook", warta.Alert{Name: "a", Query: "x", Webhook: "http://169.254.169.254/latest/meta-data"}, false},
		{"private hook", warta.Alert{Name: "a", Query: "x", Webhook: "https://10.1.2.3/x"}, false},
	} {
		err := Check(&tc.a, s, nil)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && warta.ErrorCode(err) != warta.EINVALID {
			t.Errorf("%s: code %q, want invalid", tc.name, warta.ErrorCode(err))
		}
	}
}

// TestFeed checks the Atom document against RFC 4287's requirements: the
// namespace; a feed id, title, updated and author; entries with id, title,
// updated (RFC 3339), an alternate link to the article page and a summary.
func TestFeed(t *testing.T) {
	ctx := context.Background()
	db := openStore(t, filepath.Join(t.TempDir(), "w.db"))
	a := &warta.Alert{Name: "banjir & longsor", Query: "banjir"}
	db.AddAlert(ctx, a)
	first := putArticle(t, db, "Banjir di Semarang", "banjir merendam <b>rumah</b> "+strings.Repeat("warga mengungsi ", 40))
	n := newNotifier(db, &clock{now: time.Date(2025, 5, 8, 10, 0, 0, 0, time.UTC)})
	n.Match(ctx)
	second := putArticle(t, db, "Banjir lagi", "banjir lagi")
	n.Now = func() time.Time { return time.Date(2025, 5, 9, 10, 0, 0, 0, time.UTC) }
	n.Match(ctx)

	var buf bytes.Buffer
	if err := WriteFeed(ctx, &buf, db, a, "http://warta.example", 50); err != nil {
		t.Fatal(err)
	}
	type link struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	}
	var f struct {
		XMLName xml.Name
		ID      string `xml:"http://www.w3.org/2005/Atom id"`
		Title   string `xml:"http://www.w3.org/2005/Atom title"`
		Updated string `xml:"http://www.w3.org/2005/Atom updated"`
		Author  string `xml:"http://www.w3.org/2005/Atom author>name"`
		Links   []link `xml:"http://www.w3.org/2005/Atom link"`
		Entries []struct {
			ID      string `xml:"http://www.w3.org/2005/Atom id"`
			Title   string `xml:"http://www.w3.org/2005/Atom title"`
			Updated string `xml:"http://www.w3.org/2005/Atom updated"`
			Links   []link `xml:"http://www.w3.org/2005/Atom link"`
			Summary string `xml:"http://www.w3.org/2005/Atom summary"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatalf("feed is not XML: %v\n%s", err, buf.String())
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
		t.Fatalf("root %v", f.XMLName)
	}
	if f.ID == "" || f.Title != "warta: banjir & longsor" || f.Author != "warta" || f.Updated != "2025-05-09T10:00:00Z" {
		t.Fatalf("feed head: id %q title %q author %q updated %q", f.ID, f.Title, f.Author, f.Updated)
	}
	if len(f.Links) != 1 || f.Links[0].Rel != "self" || !strings.HasSuffix(f.Links[0].Href, "/feed.atom") {
		t.Fatalf("self link %v", f.Links)
	}
	if len(f.Entries) != 2 || !strings.HasSuffix(f.Entries[0].ID, second) || !strings.HasSuffix(f.Entries[1].ID, first) {
		t.Fatalf("entries %+v, want newest match first", f.Entries)
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.Title == "" || e.Summary == "" || ids[e.ID] {
			t.Fatalf("entry %+v", e)
		}
		ids[e.ID] = true
		if e.Links[0].Rel != "alternate" || !strings.HasPrefix(e.Links[0].Href, "http://warta.example/articles/") {
			t.Fatalf("entry link %v", e.Links)
		}
	}
	if s := f.Entries[1].Summary; !strings.Contains(s, "<b>rumah</b>") || !strings.HasSuffix(s, "…") || len([]rune(s)) > 320 {
		t.Fatalf("summary should be the escaped text, cut short: %q", s)
	}
	if strings.Contains(buf.String(), "<b>") {
		t.Fatal("markup from the article reached the feed unescaped")
	}
}

// TestWebhookSecretsStayHidden: a hook URL's path is a credential, so
// neither the stored error nor the payload carries it.
func TestWebhookSecretsStayHidden(t *testing.T) {
	ctx := context.Background()
	db := openStore(t, filepath.Join(t.TempDir(), "w.db"))
	secret := "http://127.0.0.1:1/services/T000/B000/s3cretpath" // nothing listens on port 1
	a := &warta.Alert{Name: "banjir", Query: "banjir", Webhook: secret}
	db.AddAlert(ctx, a)
	putArticle(t, db, "Banjir di Semarang", "banjir merendam rumah")
	c := &clock{now: time.Date(2025, 5, 8, 10, 0, 0, 0, time.UTC)}
	n := newNotifier(db, c)
	n.MaxAttempts = 1
	if err := n.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	ds, _ := db.Deliveries(ctx, a.ID, 1)
	if len(ds) != 1 || ds[0].State != warta.DeliveryFailed || ds[0].LastError == "" || strings.Contains(ds[0].LastError, "s3cret") {
		t.Fatalf("stored delivery %+v", ds[0])
	}
	if got := Redact(secret); got != "http://127.0.0.1:1/…" {
		t.Fatalf("Redact = %q", got)
	}
}
