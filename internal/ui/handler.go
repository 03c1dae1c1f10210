package ui

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/event"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/query"
	"github.com/warta-news/warta/internal/search"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Handler serves the pages. Build it with New.
type Handler struct {
	Store    warta.Store
	Searcher *search.Searcher
	// Query answers the product's questions (entities, timelines, lists)
	// the pages show; New sets it over Store and Searcher.
	Query  *query.Service
	Logger *slog.Logger
	// Queued, when set, tells how many documents a running ingest has read
	// and not yet stored (the status page shows it while it is not zero).
	Queued func() int64
	// Sources, when set, lists the live sources with their poll state.
	Sources func(ctx context.Context) ([]crawl.SourceState, error)
	// Offices, when set, gives the offices an entity held with their
	// dates (the entity page lists them).
	Offices func(id string) []query.Office

	pages map[string]*template.Template
}

// New parses every template; a missing or broken template fails here, at
// startup, not when a reader first opens the page.
func New(store warta.Store, s *search.Searcher, logger *slog.Logger) (*Handler, error) {
	if logger == nil {
		logger = slog.Default().With("component", "ui")
	}
	h := &Handler{Store: store, Searcher: s, Query: query.New(store, s), Logger: logger, pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		tpl, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", n, err)
		}
		h.pages[base] = tpl
	}
	for _, want := range []string{"home", "search", "article", "status", "error", "event", "story", "entity", "timeline", "quotes"} {
		if h.pages[want] == nil {
			return nil, fmt.Errorf("template %s.html missing", want)
		}
	}
	return h, nil
}

// Routes returns the page mux.
func (h *Handler) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.homeOrSearch)
	mux.HandleFunc("GET /articles/{id}", h.articlePage)
	mux.HandleFunc("GET /status", h.statusPage)
	mux.HandleFunc("GET /events/{id}", h.eventPage)
	mux.HandleFunc("GET /stories/{id}", h.storyPage)
	mux.HandleFunc("GET /entities/{id}", h.entityPage)
	mux.HandleFunc("GET /timeline", h.timelinePage)
	mux.HandleFunc("GET /quotes", h.quotesPage)
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.error(w, r, warta.Errorf(warta.ENOTFOUND, "no page at %s", r.URL.Path))
	})
	return mux
}

var funcs = template.FuncMap{
	"iso": func(a *warta.Article) string {
		if _, ok := dayOnly(a.Published); ok {
			return a.Published
		}
		if a.PublishedAt.IsZero() {
			return ""
		}
		return a.PublishedAt.Format(time.RFC3339)
	},
	"add": func(a, b int) int { return a + b },
	// list and line hand the shared event templates the page (for its
	// language) with what they show.
	"list": func(p page, g []dayGroup) any {
		return struct {
			P      page
			Groups []dayGroup
		}{p, g}
	},
	"line": func(p page, e eventView) any {
		return struct {
			P page
			E eventView
		}{p, e}
	},
	// eventTypes are the types the event filter offers: every type the
	// coder gives, PLOVER's and warta's own.
	"eventTypes": event.Types,
}

// dayOnly reads a publish date given without a time ("2021-07-06"). Such
// a date is the page's own day: the store keeps it as midnight WIB, which
// is the day before in UTC, so it is shown from the string, never from
// the instant.
func dayOnly(published string) (time.Time, bool) {
	if len(published) != len("2006-01-02") {
		return time.Time{}, false
	}
	d, err := time.Parse("2006-01-02", published)
	return d, err == nil
}

// zoned formats t in its own zone, naming the Indonesian zones, with the
// month named in the interface language: "6 Mei 2021 10:00 WITA".
func zoned(t time.Time, lang string) string {
	return periodName(t, day, lang) + " " + t.Format("15:04") + " " + zoneName(t)
}

