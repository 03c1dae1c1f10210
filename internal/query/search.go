package query

import (
	"context"
	"errors"
	"strings"

	"github.com/warta-news/warta"
)

// Facet is one value of a facet and how many results have it.
type Facet struct {
	// Value is what a filter takes (an outlet, an event type, an entity
	// ID); Name is what a reader sees.
	Value string `json:"value"`
	Name  string `json:"name"`
	N     int    `json:"n"`
}

// Facets count the outlets, event types and entities of a query's
// results: the results, not the store, so that they add up to what the
// reader is looking at.
type Facets struct {
	Outlets  []Facet `json:"outlets"`
	Types    []Facet `json:"types"`
	Entities []Facet `json:"entities"`
	// Counted is how many results were counted; Exact is false when the
	// query has more results than FacetLimit and only the first FacetLimit
	// stored were counted.
	Counted int  `json:"counted"`
	Exact   bool `json:"exact"`
}

// FacetLimit bounds the results facets read: counting every match of a
// one-word query over a large archive on every page view would read the
// archive each time. Up to here the counts are exact.
const FacetLimit = 5000

var errEnough = errors.New("enough results counted")

// Facets counts the outlets, event types and entities of q's results,
// each facet most frequent first and at most top long (0: all).
func (s *Service) Facets(ctx context.Context, q warta.SearchQuery, top int) (*Facets, error) {
	outlets, types, ents := map[string]int{}, map[string]int{}, map[string]int{}
	names := map[string]string{}
	out := &Facets{Exact: true}
	err := s.Store.EachArticle(ctx, q, func(a *warta.Article) error {
		if out.Counted == FacetLimit {
			out.Exact = false
			return errEnough
		}
		out.Counted++
		if a.Outlet != "" {
			outlets[a.Outlet]++
		}
		seen := map[string]bool{}
		for _, e := range a.Events {
			if e.Type != "" && !seen["t"+e.Type] {
				seen["t"+e.Type] = true
				types[e.Type]++
			}
		}
		for _, e := range a.Entities {
			if e.ID != "" && !seen["e"+e.ID] {
				seen["e"+e.ID] = true
				ents[e.ID]++
				names[e.ID] = e.Name
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	facet := func(n map[string]int, name func(string) string) []Facet {
		vs := byCount(n)
		if top > 0 && len(vs) > top {
			vs = vs[:top]
		}
		fs := make([]Facet, 0, len(vs))
		for _, v := range vs {
			fs = append(fs, Facet{Value: v, Name: name(v), N: n[v]})
		}
		return fs
	}
	same := func(v string) string { return v }
	out.Outlets = facet(outlets, same)
	out.Types = facet(types, same)
	out.Entities = facet(ents, func(id string) string { return names[id] })
	return out, nil
}

// Hit is one search result, with the other reports of its event and the
// near-duplicates of it that the same page held folded under it.
type Hit struct {
	Article *warta.Article `json:"-"`
	Score   float64        `json:"score"`
	// Event is the happening the article reports as its main news, when
	// clustering found one.
	Event *EventRef `json:"event,omitempty"`
	// Folded are the page's other results folded under this one: reports
	// of the same event, and copies of the same page (a page fetched
	// twice with a byte changed, a syndicated story).
	Folded []FoldedHit `json:"folded,omitempty"`
}

// EventRef names an event and how widely it was reported.
type EventRef struct {
	ID      string `json:"id"`
	Title   string `json:"title,omitempty"`
	Outlets int    `json:"outlets"`
	Reports int    `json:"reports"`
}

// FoldedHit is a result folded under another.
type FoldedHit struct {
	Article *warta.Article `json:"-"`
	// Duplicate is true for a copy of the page it is folded under, false
	// for another outlet's report of the same event.
	Duplicate bool `json:"duplicate"`
}

// Group folds a page of search hits: the reports of one event under its
// best-ranked report, and near-duplicates (DuplicateOf, or the same
// outlet and headline) under the page they copy. Order is kept, nothing
// is dropped: every hit is either a Hit or folded under one.
func (s *Service) Group(ctx context.Context, hits []warta.SearchHit) ([]Hit, error) {
	var out []Hit
	byEvent := map[string]int{} // event ID → index in out
	byArticle := map[string]int{}
	byHeadline := map[string]int{}
	events := map[string]*EventRef{}
	for _, h := range hits {
		a := h.Article
		head := strings.ToLower(a.Outlet) + "\x00" + strings.ToLower(strings.Join(strings.Fields(a.Title), " "))
		dup, isDup := -1, false
		if a.DuplicateOf != "" {
			dup, isDup = lookup(byArticle, a.DuplicateOf)
		}
		if !isDup && a.Title != "" {
			dup, isDup = lookup(byHeadline, head)
		}
		if isDup {
			out[dup].Folded = append(out[dup].Folded, FoldedHit{Article: a, Duplicate: true})
			byArticle[a.ID] = dup
			continue
		}
		if a.EventID != "" {
			if i, ok := byEvent[a.EventID]; ok {
				out[i].Folded = append(out[i].Folded, FoldedHit{Article: a})
				byArticle[a.ID] = i
				continue
			}
		}
		hit := Hit{Article: a, Score: h.Score}
		if a.EventID != "" {
			ref, ok := events[a.EventID]
			if !ok {
				e, err := s.Store.Event(ctx, a.EventID)
				switch {
				case err == nil:
					ref = &EventRef{ID: e.ID, Title: e.Title, Reports: len(e.Reports), Outlets: len(rankOutlets(e.Reports, map[string]int{}))}
				case warta.ErrorCode(err) == warta.ENOTFOUND:
					// An article whose event was rebuilt away: shown alone.
				default:
					return nil, err
				}
				events[a.EventID] = ref
			}
			hit.Event = ref
			byEvent[a.EventID] = len(out)
		}
		byArticle[a.ID] = len(out)
		if a.Title != "" {
			byHeadline[head] = len(out)
		}
		out = append(out, hit)
	}
	return out, nil
}

func lookup(m map[string]int, k string) (int, bool) {
	i, ok := m[k]
	return i, ok
}
