package query

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/warta-news/warta"
)

// ListFilter narrows the event and story lists. Every field is optional.
type ListFilter struct {
	// From and To are days ("2019-09-16"), both included.
	From, To string
	// Entity is an ID or any name of an entity among the actors.
	Entity string
	// Types keeps events of any of these types (CONSULT, PROTEST, ...).
	Types []string
	// Outlet keeps events some outlet reported: "kompas.com", or
	// "kompas" for every outlet whose name starts with it before a dot.
	Outlet string
}

// check validates the days.
func (f ListFilter) check() error {
	for _, d := range [][2]string{{"from", f.From}, {"to", f.To}} {
		if d[1] == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d[1]); err != nil {
			return warta.Errorf(warta.EINVALID, "%s: want a day like 2019-09-16, got %q", d[0], d[1])
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		return warta.Errorf(warta.EINVALID, "to (%s) is before from (%s)", f.To, f.From)
	}
	return nil
}

// EventItem is one event in a list: what happened, when, who, and who
// reported it.
type EventItem struct {
	ID      string   `json:"id"`
	StoryID string   `json:"story_id,omitempty"`
	Title   string   `json:"title,omitempty"`
	Type    string   `json:"type"`
	Date    string   `json:"date,omitempty"`
	Place   string   `json:"place,omitempty"`
	Actors  []string `json:"actors"`
	// ActorIDs are the actors' entity IDs, in the order of Actors.
	ActorIDs []string `json:"actor_ids"`
	// Outlets are the outlets that reported it, most reports first.
	Outlets []string `json:"outlets"`
	Reports int      `json:"reports"`
}

// EventList is one page of events, newest first.
type EventList struct {
	Events []EventItem `json:"events"`
	// Total counts the events matching the filter, over all pages.
	Total int `json:"total"`
	// Entity says which entity the entity filter was taken to mean.
	Entity *Resolution `json:"entity,omitempty"`
}

// StoryItem is one story in a list.
type StoryItem struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	// Events and Reports count the story's events and their reports.
	Events  int      `json:"events"`
	Reports int      `json:"reports"`
	Outlets []string `json:"outlets"`
	// Entities are the actors named in most of its events, at most five.
	Entities []string `json:"entities"`
	Types    []string `json:"types"`
}

// StoryList is one page of stories, latest first.
type StoryList struct {
	Stories []StoryItem `json:"stories"`
	Total   int         `json:"total"`
	Entity  *Resolution `json:"entity,omitempty"`
}