// published shows an article's publish time in its own zone with the
// Indonesian zone name, so WIB/WITA/WIT stay visible whatever the
// reader's zone; a date-only publication shows its own day.
func published(a *warta.Article, lang string) string {
	if d, ok := dayOnly(a.Published); ok {
		return periodName(d, day, lang)
	}
	if a.PublishedAt.IsZero() {
		return a.Published
	}
	return zoned(a.PublishedAt, lang)
}

// zoneName names t's offset: WIB, WITA, WIT, else UTC or the offset.
func zoneName(t time.Time) string {
	_, off := t.Zone()
	if z := map[int]string{0: "UTC", 7 * 3600: "WIB", 8 * 3600: "WITA", 9 * 3600: "WIT"}[off]; z != "" {
		return z
	}
	return t.Format("-07:00")
}

// page is what every template gets.
type page struct {
	Lang  string
	Title string
	Path  string
	Query string
	Data  any
	// TZ is the reader's time zone (?tz=, remembered), nil when not chosen:
	// times then show in the page's own zone only.
	TZ *time.Location
}

// When shows a publish time in the reader's zone when one is chosen, with
// the page's own zone (WIB, WITA, WIT) kept beside it: "6 Jul 2021 09:00
// WIB (10:00 WITA)".
func (p page) When(a *warta.Article) string {
	own := published(a, p.Lang)
	if p.TZ == nil || a.PublishedAt.IsZero() || len(a.Published) == len("2006-01-02") {
		return own
	}
	in := a.PublishedAt.In(p.TZ)
	_, readerOff := in.Zone()
	_, ownOff := a.PublishedAt.Zone()
	if readerOff == ownOff {
		return own
	}
	return zoned(in, p.Lang) + " (" + a.PublishedAt.Format("15:04") + " " + zoneName(a.PublishedAt) + ")"
}

