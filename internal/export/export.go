package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// What names an export; Format names its encoding.
const (
	Articles     = "articles"
	Events       = "events"
	GDELT        = "gdelt"
	Cooccurrence = "cooccurrence"

	JSONL = "jsonl"
	CSV   = "csv"
	TSV   = "tsv"
)

// formats lists, per export, the formats it can be written in; the first
// is the default.
var formats = map[string][]string{
	Articles:     {JSONL, CSV},
	Events:       {JSONL},
	GDELT:        {TSV},
	Cooccurrence: {CSV},
}

// Request says what to export.
type Request struct {
	What   string
	Format string // "" means the export's default
	// Query selects articles (its Limit and Offset are ignored). Events
	// and the GDELT table keep the events those articles report.
	Query warta.SearchQuery
	// Filtered says whether Query selects anything; false exports all.
	Filtered bool
	// MinWeight drops co-occurrence edges named together in fewer
	// articles; 0 and 1 keep every edge.
	MinWeight int
}

// Check fills the default format and returns EINVALID for an unknown
// export or a format it cannot be written in.
func (r *Request) Check() error {
	fs, ok := formats[r.What]
	if !ok {
		return warta.Errorf(warta.EINVALID, "unknown export %q: want articles, events, gdelt or cooccurrence", r.What)
	}
	if r.Format == "" {
		r.Format = fs[0]
	}
	for _, f := range fs {
		if f == r.Format {
			return nil
		}
	}
	return warta.Errorf(warta.EINVALID, "%s cannot be written as %q: want %s", r.What, r.Format, strings.Join(fs, " or "))
}

// ContentType is the media type of r's output; call it after Check.
func (r *Request) ContentType() string {
	switch r.Format {
	case CSV:
		return "text/csv; charset=utf-8"
	case TSV:
		return "text/tab-separated-values; charset=utf-8"
	}
	return "application/x-ndjson"
}

// FileName is a name for r's output ("warta-articles.csv").
func (r *Request) FileName() string { return "warta-" + r.What + "." + r.Format }

