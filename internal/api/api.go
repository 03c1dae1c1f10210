package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/crawl"
	"github.com/warta-news/warta/internal/metrics"
	"github.com/warta-news/warta/internal/outbound"
	"github.com/warta-news/warta/internal/query"
	"github.com/warta-news/warta/internal/search"
)

// Handler holds the API's dependencies. Build it with fields set, then
// mount Routes.
type Handler struct {
	Store    warta.Store
	Searcher *search.Searcher
	// Query answers the product's questions (entities, timelines, lists);
	// nil means one over Store and Searcher.
	Query  *query.Service
	Logger *slog.Logger
	// Crawler serves /api/v1/sources; nil answers 404 there.
	Crawler *crawl.Crawler
	// Offices, when set, gives the offices an entity held with their
	// dates (the knowledge file's table); the entity answers list them.
	Offices func(id string) []query.Office

	// Token guards the endpoints that change data (see RequireToken); ""
	// turns them off.
	Token string
	// Ingest runs a request body through the same readers and pipeline as
	// `warta ingest`; Reprocess rebuilds derived data like `warta
	// reprocess`. The CLI supplies both; nil answers 501.
	Ingest    func(ctx context.Context, in IngestRequest) (*IngestResult, error)
	Reprocess func(ctx context.Context) (*ReprocessResult, error)
	// MaxIngestBytes caps a POST /api/v1/ingest body; 0 means 64 MiB.
	MaxIngestBytes int64
	// Context bounds work that outlives its request (a reprocess started
	// by POST): the server's lifetime. Nil means context.Background().
	Context context.Context
	// BaseURL is where readers reach the server (the configured base_url),
	// for absolute links in Atom feeds; empty leaves them relative. The
	// request's Host header is never used: anyone can send any Host, and a
	// cached feed would carry their links to every reader.
	BaseURL string
	// Outbound guards the addresses webhooks may post to; nil allows
	// public addresses only.
	Outbound *outbound.Guard
	// HTTP and IngestQueue feed /metrics; either may be nil.
	HTTP        *metrics.HTTP
	IngestQueue *metrics.Gauge

	patterns []string
	job      reprocessJob
}

// Routes returns the API mux. Its paths are absolute: /api/v1/..., and
// /healthz and /metrics, which a server mounts at its root.
func (h *Handler) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	h.patterns = nil
	read := func(pattern string, fn http.HandlerFunc) {
		mux.Handle(pattern, fn)
		h.patterns = append(h.patterns, pattern)
	}
	write := func(pattern string, fn http.HandlerFunc) {
		mux.Handle(pattern, RequireToken(h.Token, fn))
		h.patterns = append(h.patterns, pattern)
	}
	read("GET /healthz", h.healthz)
	read("GET /metrics", h.metrics)
	read("GET /api/v1/openapi.json", h.openAPI)
	read("GET /api/v1/articles", h.listArticles)
	read("GET /api/v1/articles/{id}", h.getArticle)
	write("DELETE /api/v1/articles/{id}", h.deleteArticle)
	read("GET /api/v1/quotes", h.listQuotes)
	read("GET /api/v1/events", h.listEvents)
	read("GET /api/v1/events/{id}", h.getEvent)
	read("GET /api/v1/stories", h.listStories)
	read("GET /api/v1/stories/{id}", h.getStory)
	read("GET /api/v1/timeline", h.timeline)
	read("GET /api/v1/entities", h.listEntities)
	read("GET /api/v1/entities/{id}", h.getEntity)
	read("GET /api/v1/stats", h.stats)
	read("GET /api/v1/problems", h.problems)
	read("GET /api/v1/export", h.export)
	write("POST /api/v1/ingest", h.ingest)
	read("GET /api/v1/reprocess", h.reprocessStatus)
	write("POST /api/v1/reprocess", h.startReprocess)
	read("GET /api/v1/alerts", h.listAlerts)
	write("POST /api/v1/alerts", h.addAlert)
	read("GET /api/v1/alerts/{id}", h.getAlert)
	write("DELETE /api/v1/alerts/{id}", h.removeAlert)
	read("GET /api/v1/alerts/{id}/feed.atom", h.alertFeed)
	// Sources: the handlers check the token themselves, reads included
	// (a source list shows what an operator follows).
	read("GET /api/v1/sources", h.listSources)
	write("POST /api/v1/sources", h.addSource)
	write("DELETE /api/v1/sources/{id}", h.removeSource)
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		h.noRoute(mux, w, r)
	})
	return mux
}

