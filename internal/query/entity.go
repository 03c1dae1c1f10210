package query

import (
	"context"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// EntitySummary is what warta knows of one entity across articles.
type EntitySummary struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Aliases  []string `json:"aliases"`
	Roles    []string `json:"roles,omitempty"` // "Menteri Luar Negeri Indonesia (2021)"
	Articles []string `json:"articles"`
	// With are the entities named most often in the same articles.
	With []CoMention `json:"with,omitempty"`
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
func (s *Service) Entities(ctx context.Context, query, id string) ([]*EntitySummary, error) {
	q := s.Searcher.WithAny(warta.SearchQuery{Limit: 200}, query)
	if len(q.Terms) == 0 {
		return nil, warta.Errorf(warta.EINVALID, "give a name to look for")
	}
	res, err := s.Store.SearchArticles(ctx, q)
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

// ResolveEntity turns an entity ID or a name into an ID: an ID
// ("per:retno-marsudi") is taken as is, a name is looked up among the
// entities of matching articles (the most mentioned wins).
func (s *Service) ResolveEntity(ctx context.Context, ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return "", warta.Errorf(warta.EINVALID, "name an entity")
	}
	if strings.Contains(ref, ":") {
		return ref, nil
	}
	es, err := s.Entities(ctx, ref, "")
	if err != nil {
		return "", err
	}
	if len(es) == 0 {
		return "", warta.Errorf(warta.ENOTFOUND, "no entity named %q", ref)
	}
	return es[0].ID, nil
}

// Timeline returns the events of entity (and with, when given), oldest
// first, each with its reports.
func (s *Service) Timeline(ctx context.Context, entity, with string) ([]*warta.EventRecord, error) {
	id, err := s.ResolveEntity(ctx, entity)
	if err != nil {
		return nil, err
	}
	wid := ""
	if with != "" {
		if wid, err = s.ResolveEntity(ctx, with); err != nil {
			return nil, err
		}
	}
	return s.Store.Timeline(ctx, id, wid)
}