// Write writes the export r describes to w, reading from store as it goes.
// It returns EINVALID for a bad request, before writing anything.
func Write(ctx context.Context, w io.Writer, store warta.Store, r Request) error {
	if err := r.Check(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch r.What {
	case Articles:
		if r.Format == CSV {
			err = articlesCSV(ctx, bw, store, r)
		} else {
			err = articlesJSONL(ctx, bw, store, r)
		}
	case Events:
		err = eventsJSONL(ctx, bw, store, r)
	case GDELT:
		err = gdeltTSV(ctx, bw, store, r)
	case Cooccurrence:
		err = cooccurrenceCSV(ctx, bw, store, r)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func articlesJSONL(ctx context.Context, w io.Writer, store warta.Store, r Request) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return store.EachArticle(ctx, r.Query, func(a *warta.Article) error {
		return enc.Encode(a)
	})
}

// ArticleColumns are the columns of the articles CSV.
var ArticleColumns = []string{"id", "published", "outlet", "language", "kicker", "title", "url", "source", "authors",
	"editors", "type", "dateline", "entities", "event_types", "event_id", "story_id", "duplicate_of", "text"}

// listSep joins list values inside one CSV cell; it does not occur in
// entity IDs, names or PLOVER types.
const listSep = "|"

// formulaCell keeps a spreadsheet from running a cell as a formula, as
// OWASP's CSV injection advice says: a cell that starts with =, +, -, @,
// a tab or a carriage return gets a leading single quote, which the
// spreadsheet shows as text. Article text is written by whoever published
// the page, and "=HYPERLINK(...)" in a title must stay a title.
func formulaCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// safeCSV is a csv.Writer whose cells go through formulaCell.
type safeCSV struct{ *csv.Writer }

func newCSV(w io.Writer) safeCSV { return safeCSV{csv.NewWriter(w)} }

func (c safeCSV) Write(row []string) error {
	for i := range row {
		row[i] = formulaCell(row[i])
	}
	return c.Writer.Write(row)
}

func articlesCSV(ctx context.Context, w io.Writer, store warta.Store, r Request) error {
	cw := newCSV(w)
	if err := cw.Write(ArticleColumns); err != nil {
		return err
	}
	err := store.EachArticle(ctx, r.Query, func(a *warta.Article) error {
		var ents, types []string
		for _, e := range a.Entities {
			ents = append(ents, e.ID)
		}
		for _, e := range a.Events {
			types = appendUnique(types, e.Type)
		}
		return cw.Write([]string{a.ID, a.Published, a.Outlet, a.Language, a.Kicker, a.Title, a.URL, a.Source,
			strings.Join(a.Authors, listSep), strings.Join(a.Editors, listSep), a.Type, a.Dateline,
			strings.Join(ents, listSep), strings.Join(types, listSep), a.EventID, a.StoryID, a.DuplicateOf, a.Body()})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// eachEvent calls fn for the events to export, in date order (undated
// last). A filtered export reads the matching articles for the IDs of the
// events they report, then the events by ID: only IDs and dates are held.
func eachEvent(ctx context.Context, store warta.Store, r Request, fn func(*warta.EventRecord) error) error {
	if !r.Filtered {
		return store.EachEvent(ctx, fn)
	}
	ids := map[string]bool{}
	err := store.EachArticle(ctx, r.Query, func(a *warta.Article) error {
		for _, e := range a.Events {
			if e.ID != "" {
				ids[e.ID] = true
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	type key struct{ date, id string }
	keys := make([]key, 0, len(ids))
	for id := range ids {
		e, err := store.Event(ctx, id)
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		keys = append(keys, key{e.Date, e.ID})
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if (a.date == "") != (b.date == "") {
			return b.date == ""
		}
		if a.date != b.date {
			return a.date < b.date
		}
		return a.id < b.id
	})
	for _, k := range keys {
		e, err := store.Event(ctx, k.id)
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// Actor is an event participant as exported: the entity with what the
// reporting articles say of it.
type Actor struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"`
	Role        string `json:"role,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
	// Country is the ISO 3166-1 alpha-3 code of the actor's country (a
	// country itself, or the country it is affiliated with), when known.
	Country string `json:"country,omitempty"`
}

// Location is where an event happened.
type Location struct {
	Name    string `json:"name"`
	ID      string `json:"id,omitempty"`
	Country string `json:"country,omitempty"`
}

// Source is one article reporting an event.
type Source struct {
	ArticleID   string `json:"article_id"`
	Outlet      string `json:"outlet,omitempty"`
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	Published   string `json:"published,omitempty"`
	Sentence    string `json:"sentence,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// Event is one line of the events JSONL, in the style of PLOVER/POLECAT
// records: the event, its actors resolved to entities, and its sources.
type Event struct {
	EventID   string    `json:"event_id"`
	EventType string    `json:"event_type"`
	Mode      string    `json:"mode,omitempty"`
	Status    string    `json:"status,omitempty"`
	Date      *string   `json:"date"`
	Context   []string  `json:"context"`
	Actors    []Actor   `json:"actors"`
	Recipient *Actor    `json:"recipient"`
	Location  *Location `json:"location"`
	StoryID   string    `json:"story_id,omitempty"`
	// NumReports counts the reporting articles, NumSources their outlets.
	NumReports int      `json:"num_reports"`
	NumSources int      `json:"num_sources"`
	Sources    []Source `json:"sources"`
}

// resolve builds the exported form of e from the articles reporting it:
// their entities give the actors' types, roles and affiliations, their
// events the recipient, and their URLs the sources. A report whose article
// is gone is kept with what the event remembers of it.
func resolve(ctx context.Context, store warta.Store, e *warta.EventRecord) (*Event, error) {
	out := &Event{EventID: e.ID, EventType: e.Type, Mode: e.Mode, Status: e.Status, StoryID: e.StoryID,
		Context: e.Topics, Actors: []Actor{}, Sources: []Source{}}
	if out.Context == nil {
		out.Context = []string{}
	}
	if e.Date != "" {
		d := e.Date
		out.Date = &d
	}
	entities := map[string]warta.Entity{} // by ID, first report wins
	byName := map[string]string{}         // lower-cased name or mention → ID
	outlets := map[string]bool{}
	recipient := ""
	for _, rep := range e.Reports {
		src := Source{ArticleID: rep.ArticleID, Outlet: rep.Outlet, Title: rep.Title, Published: rep.Published,
			Sentence: rep.Sentence, DuplicateOf: rep.DuplicateOf}
		a, err := store.Article(ctx, rep.ArticleID)
		if err != nil && warta.ErrorCode(err) != warta.ENOTFOUND {
			return nil, err
		}
		if a != nil {
			src.URL = a.URL
			for _, en := range a.Entities {
				if _, ok := entities[en.ID]; !ok {
					entities[en.ID] = en
				}
				byName[strings.ToLower(en.Name)] = en.ID
				for _, m := range en.Mentions {
					if _, ok := byName[strings.ToLower(m.Text)]; !ok {
						byName[strings.ToLower(m.Text)] = en.ID
					}
				}
			}
			if rep.Index >= 0 && rep.Index < len(a.Events) && recipient == "" {
				recipient = a.Events[rep.Index].Recipient
			}
		}
		if src.Outlet != "" {
			outlets[strings.ToLower(src.Outlet)] = true
		}
		out.Sources = append(out.Sources, src)
	}
	out.NumReports, out.NumSources = len(out.Sources), len(outlets)
	actor := func(id, name string) Actor {
		if id == "" {
			id = byName[strings.ToLower(name)]
		}
		ac := Actor{ID: id, Name: name}
		if en, ok := entities[id]; ok {
			ac.Type, ac.Role, ac.Affiliation = string(en.Type), en.Role, en.Affiliation
			if ac.Name == "" {
				ac.Name = en.Name
			}
		}
		ac.Country = countryOf(ac)
		return ac
	}
	for i, name := range e.Actors {
		id := ""
		if i < len(e.ActorIDs) {
			id = e.ActorIDs[i]
		}
		out.Actors = append(out.Actors, actor(id, name))
	}
	if recipient != "" {
		r := actor("", recipient)
		out.Recipient = &r
	}
	if e.Place != "" {
		loc := &Location{Name: e.Place, ID: byName[strings.ToLower(e.Place)]}
		loc.Country = iso3[loc.ID]
		out.Location = loc
	}
	return out, nil
}

// countryOf is the ISO code of a country actor, or of the country an actor
// is affiliated with.
func countryOf(a Actor) string {
	if c := iso3[a.ID]; c != "" {
		return c
	}
	if a.Affiliation != "" {
		return iso3["loc:"+slug(a.Affiliation)]
	}
	return ""
}

// slug makes a knowledge-file ID from a canonical name ("Amerika Serikat"
// → "amerika-serikat").
func slug(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), "-")
}

func eventsJSONL(ctx context.Context, w io.Writer, store warta.Store, r Request) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return eachEvent(ctx, store, r, func(e *warta.EventRecord) error {
		x, err := resolve(ctx, store, e)
		if err != nil {
			return err
		}
		return enc.Encode(x)
	})
}

// GDELTColumns are the columns of the GDELT-like events table.
var GDELTColumns = []string{"event_id", "date", "actor1_id", "actor1_name", "actor1_country", "actor1_type",
	"actor2_id", "actor2_name", "actor2_country", "actor2_type", "event_type", "event_mode", "event_status",
	"place", "num_reports", "num_sources", "first_source_url", "story_id"}

// tsvCell keeps a value on its line and in its column: GDELT-style files
// have no quoting, so tabs and line breaks become spaces.
var tsvCell = strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")

func gdeltTSV(ctx context.Context, w io.Writer, store warta.Store, r Request) error {
	if _, err := io.WriteString(w, strings.Join(GDELTColumns, "\t")+"\n"); err != nil {
		return err
	}
	return eachEvent(ctx, store, r, func(e *warta.EventRecord) error {
		x, err := resolve(ctx, store, e)
		if err != nil {
			return err
		}
		var a1, a2 Actor
		if len(x.Actors) > 0 {
			a1 = x.Actors[0]
		}
		if x.Recipient != nil {
			a2 = *x.Recipient
		} else if len(x.Actors) > 1 {
			a2 = x.Actors[1]
		}
		date, place := "", ""
		if x.Date != nil {
			date = *x.Date
		}
		if x.Location != nil {
			place = x.Location.Name
		}
		row := []string{x.EventID, date, a1.ID, a1.Name, a1.Country, a1.Type, a2.ID, a2.Name, a2.Country, a2.Type,
			x.EventType, x.Mode, x.Status, place, fmt.Sprint(x.NumReports), fmt.Sprint(x.NumSources), firstURL(x.Sources), x.StoryID}
		for i := range row {
			row[i] = formulaCell(tsvCell.Replace(row[i]))
		}
		_, err = io.WriteString(w, strings.Join(row, "\t")+"\n")
		return err
	})
}

// firstURL is the URL of the earliest published source that has one.
func firstURL(srcs []Source) string {
	best, when := "", ""
	for _, s := range srcs {
		if s.URL == "" {
			continue
		}
		if best == "" || s.Published != "" && (when == "" || s.Published < when) {
			best, when = s.URL, s.Published
		}
	}
	return best
}

// CooccurrenceColumns are the columns of the co-occurrence edges.
var CooccurrenceColumns = []string{"source_id", "source_name", "target_id", "target_name", "weight"}

// cooccurrenceCSV counts, for each pair of entities, the articles that
// name both. Entities get small numbers as they appear so that a pair is
// two int32s; the count map is the only thing that grows with the store.
func cooccurrenceCSV(ctx context.Context, w io.Writer, store warta.Store, r Request) error {
	index := map[string]int32{}
	var ids, names []string
	counts := map[[2]int32]int{}
	err := store.EachArticle(ctx, r.Query, func(a *warta.Article) error {
		var here []int32
		seen := map[int32]bool{}
		for _, e := range a.Entities {
			if e.ID == "" {
				continue
			}
			n, ok := index[e.ID]
			if !ok {
				n = int32(len(ids))
				index[e.ID] = n
				ids, names = append(ids, e.ID), append(names, e.Name)
			}
			if !seen[n] {
				seen[n] = true
				here = append(here, n)
			}
		}
		for i := range here {
			for j := i + 1; j < len(here); j++ {
				x, y := here[i], here[j]
				if ids[x] > ids[y] {
					x, y = y, x
				}
				counts[[2]int32{x, y}]++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	type edge struct {
		pair [2]int32
		n    int
	}
	edges := make([]edge, 0, len(counts))
	for p, n := range counts {
		if n >= r.MinWeight {
			edges = append(edges, edge{p, n})
		}
	}
	sort.Slice(edges, func(i, j int) bool {
		a, b := edges[i], edges[j]
		if a.n != b.n {
			return a.n > b.n
		}
		if ids[a.pair[0]] != ids[b.pair[0]] {
			return ids[a.pair[0]] < ids[b.pair[0]]
		}
		return ids[a.pair[1]] < ids[b.pair[1]]
	})
	cw := newCSV(w)
	if err := cw.Write(CooccurrenceColumns); err != nil {
		return err
	}
	for _, e := range edges {
		s, t := e.pair[0], e.pair[1]
		if err := cw.Write([]string{ids[s], names[s], ids[t], names[t], fmt.Sprint(e.n)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