// Patterns lists the routes Routes registered, "METHOD /path", in order.
// The OpenAPI test checks them against the document.
func (h *Handler) Patterns() []string { return append([]string(nil), h.patterns...) }

// noRoute answers a request no route took: 405 with Allow when the path
// exists for other methods, else 404, both as problem details. The mux's
// own 405 would be plain text, because the catch-all takes every method.
func (h *Handler) noRoute(mux *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := mux.Handler(probe); p != "" && p != "/api/v1/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeProblem(w, r, http.StatusMethodNotAllowed, "method_not_allowed",
			r.Method+" is not allowed here; use "+strings.Join(allow, " or "))
		return
	}
	h.error(w, r, warta.Errorf(warta.ENOTFOUND, "no such endpoint: %s", r.URL.Path))
}

func (h *Handler) query() *query.Service {
	if h.Query != nil {
		return h.Query
	}
	return query.New(h.Store, h.Searcher)
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default().With("component", "api")
}

// problem is an RFC 9457 problem details body. Code repeats the warta
// error code so that clients can branch without parsing Detail.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	Code     string `json:"code"`
}

var codeStatus = map[string]int{
	warta.EINVALID:      http.StatusBadRequest,
	warta.ENOTFOUND:     http.StatusNotFound,
	warta.ECONFLICT:     http.StatusConflict,
	warta.EUNAUTHORIZED: http.StatusUnauthorized,
	warta.EINTERNAL:     http.StatusInternalServerError,
	warta.EBUSY:         http.StatusServiceUnavailable,
}

// error writes err as problem details. Internal errors are logged with the
// request and shown only as "internal error".
func (h *Handler) error(w http.ResponseWriter, r *http.Request, err error) {
	code := warta.ErrorCode(err)
	status, ok := codeStatus[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if code == warta.EINTERNAL {
		h.logger().Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	writeProblem(w, r, status, code, warta.ErrorMessage(err))
}

// writeProblem writes a problem details body with the given status.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(problem{Type: "about:blank", Title: http.StatusText(status), Status: status,
		Detail: detail, Instance: r.URL.Path, Code: code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// Cursors are opaque to clients: base64 of a kind letter and numbers, so
// that paging can change (offsets to keys) without breaking them. A cursor
// of one list is refused by another.
func encodeCursor(kind string, ns ...int64) string {
	parts := []string{kind}
	for _, n := range ns {
		parts = append(parts, strconv.FormatInt(n, 10))
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, ":")))
}

func decodeCursor(c, kind string, want int) ([]int64, error) {
	bad := warta.Errorf(warta.EINVALID, "bad cursor %q: pass the next_cursor of the previous page", c)
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, bad
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != want+1 || parts[0] != kind {
		return nil, bad
	}
	ns := make([]int64, want)
	for i, p := range parts[1:] {
		if ns[i], err = strconv.ParseInt(p, 10, 64); err != nil || ns[i] < 0 {
			return nil, bad
		}
	}
	return ns, nil
}

// offsetCursor reads an offset cursor ("" is 0).
func offsetCursor(r *http.Request, kind string) (int, error) {
	c := r.URL.Query().Get("cursor")
	if c == "" {
		return 0, nil
	}
	ns, err := decodeCursor(c, kind, 1)
	if err != nil {
		return 0, err
	}
	return int(ns[0]), nil
}

// limitParam reads limit=, between 1 and max, def when absent.
func limitParam(r *http.Request, def, max int) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		return 0, warta.Errorf(warta.EINVALID, "limit: want 1 to %d, got %q", max, s)
	}
	return n, nil
}

// page cuts one page out of a list computed whole, and says where the
// next page starts ("" at the end).
func page[T any](xs []T, off, limit int, kind string) ([]T, string) {
	if off > len(xs) {
		off = len(xs)
	}
	end := min(off+limit, len(xs))
	next := ""
	if end < len(xs) {
		next = encodeCursor(kind, int64(end))
	}
	out := xs[off:end]
	if out == nil {
		out = []T{}
	}
	return out, next
}

