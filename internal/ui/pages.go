package ui

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/query"
)

// reportView is one outlet's report of an event, with the copies of it
// folded underneath.
type reportView struct {
	warta.Report
	First  bool
	Copies []warta.Report
}

// quoteView is a quote with the article it is from.
type quoteView struct {
	warta.Quote
	ArticleID, Outlet, Title, Published string
}

type eventData struct {
	E *warta.EventRecord
	// StoryTitle names the story the event belongs to, for its link.
	StoryTitle string
	// Label says what happened in a line (query.EventLabel).
	Label   string
	Actors  []entityLink
	Reports []reportView
	Quotes  []quoteView
}

type entityLink struct{ ID, Name string }

func (h *Handler) eventPage(w http.ResponseWriter, r *http.Request) {
	e, err := h.Store.Event(r.Context(), r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	d := eventData{E: e, Label: query.EventLabel(e)}
	if s, err := h.Store.Story(r.Context(), e.StoryID); err == nil {
		d.StoryTitle = s.Title
	}
	for i, name := range e.Actors {
		l := entityLink{Name: name}
		if i < len(e.ActorIDs) {
			l.ID = e.ActorIDs[i]
		}
		d.Actors = append(d.Actors, l)
	}
	// Reports side by side in publish order; copies fold under the report
	// they copy when it is here too.
	byArticle := map[string]int{}
	for _, rep := range e.Reports {
		if rep.Title == "" {
			// An untitled page is known by its words, not its ID.
			rep.Title = warta.Shorten(rep.Sentence, query.LabelMax)
		}
		if rep.DuplicateOf != "" {
			if i, ok := byArticle[rep.DuplicateOf]; ok {
				d.Reports[i].Copies = append(d.Reports[i].Copies, rep)
				continue
			}
		}
		byArticle[rep.ArticleID] = len(d.Reports)
		d.Reports = append(d.Reports, reportView{Report: rep, First: len(d.Reports) == 0})
	}
	seen := map[string]bool{}
	for _, rep := range e.Reports {
		if seen[rep.ArticleID] {
			continue
		}
		seen[rep.ArticleID] = true
		a, err := h.Store.Article(r.Context(), rep.ArticleID)
		if err != nil {
			continue // deleted since; the report still shows
		}
		for _, q := range a.Quotes {
			d.Quotes = append(d.Quotes, quoteView{Quote: q, ArticleID: a.ID, Outlet: a.Outlet, Title: a.Headline(), Published: a.Published})
		}
	}
	h.render(w, r, 200, "event", d.Label, d)
}

type storyData struct {
	S      *warta.Story
	Sum    storySummary
	SVG    template.HTML
	Groups []dayGroup
}

func (h *Handler) storyPage(w http.ResponseWriter, r *http.Request) {
	s, err := h.Store.Story(r.Context(), r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	lang := lang(w, r)
	d := storyData{S: s, Sum: summarize(s, lang), SVG: timelineSVG(s.Events, lang), Groups: groupByDate(s.Events, lang)}
	h.render(w, r, 200, "story", d.Sum.Title, d)
}

type entityData struct {
	E        *query.EntitySummary
	Articles []*warta.Article
	Quotes   []quoteView
	Events   []*warta.EventRecord
	SVG      template.HTML
	Groups   []dayGroup
}

// entityListed is how many of an entity's newest events its page lists
// under the chart; the timeline page lists them all.
const entityListed = 40

func (h *Handler) entityPage(w http.ResponseWriter, r *http.Request) {
	// {id} is an ID or any name of the entity: /entities/jokowi is Joko
	// Widodo's page, under his ID.
	sm, res, err := h.Query.Entity(r.Context(), r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	id := sm.ID
	if res.Entity.Via != query.ViaID {
		http.Redirect(w, r, "/entities/"+url.PathEscape(id), http.StatusFound)
		return
	}
	query.WithOffices([]*query.EntitySummary{sm}, h.Offices)
	d := entityData{E: sm}
	// The newest articles and quotes, from the store's read model: not
	// the quotes among the first articles a search happened to return.
	for _, aid := range d.E.Articles[:min(30, len(d.E.Articles))] {
		if a, err := h.Store.Article(r.Context(), aid); err == nil {
			d.Articles = append(d.Articles, a)
		}
	}
	sortByPublished(d.Articles)
	qs, _, err := h.Query.EntityQuotes(r.Context(), id, sm.Name, 100)
	if err != nil {
		h.error(w, r, err)
		return
	}
	for _, q := range qs {
		d.Quotes = append(d.Quotes, quoteView{Quote: q.Quote, ArticleID: q.ArticleID, Outlet: q.Outlet, Title: q.Title, Published: q.Published})
	}
	if evs, err := h.Store.Timeline(r.Context(), id, ""); err == nil {
		d.Events = evs
		d.SVG = timelineSVG(evs, lang(w, r))
		d.Groups = groupByDate(evs[max(0, len(evs)-entityListed):], lang(w, r))
	}
	h.render(w, r, 200, "entity", d.E.Name, d)
}

func sortByPublished(as []*warta.Article) {
	sort.SliceStable(as, func(i, j int) bool { return as[i].Published > as[j].Published })
}

type timelineData struct {
	Entity, With string
	// Name and EntityID are the entity the timeline is of, as the
	// resolver chose it from what was typed.
	Name, EntityID string
	Events         []*warta.EventRecord
	SVG            template.HTML
	Groups         []dayGroup
	Message        string
}

// timelinePage shows the events of one entity, or between two, over time:
// names or entity IDs, as the API takes them.
func (h *Handler) timelinePage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	d := timelineData{Entity: v.Get("entity"), With: v.Get("with")}
	if d.Entity != "" {
		tl, err := h.Query.Timeline(r.Context(), d.Entity, d.With)
		switch code := warta.ErrorCode(err); {
		case err == nil:
			d.Events = tl.Events
			d.SVG = timelineSVG(tl.Events, lang(w, r))
			d.Groups = groupByDate(tl.Events, lang(w, r))
			if tl.Entity != nil {
				d.Name, d.EntityID = tl.Entity.Entity.Name, tl.Entity.Entity.ID
			}
			if tl.Entity.Ambiguous {
				d.Message = tl.Entity.String()
			}
		case code == warta.ENOTFOUND || code == warta.EINVALID:
			d.Message = warta.ErrorMessage(err)
		default:
			h.error(w, r, err)
			return
		}
	} else {
		// Before anything is typed: the latest events, so the page
		// starts somewhere.
		evs, err := h.latestEvents(r.Context(), recentEvents)
		if err != nil {
			h.error(w, r, err)
			return
		}
		d.Events = evs
		d.SVG = timelineSVG(evs, lang(w, r))
		d.Groups = groupByDate(evs, lang(w, r))
	}
	h.render(w, r, 200, "timeline", t(lang(w, r), "timeline"), d)
}

// recentQuotes is how many quotes the quotes page shows before anything
// is asked.
const recentQuotes = 30

type quotesData struct {
	Speaker, Words string
	Quotes         []quoteView
}

// quotesPage answers "what did X say about Y": quotes whose speaker's name
// contains the speaker filter, from articles matching the words.
func (h *Handler) quotesPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	d := quotesData{Speaker: strings.TrimSpace(v.Get("speaker")), Words: strings.TrimSpace(v.Get("q"))}
	var qs []quoteView
	var err error
	if d.Speaker != "" || d.Words != "" {
		qs, err = h.quotes(r.Context(), d.Speaker, d.Words)
	} else {
		// Before anything is typed: who said what lately.
		qs, err = h.recentQuotes(r.Context(), recentQuotes)
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	d.Quotes = qs
	h.render(w, r, 200, "quotes", t(lang(w, r), "quotes"), d)
}

func (h *Handler) quotes(ctx context.Context, speaker, words string) ([]quoteView, error) {
	q, err := h.Searcher.Parse(words)
	if err != nil {
		return nil, err
	}
	pg, err := h.Query.Quotes(ctx, query.QuotesRequest{Speaker: speaker, Query: q, Limit: 200})
	if err != nil {
		return nil, err
	}
	out := make([]quoteView, 0, len(pg.Quotes))
	for _, qt := range pg.Quotes {
		out = append(out, quoteView{Quote: qt.Quote, ArticleID: qt.ArticleID, Outlet: qt.Outlet, Title: qt.Title, Published: qt.Published})
	}
	return out, nil
}