// At shows a stored publish time (RFC 3339, or a bare date) as When does,
// for reports and quotes that carry the string only.
func (p page) At(s string) string {
	if d, ok := dayOnly(s); ok {
		return periodName(d, day, p.Lang)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return zoned(t, p.Lang)
}

// readerZones are the zones the footer offers; ?tz= takes any IANA name.
var readerZones = []struct{ Name, Label string }{
	{"Asia/Jakarta", "WIB"}, {"Asia/Makassar", "WITA"}, {"Asia/Jayapura", "WIT"}, {"UTC", "UTC"},
}

// Zones lists the reader-zone links for the footer.
func (p page) Zones() []struct{ Label, URL string } {
	var out []struct{ Label, URL string }
	for _, z := range readerZones {
		u, _ := url.Parse(p.Path)
		q := u.Query()
		q.Set("tz", z.Name)
		u.RawQuery = q.Encode()
		out = append(out, struct{ Label, URL string }{z.Label, u.String()})
	}
	return out
}

// readerTZ reads the reader's zone from ?tz= (remembered in a cookie) or
// the cookie; "" or an unknown name means none.
func readerTZ(w http.ResponseWriter, r *http.Request) *time.Location {
	name := r.URL.Query().Get("tz")
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			http.SetCookie(w, &http.Cookie{Name: "tz", Value: name, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
			return loc
		}
		return nil
	}
	if c, err := r.Cookie("tz"); err == nil {
		if loc, err := time.LoadLocation(c.Value); err == nil {
			return loc
		}
	}
	return nil
}

// T translates a message key for the page's language.
func (p page) T(key string) string { return t(p.Lang, key) }

// LangURL returns the current URL with the interface language switched.
func (p page) LangURL(lang string) string {
	u, _ := url.Parse(p.Path)
	q := u.Query()
	q.Set("hl", lang)
	u.RawQuery = q.Encode()
	return u.String()
}

// lang picks the interface language: ?hl= (remembered in a cookie), then
// the cookie, then Indonesian.
func lang(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("hl"); messages[l] != nil {
		http.SetCookie(w, &http.Cookie{Name: "hl", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
		return l
	}
	if c, err := r.Cookie("hl"); err == nil && messages[c.Value] != nil {
		return c.Value
	}
	return "id"
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	p := page{Lang: lang(w, r), Title: title, Path: r.URL.RequestURI(), Query: r.URL.Query().Get("q"), Data: data, TZ: readerTZ(w, r)}
	var buf bytes.Buffer
	if err := h.pages[name].Execute(&buf, p); err != nil {
		h.Logger.Error("render", "template", name, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorData struct {
	Status  int
	Message string
}

// error renders an error page; internal errors are logged with the request
// and shown only as "internal error".
func (h *Handler) error(w http.ResponseWriter, r *http.Request, err error) {
	status := map[string]int{warta.ENOTFOUND: 404, warta.EINVALID: 400, warta.EUNAUTHORIZED: 401, warta.ECONFLICT: 409}[warta.ErrorCode(err)]
	if status == 0 {
		status = 500
		h.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	h.render(w, r, status, "error", http.StatusText(status), errorData{Status: status, Message: warta.ErrorMessage(err)})
}

type searchData struct {
	Total    int
	Hits     []searchHit
	Outlets  []outletCount
	Outlet   string
	LangF    string
	From, To string
	Entity   string
	// Resolved says which entity the entity filter was taken to mean.
	Resolved *query.Resolution
	Type     string
	// Outlets, Types and Entities count the outlets, event types and
	// entities of the results (Sampled of them; query.FacetLimit at
	// most), each linking to its filter.
	Types    []outletCount
	Entities []outletCount
	Sampled  int
	PrevURL  string
	NextURL  string
	Offset   int
}

type searchHit struct {
	A       *warta.Article
	Snippet template.HTML
	// Event is the happening the article reports; Folded the page's
	// other reports of it and copies of the page, shown under it.
	Event  *query.EventRef
	Folded []foldedHit
}

type foldedHit struct {
	A   *warta.Article
	Dup bool
}

type outletCount struct {
	Name string
	N    int
	URL  string
}

const perPage = 20

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := h.Searcher.Parse(v.Get("q"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	d := searchData{Outlet: v.Get("outlet"), LangF: v.Get("lang"), From: v.Get("from"), To: v.Get("to"),
		Entity: strings.TrimSpace(v.Get("entity")), Type: strings.ToUpper(strings.TrimSpace(v.Get("type")))}
	if d.Outlet != "" {
		q.Outlet = d.Outlet
	}
	if q.Outlet != "" {
		// "kompas" means Kompas.com; an unknown name lists the outlets.
		st, err := h.Store.Stats(r.Context())
		if err != nil {
			h.error(w, r, err)
			return
		}
		if q.Outlet, err = search.ResolveOutlet(q.Outlet, search.OutletNames(st.Outlets)); err != nil {
			h.error(w, r, err)
			return
		}
	}
	if d.Entity != "" {
		// Any name of an entity, resolved as everywhere: entity=jokowi
		// filters on Joko Widodo.
		ids, res, err := h.Query.ResolveAll(r.Context(), []string{d.Entity})
		if err != nil {
			h.error(w, r, err)
			return
		}
		q.Entities, d.Resolved = ids, res[0]
	}
	if d.Type != "" {
		q.EventTypes = []string{d.Type}
	}
	if d.LangF != "" {
		q.Language = d.LangF
	}
	for _, b := range [][2]string{{"from", d.From}, {"to", d.To}} {
		if err := search.SetDay(&q, b[0], b[1]); err != nil {
			h.error(w, r, err)
			return
		}
	}
	d.Offset, _ = strconv.Atoi(v.Get("offset"))
	if d.Offset < 0 {
		d.Offset = 0
	}
	q.Limit, q.Offset = perPage, d.Offset
	res, err := h.Store.SearchArticles(r.Context(), q)
	if err != nil {
		h.error(w, r, err)
		return
	}
	d.Total = res.Total
	groups, err := h.Query.Group(r.Context(), res.Hits)
	if err != nil {
		h.error(w, r, err)
		return
	}
	for _, g := range groups {
		hit := searchHit{A: g.Article, Snippet: template.HTML(h.Searcher.Snippet(g.Article, q, 40)), Event: g.Event} //nolint:gosec // Snippet escapes the text and adds only <mark>
		for _, f := range g.Folded {
			hit.Folded = append(hit.Folded, foldedHit{A: f.Article, Dup: f.Duplicate})
		}
		d.Hits = append(d.Hits, hit)
	}
	page := func(off int) string {
		u := *r.URL
		qq := u.Query()
		qq.Set("offset", strconv.Itoa(off))
		u.RawQuery = qq.Encode()
		return u.RequestURI()
	}
	if d.Offset > 0 {
		d.PrevURL = page(max(0, d.Offset-perPage))
	}
	if d.Offset+len(res.Hits) < res.Total {
		d.NextURL = page(d.Offset + perPage)
	}
	if err := h.facets(r, q, &d); err != nil {
		h.error(w, r, err)
		return
	}
	h.render(w, r, 200, "search", t(lang(w, r), "search"), d)
}

// facets counts the outlets, event types and entities of q's results —
// the results, not the store, so that "kompas.com 3" means three of the
// articles listed — each linking to its filter.
func (h *Handler) facets(r *http.Request, q warta.SearchQuery, d *searchData) error {
	f, err := h.Query.Facets(r.Context(), q, 12)
	if err != nil {
		return err
	}
	d.Sampled = f.Counted
	link := func(key, val string) string {
		u := *r.URL
		qq := u.Query()
		qq.Set(key, val)
		qq.Del("offset")
		u.RawQuery = qq.Encode()
		return u.RequestURI()
	}
	for _, x := range f.Outlets {
		d.Outlets = append(d.Outlets, outletCount{Name: x.Name, N: x.N, URL: link("outlet", x.Value)})
	}
	for _, x := range f.Types {
		d.Types = append(d.Types, outletCount{Name: x.Name, N: x.N, URL: link("type", x.Value)})
	}
	for _, x := range f.Entities {
		d.Entities = append(d.Entities, outletCount{Name: x.Name, N: x.N, URL: link("entity", x.Value)})
	}
	return nil
}

func sortOutlets(o []outletCount) {
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && (o[j].N > o[j-1].N || o[j].N == o[j-1].N && o[j].Name < o[j-1].Name); j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}

type articleData struct {
	A          *warta.Article
	Paragraphs []template.HTML
	Raw        string
	RawFormat  string
}

func (h *Handler) articlePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, err := h.Store.Article(r.Context(), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	d := articleData{A: a, Paragraphs: markParagraphs(a)}
	if doc, err := h.Store.Document(r.Context(), id); err == nil {
		d.Raw, d.RawFormat = string(bytes.ToValidUTF8(doc.Raw, []byte("\uFFFD"))), string(doc.Format)
	}
	title := a.Headline()
	if title == "" {
		title = t(lang(w, r), "untitled")
	}
	h.render(w, r, 200, "article", title, d)
}

type statusData struct {
	Stats    *warta.Stats
	Problems []warta.Problem
	Outlets  []outletCount
	Queued   int64
	Sources  []crawl.SourceState
}

func (h *Handler) statusPage(w http.ResponseWriter, r *http.Request) {
	st, err := h.Store.Stats(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	ps, err := h.Store.Problems(r.Context(), 200)
	if err != nil {
		h.error(w, r, err)
		return
	}
	d := statusData{Stats: st, Problems: ps}
	if h.Queued != nil {
		d.Queued = h.Queued()
	}
	if h.Sources != nil {
		if ss, err := h.Sources(r.Context()); err == nil {
			d.Sources = ss
		}
	}
	for name, n := range st.Outlets {
		d.Outlets = append(d.Outlets, outletCount{Name: name, N: n})
	}
	sortOutlets(d.Outlets)
	h.render(w, r, 200, "status", t(lang(w, r), "status"), d)
}