// listValues returns a repeatable parameter, also split at commas:
// type=CONSULT&type=AGREE and type=CONSULT,AGREE are the same.
func listValues(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// searchQuery reads the article filters every list shares: q (the search
// syntax), outlet, lang, from, to, entity and type. filtered says whether
// any was given. Each entity= is an ID or any name of an entity, resolved
// by the query layer; resolved says how each was read.
func (h *Handler) searchQuery(r *http.Request) (q warta.SearchQuery, filtered bool, err error) {
	q, filtered, _, err = h.resolvedQuery(r)
	return q, filtered, err
}

func (h *Handler) resolvedQuery(r *http.Request) (q warta.SearchQuery, filtered bool, resolved []*query.Resolution, err error) {
	v := r.URL.Query()
	if q, err = h.Searcher.Parse(v.Get("q")); err != nil {
		return q, false, nil, err
	}
	if s := v.Get("outlet"); s != "" {
		q.Outlet = s
	}
	if s := v.Get("lang"); s != "" {
		q.Language = s
	}
	for _, b := range []string{"from", "to"} {
		if err := search.SetDay(&q, b, v.Get(b)); err != nil {
			return q, false, nil, err
		}
	}
	if refs := listValues(r, "entity"); len(refs) > 0 {
		if q.Entities, resolved, err = h.query().ResolveAll(r.Context(), refs); err != nil {
			return q, false, nil, err
		}
	}
	for _, t := range listValues(r, "type") {
		q.EventTypes = append(q.EventTypes, strings.ToUpper(t))
	}
	filtered = len(q.Terms) > 0 || len(q.Phrases) > 0 || len(q.Not) > 0 || q.Outlet != "" || q.Language != "" ||
		!q.From.IsZero() || !q.To.IsZero() || len(q.Entities) > 0 || len(q.EventTypes) > 0
	return q, filtered, resolved, nil
}

// articleList is one page of search results.
type articleList struct {
	Total      int       `json:"total"`
	Hits       []listHit `json:"hits"`
	NextCursor string    `json:"next_cursor,omitempty"`
	// Entities says which entity each entity= was taken to mean.
	Entities []*query.Resolution `json:"entities,omitempty"`
	// Facets count the outlets, event types and entities of all the
	// results (facets=true).
	Facets *query.Facets `json:"facets,omitempty"`
}

type listHit struct {
	ID        string   `json:"id"`
	Outlet    string   `json:"outlet,omitempty"`
	Language  string   `json:"language,omitempty"`
	Title     string   `json:"title,omitempty"`
	Published string   `json:"published,omitempty"`
	URL       string   `json:"url,omitempty"`
	Score     float64  `json:"score"`
	Snippet   string   `json:"snippet,omitempty"`
	Authors   []string `json:"authors,omitempty"`
	// With group=true: the event the article reports, and the page's
	// other reports of it and copies of the page, folded under it.
	Event     *query.EventRef `json:"event,omitempty"`
	Duplicate bool            `json:"duplicate,omitempty"`
	Folded    []listHit       `json:"folded,omitempty"`
}

func (h *Handler) listArticles(w http.ResponseWriter, r *http.Request) {
	q, _, resolved, err := h.resolvedQuery(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if q.Limit, err = limitParam(r, 20, 200); err != nil {
		h.error(w, r, err)
		return
	}
	if q.Offset, err = offsetCursor(r, "o"); err != nil {
		h.error(w, r, err)
		return
	}
	res, err := h.Store.SearchArticles(r.Context(), q)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := articleList{Total: res.Total, Hits: []listHit{}, Entities: resolved}
	item := func(a *warta.Article, score float64) listHit {
		return listHit{ID: a.ID, Outlet: a.Outlet, Language: a.Language, Title: a.Title,
			Published: a.Published, URL: a.URL, Score: score, Snippet: h.Searcher.Snippet(a, q, 30), Authors: a.Authors}
	}
	if g := r.URL.Query().Get("group"); g == "true" || g == "1" {
		groups, err := h.query().Group(r.Context(), res.Hits)
		if err != nil {
			h.error(w, r, err)
			return
		}
		for _, g := range groups {
			it := item(g.Article, g.Score)
			it.Event = g.Event
			for _, f := range g.Folded {
				fi := item(f.Article, 0)
				fi.Duplicate = f.Duplicate
				it.Folded = append(it.Folded, fi)
			}
			out.Hits = append(out.Hits, it)
		}
	} else {
		for _, hit := range res.Hits {
			out.Hits = append(out.Hits, item(hit.Article, hit.Score))
		}
	}
	if f := r.URL.Query().Get("facets"); f == "true" || f == "1" {
		if out.Facets, err = h.query().Facets(r.Context(), q, 20); err != nil {
			h.error(w, r, err)
			return
		}
	}
	if next := q.Offset + len(res.Hits); next < res.Total && len(res.Hits) > 0 {
		out.NextCursor = encodeCursor("o", int64(next))
	}
	writeJSON(w, http.StatusOK, out)
}

// rawDocument is the stored document as the API shows it: text when the
// bytes are UTF-8, base64 otherwise, so nothing is lost either way.
type rawDocument struct {
	Source     string      `json:"source"`
	URL        string      `json:"url,omitempty"`
	Format     string      `json:"format"`
	Charset    string      `json:"charset,omitempty"`
	IngestedAt time.Time   `json:"ingested_at"`
	Hints      warta.Hints `json:"hints,omitzero"`
	Text       string      `json:"text,omitempty"`
	Base64     string      `json:"base64,omitempty"`
}

type articleWithRaw struct {
	*warta.Article
	Raw *rawDocument `json:"raw,omitempty"`
}

func (h *Handler) getArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, err := h.Store.Article(r.Context(), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := articleWithRaw{Article: a}
	if raw := r.URL.Query().Get("raw"); raw == "1" || raw == "true" {
		d, err := h.Store.Document(r.Context(), id)
		if err != nil {
			h.error(w, r, err)
			return
		}
		rd := &rawDocument{Source: d.Source, URL: d.URL, Format: string(d.Format), Charset: d.Charset,
			IngestedAt: d.IngestedAt, Hints: d.Hints}
		if utf8.Valid(d.Raw) {
			rd.Text = string(d.Raw)
		} else {
			rd.Base64 = base64.StdEncoding.EncodeToString(d.Raw)
		}
		out.Raw = rd
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	st, err := h.Store.Stats(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// problems pages by problem ID, newest first: problems keep arriving while
// a client reads, and an offset would shift under it.
func (h *Handler) problems(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 100, 1000)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var before int64
	if c := r.URL.Query().Get("cursor"); c != "" {
		ns, err := decodeCursor(c, "p", 1)
		if err != nil {
			h.error(w, r, err)
			return
		}
		before = ns[0]
	}
	ps, err := h.Store.ProblemsBefore(r.Context(), before, limit)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := struct {
		Problems   []warta.Problem `json:"problems"`
		NextCursor string          `json:"next_cursor,omitempty"`
	}{Problems: ps}
	if out.Problems == nil {
		out.Problems = []warta.Problem{}
	}
	if len(ps) == limit && ps[len(ps)-1].ID > 1 {
		out.NextCursor = encodeCursor("p", ps[len(ps)-1].ID)
	}
	writeJSON(w, http.StatusOK, out)
}

// listQuotes answers "what did X say about Y": the quotes of speaker= (an
// entity ID or any name, resolved as entity= is) in articles matching q=
// and the other article filters. The cursor is the position in the article
// results and the quote within that article.
func (h *Handler) listQuotes(w http.ResponseWriter, r *http.Request) {
	q, _, err := h.searchQuery(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	limit, err := limitParam(r, 50, 200)
	if err != nil {
		h.error(w, r, err)
		return
	}
	req := query.QuotesRequest{Speaker: r.URL.Query().Get("speaker"), Query: q, Limit: limit}
	if c := r.URL.Query().Get("cursor"); c != "" {
		ns, err := decodeCursor(c, "q", 2)
		if err != nil {
			h.error(w, r, err)
			return
		}
		req.After = [2]int{int(ns[0]), int(ns[1])}
	}
	pg, err := h.query().Quotes(r.Context(), req)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := struct {
		Quotes     []query.QuoteRow  `json:"quotes"`
		Speaker    *query.Resolution `json:"speaker,omitempty"`
		NextCursor string            `json:"next_cursor,omitempty"`
	}{Quotes: pg.Quotes, Speaker: pg.Speaker}
	if pg.More {
		out.NextCursor = encodeCursor("q", int64(pg.Next[0]), int64(pg.Next[1]))
	}
	writeJSON(w, http.StatusOK, out)
}
