package api

import (
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
	"github.com/warta-news/warta/internal/search"
)

// Handler holds the API's dependencies. Build it with fields set, then
// mount Routes.
type Handler struct {
	Store    warta.Store
	Searcher *search.Searcher
	Logger   *slog.Logger
	// Crawler serves /api/v1/sources; nil answers 404 there.
	Crawler *crawl.Crawler
	// Token is the bearer token the sources API requires; empty turns the
	// sources API off.
	Token string
}

// Routes returns the API mux; paths are absolute (/api/v1/...).
func (h *Handler) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/articles", h.listArticles)
	mux.HandleFunc("GET /api/v1/articles/{id}", h.getArticle)
	mux.HandleFunc("GET /api/v1/quotes", h.listQuotes)
	mux.HandleFunc("GET /api/v1/events/{id}", h.getEvent)
	mux.HandleFunc("GET /api/v1/stories/{id}", h.getStory)
	mux.HandleFunc("GET /api/v1/timeline", h.timeline)
	mux.HandleFunc("GET /api/v1/entities", h.listEntities)
	mux.HandleFunc("GET /api/v1/entities/{id}", h.getEntity)
	mux.HandleFunc("GET /api/v1/stats", h.stats)
	mux.HandleFunc("GET /api/v1/problems", h.problems)
	mux.HandleFunc("GET /api/v1/sources", h.listSources)
	mux.HandleFunc("POST /api/v1/sources", h.addSource)
	mux.HandleFunc("DELETE /api/v1/sources/{id}", h.removeSource)
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		h.error(w, r, warta.Errorf(warta.ENOTFOUND, "no such endpoint: %s", r.URL.Path))
	})
	return mux
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default().With("component", "api")
}

// problem is an RFC 9457 problem details body.
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
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: http.StatusText(status), Status: status,
		Detail: warta.ErrorMessage(err), Instance: r.URL.Path, Code: code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// articleList is one page of search results.
type articleList struct {
	Total      int       `json:"total"`
	Hits       []listHit `json:"hits"`
	NextCursor string    `json:"next_cursor,omitempty"`
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
}

// encodeCursor hides the offset so clients treat cursors as opaque and we
// can move to keyset paging without breaking them.
func encodeCursor(off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(off)))
}

func decodeCursor(c string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) < 3 || string(b[:2]) != "o:" {
		return 0, warta.Errorf(warta.EINVALID, "bad cursor %q", c)
	}
	n, err := strconv.Atoi(string(b[2:]))
	if err != nil || n < 0 {
		return 0, warta.Errorf(warta.EINVALID, "bad cursor %q", c)
	}
	return n, nil
}

func (h *Handler) listArticles(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := h.Searcher.Parse(v.Get("q"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	if s := v.Get("outlet"); s != "" {
		q.Outlet = s
	}
	if s := v.Get("lang"); s != "" {
		q.Language = s
	}
	for _, b := range []string{"from", "to"} {
		if err := search.SetDay(&q, b, v.Get(b)); err != nil {
			h.error(w, r, err)
			return
		}
	}
	q.Limit = 20
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			h.error(w, r, warta.Errorf(warta.EINVALID, "limit: want 1 to 200, got %q", s))
			return
		}
		q.Limit = n
	}
	if c := v.Get("cursor"); c != "" {
		if q.Offset, err = decodeCursor(c); err != nil {
			h.error(w, r, err)
			return
		}
	}
	res, err := h.Store.SearchArticles(r.Context(), q)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := articleList{Total: res.Total, Hits: []listHit{}}
	for _, hit := range res.Hits {
		a := hit.Article
		out.Hits = append(out.Hits, listHit{ID: a.ID, Outlet: a.Outlet, Language: a.Language, Title: a.Title,
			Published: a.Published, URL: a.URL, Score: hit.Score, Snippet: h.Searcher.Snippet(a, q, 30), Authors: a.Authors})
	}
	if next := q.Offset + len(res.Hits); next < res.Total && len(res.Hits) > 0 {
		out.NextCursor = encodeCursor(next)
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

func (h *Handler) problems(w http.ResponseWriter, r *http.Request) {
	limit := 100
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			h.error(w, r, warta.Errorf(warta.EINVALID, "limit: want 1 to 1000, got %q", s))
			return
		}
		limit = n
	}
	ps, err := h.Store.Problems(r.Context(), limit)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if ps == nil {
		ps = []warta.Problem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"problems": ps})
}

// quoteRow is a quote with the article it came from.
type quoteRow struct {
	warta.Quote
	ArticleID string `json:"article_id"`
	Outlet    string `json:"outlet,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
}

// listQuotes answers "what did X say about Y": quotes whose speaker
// contains speaker= (any part of the name), in articles matching q=.
func (h *Handler) listQuotes(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	speaker := strings.ToLower(strings.TrimSpace(v.Get("speaker")))
	q, err := h.Searcher.Parse(v.Get("q"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	q = h.Searcher.WithAny(q, v.Get("speaker"))
	q.Limit = 200
	res, err := h.Store.SearchArticles(r.Context(), q)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := []quoteRow{}
	for _, hit := range res.Hits {
		a := hit.Article
		for _, qt := range a.Quotes {
			if speaker != "" && (qt.Speaker == nil || !strings.Contains(strings.ToLower(*qt.Speaker), speaker)) {
				continue
			}
			out = append(out, quoteRow{Quote: qt, ArticleID: a.ID, Outlet: a.Outlet, Title: a.Title, Published: a.Published})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"quotes": out})
}