// eventMatcher builds the filter's predicate, resolving its entity.
// eachEvent calls fn for the events that may match: the entity's, through
// the store's actor index, when the filter names one; else all of them.
func (s *Service) eachEvent(ctx context.Context, res *Resolution, fn func(*warta.EventRecord) error) error {
	if res == nil {
		return s.Store.EachEvent(ctx, fn)
	}
	evs, err := s.Store.Timeline(ctx, res.Entity.ID, "")
	if err != nil {
		return err
	}
	for _, e := range evs {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) eventMatcher(ctx context.Context, f ListFilter) (func(*warta.EventRecord) bool, *Resolution, error) {
	if err := f.check(); err != nil {
		return nil, nil, err
	}
	var res *Resolution
	if strings.TrimSpace(f.Entity) != "" {
		_, rs, err := s.ResolveAll(ctx, []string{f.Entity})
		if err != nil {
			return nil, nil, err
		}
		res = rs[0]
	}
	outlet := strings.ToLower(strings.TrimSpace(f.Outlet))
	return func(e *warta.EventRecord) bool {
		day := e.Date
		if len(day) > 10 {
			day = day[:10]
		}
		if f.From != "" && (day == "" || day < f.From) || f.To != "" && (day == "" || day > f.To) {
			return false
		}
		if len(f.Types) > 0 {
			ok := false
			for _, t := range f.Types {
				ok = ok || strings.EqualFold(t, e.Type)
			}
			if !ok {
				return false
			}
		}
		if res != nil && !contains(e.ActorIDs, res.Entity.ID) {
			return false
		}
		if outlet != "" {
			ok := false
			for _, r := range e.Reports {
				ok = ok || outletIs(r.Outlet, outlet)
			}
			if !ok {
				return false
			}
		}
		return true
	}, res, nil
}

// outletIs tells whether an outlet's name is want: the whole name, or its
// part before the first dot ("kompas" is kompas.com), without case.
func outletIs(name, want string) bool {
	name = strings.ToLower(name)
	if name == want {
		return true
	}
	head, _, ok := strings.Cut(name, ".")
	return ok && head == want && !strings.Contains(want, ".")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func eventItem(e *warta.EventRecord) EventItem {
	it := EventItem{ID: e.ID, StoryID: e.StoryID, Title: e.Title, Type: e.Type, Date: e.Date, Place: e.Place,
		Actors: e.Actors, ActorIDs: e.ActorIDs, Reports: len(e.Reports)}
	if it.Actors == nil {
		it.Actors = []string{}
	}
	if it.ActorIDs == nil {
		it.ActorIDs = []string{}
	}
	it.Outlets = rankOutlets(e.Reports, map[string]int{})
	if it.Title == "" {
		for _, r := range e.Reports {
			if r.Title != "" {
				it.Title = r.Title
				break
			}
		}
	}
	return it
}

// rankOutlets adds the reports' outlets to n and returns them most
// reports first.
func rankOutlets(rs []warta.Report, n map[string]int) []string {
	for _, r := range rs {
		if r.Outlet != "" {
			n[r.Outlet]++
		}
	}
	return byCount(n)
}

func byCount(n map[string]int) []string {
	out := make([]string, 0, len(n))
	for k := range n {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return n[out[i]] > n[out[j]] || n[out[i]] == n[out[j]] && out[i] < out[j] })
	return out
}

// Events lists the events matching f, newest first (undated last), one
// page of at most limit from offset. Without an entity the store pages
// them (ListEvents); with one, the entity's events are read through the
// actor index and filtered here.
func (s *Service) Events(ctx context.Context, f ListFilter, offset, limit int) (*EventList, error) {
	match, res, err := s.eventMatcher(ctx, f)
	if err != nil {
		return nil, err
	}
	if res == nil {
		// No entity: the store pages the events itself, newest first,
		// without reading them all.
		total, evs, err := s.Store.ListEvents(ctx, warta.EventFilter{From: f.From, To: f.To, Types: f.Types, Outlet: f.Outlet}, offset, limit)
		if err != nil {
			return nil, err
		}
		out := &EventList{Events: []EventItem{}, Total: total}
		for _, e := range evs {
			out.Events = append(out.Events, eventItem(e))
		}
		return out, nil
	}
	var all []*warta.EventRecord
	err = s.eachEvent(ctx, res, func(e *warta.EventRecord) error {
		if match(e) {
			e.Centroid = nil // the model's, not the reader's
			all = append(all, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(all, func(i, j int) bool { return newer(all[i].Date, all[j].Date, all[i].ID, all[j].ID) })
	out := &EventList{Events: []EventItem{}, Total: len(all), Entity: res}
	for _, e := range window(all, offset, limit) {
		out.Events = append(out.Events, eventItem(e))
	}
	return out, nil
}

// newer orders by date, newest first, undated last, then by ID.
func newer(a, b, ida, idb string) bool {
	switch {
	case a == b:
		return ida < idb
	case a == "":
		return false
	case b == "":
		return true
	}
	return a > b
}

func window[T any](xs []T, offset, limit int) []T {
	if offset > len(xs) {
		offset = len(xs)
	}
	return xs[offset:min(offset+limit, len(xs))]
}

// Stories lists the stories with at least one event matching f, latest
// first, one page of at most limit from offset. A story is described by
// all its events, matching or not.
func (s *Service) Stories(ctx context.Context, f ListFilter, offset, limit int) (*StoryList, error) {
	match, res, err := s.eventMatcher(ctx, f)
	if err != nil {
		return nil, err
	}
	if res == nil {
		// No entity: the store pages the stories, and only the page's
		// stories are read.
		total, ids, err := s.Store.ListStories(ctx, warta.EventFilter{From: f.From, To: f.To, Types: f.Types, Outlet: f.Outlet}, offset, limit)
		if err != nil {
			return nil, err
		}
		out := &StoryList{Stories: []StoryItem{}, Total: total}
		for _, id := range ids {
			st, err := s.Store.Story(ctx, id)
			if warta.ErrorCode(err) == warta.ENOTFOUND {
				continue // rebuilt meanwhile
			} else if err != nil {
				return nil, err
			}
			out.Stories = append(out.Stories, storyItem(st))
		}
		return out, nil
	}
	// With an entity: the stories of its matching events, each read
	// whole, since a story is described by all its events.
	stories := map[string]bool{}
	err = s.eachEvent(ctx, res, func(e *warta.EventRecord) error {
		if e.StoryID != "" && match(e) {
			stories[e.StoryID] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	items := []StoryItem{}
	for id := range stories {
		st, err := s.Store.Story(ctx, id)
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		items = append(items, storyItem(st))
	}
	sort.Slice(items, func(i, j int) bool { return newer(items[i].To, items[j].To, items[i].ID, items[j].ID) })
	return &StoryList{Stories: append([]StoryItem{}, window(items, offset, limit)...), Total: len(items), Entity: res}, nil
}

// storyItem describes a stored story (its events in date order).
func storyItem(st *warta.Story) StoryItem {
	outlets, actors, types := map[string]int{}, map[string]int{}, map[string]int{}
	it := StoryItem{ID: st.ID, Title: st.Title, From: st.From, To: st.To, Events: len(st.Events)}
	for _, e := range st.Events {
		rankOutlets(e.Reports, outlets)
		for _, n := range e.Actors {
			actors[n]++
		}
		types[e.Type]++
		it.Reports += len(e.Reports)
	}
	it.Outlets, it.Entities, it.Types = byCount(outlets), byCount(actors), byCount(types)
	if len(it.Entities) > 5 {
		it.Entities = it.Entities[:5]
	}
	return it
}
