package api

import (
	"context"
	"net/http"
	"sort"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/search"
)

// EntitySummary is what warta knows of one entity across articles.
type EntitySummary struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"`
	Roles   []string `json:"roles,omitempty"` // "Menteri Luar Negeri Indonesia (2021)"
	// Offices are the offices the knowledge file says the entity held,
	// with their dates.
	Offices  []Office `json:"offices,omitempty"`
	Articles []string `json:"articles"`
	// With are the entities named most often in the same articles.
	With []CoMention `json:"with,omitempty"`
}

// Office is one office an entity held: "Menteri Luar Negeri" of
// "Indonesia" from "2014-10-27" to "2024-10-21" (To empty while held).
type Office struct {
	Office string `json:"office"`
	Of     string `json:"of"`
	From   string `json:"from"`
	To     string `json:"to,omitempty"`
}

// String is the office as a line: "Menteri Luar Negeri, Indonesia
// 2014-10-27–2024-10-21".
func (o Office) String() string { return o.Office + ", " + o.Of + " " + o.From + "–" + o.To }

// WithOffices fills each summary's offices from of (the entity stage's
// table, which the API does not load itself).
func WithOffices(es []*EntitySummary, of func(id string) []Office) {
	if of == nil {
		return
	}
	for _, e := range es {
		e.Offices = of(e.ID)
	}
}

// CoMention counts articles two entities share.
type CoMention struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// Entities summarizes the entities whose name or a mention contains query,
// over the articles a search for it finds. There is no entity index yet:
// the search narrows the articles, and the summary is built from them.
func Entities(ctx context.Context, store warta.Store, s *search.Searcher, query, id string) ([]*EntitySummary, error) {
	q := s.WithAny(warta.SearchQuery{Limit: 200}, query)
	if len(q.Terms) == 0 {
		return nil, warta.Errorf(warta.EINVALID, "give a name to look for")
	}
	res, err := store.SearchArticles(ctx, q)
	if err != nil {
		return nil, err
	}
	needle := strings.ToLower(query)
	byID := map[string]*EntitySummary{}
	with := map[string]map[string]int{}
	names := map[string]string{}
	for _, h := range res.Hits {
		a := h.Article
		var here []string
		for _, e := range a.Entities {
			names[e.ID] = e.Name
			here = append(here, e.ID)
			match := id == e.ID || id == "" && strings.Contains(strings.ToLower(e.Name), needle)
			for _, m := range e.Mentions {
				match = match || id == "" && strings.Contains(strings.ToLower(m.Text), needle)
			}
			if !match {
				continue
			}
			sm := byID[e.ID]
			if sm == nil {
				sm = &EntitySummary{ID: e.ID, Name: e.Name, Type: string(e.Type)}
				byID[e.ID] = sm
			}
			sm.Articles = addUnique(sm.Articles, a.ID)
			if e.Role != "" {
				role := strings.TrimSpace(e.Role + " " + e.Affiliation)
				if len(a.Published) >= 4 {
					role += " (" + a.Published[:4] + ")"
				}
				sm.Roles = addUnique(sm.Roles, role)
			}
			for _, m := range e.Mentions {
				sm.Aliases = addUnique(sm.Aliases, m.Text)
			}
		}
		for _, x := range here {
			if byID[x] == nil {
				continue
			}
			for _, y := range here {
				if x != y {
					if with[x] == nil {
						with[x] = map[string]int{}
					}
					with[x][y]++
				}
			}
		}
	}
	var out []*EntitySummary
	for eid, sm := range byID {
		sort.Strings(sm.Roles)
		for y, n := range with[eid] {
			sm.With = append(sm.With, CoMention{ID: y, Name: names[y], Articles: n})
		}
		sort.Slice(sm.With, func(i, j int) bool {
			return sm.With[i].Articles > sm.With[j].Articles || sm.With[i].Articles == sm.With[j].Articles && sm.With[i].ID < sm.With[j].ID
		})
		if len(sm.With) > 10 {
			sm.With = sm.With[:10]
		}
		out = append(out, sm)
	}
	sort.Slice(out, func(i, j int) bool {
		return len(out[i].Articles) > len(out[j].Articles) || len(out[i].Articles) == len(out[j].Articles) && out[i].ID < out[j].ID
	})
	return out, nil
}

func addUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func (h *Handler) listEntities(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 50, 200)
	if err != nil {
		h.error(w, r, err)
		return
	}
	off, err := offsetCursor(r, "e")
	if err != nil {
		h.error(w, r, err)
		return
	}
	all, err := Entities(r.Context(), h.Store, h.Searcher, r.URL.Query().Get("q"), "")
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := struct {
		Entities   []*EntitySummary `json:"entities"`
		NextCursor string           `json:"next_cursor,omitempty"`
	}{}
	out.Entities, out.NextCursor = page(all, off, limit, "e")
	writeJSON(w, http.StatusOK, out)
}

// getEntity looks an entity up by ID; the words of the ID's slug
// ("per:retno-marsudi") find the articles that name it.
func (h *Handler) getEntity(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	slug := id[strings.LastIndexByte(id, ':')+1:]
	out, err := Entities(r.Context(), h.Store, h.Searcher, strings.ReplaceAll(slug, "-", " "), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if len(out) == 0 {
		h.error(w, r, warta.Errorf(warta.ENOTFOUND, "entity %s not found", id))
		return
	}
	writeJSON(w, http.StatusOK, out[0])
}
