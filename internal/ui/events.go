package ui

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/query"
)

// eventView is an event as a list shows it: a line a reader can follow
// (who did what), its kind as a small tag, and how widely it was reported.
type eventView struct {
	ID, Date, Label, Type, Place string
	Outlets                      []string
	Reports                      int
	// Latest is the newest report's publish time (RFC 3339), for "latest
	// events".
	Latest string
}

// viewEvent builds an event's list line.
func viewEvent(e *warta.EventRecord) eventView {
	v := eventView{ID: e.ID, Date: e.Date, Label: query.EventLabel(e), Type: e.Type, Place: e.Place}
	seen := map[string]bool{}
	for _, r := range e.Reports {
		if r.Outlet != "" && !seen[r.Outlet] {
			seen[r.Outlet] = true
			v.Outlets = append(v.Outlets, r.Outlet)
		}
		v.Reports++
		if r.Published > v.Latest {
			v.Latest = r.Published
		}
	}
	sort.Strings(v.Outlets)
	return v
}

// dayGroup is the events of one date in a vertical timeline, with the
// stretch of time folded before it said in words.
type dayGroup struct {
	Anchor, Label, Gap string
	Events             []eventView
}

// foldAfter is the shortest stretch without events that the list says in
// words ("3 bulan kemudian") before the next date.
const foldAfter = 7 * 24 * time.Hour

// groupByDate lays events out as a vertical timeline: one group per date,
// oldest first, undated events last. It is the whole chart on a phone and
// the detail under it on a wider screen.
func groupByDate(evs []*warta.EventRecord, lang string) []dayGroup {
	var out []dayGroup
	idx := map[string]int{}
	var undated []eventView
	sorted := append([]*warta.EventRecord(nil), evs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Date < sorted[j].Date })
	var prevEnd time.Time
	for _, e := range sorted {
		at, ok := eventTime(e.Date)
		if !ok {
			undated = append(undated, viewEvent(e))
			continue
		}
		i, seen := idx[e.Date]
		if !seen {
			g := precision(e.Date)
			d := dayGroup{Anchor: "d-" + e.Date, Label: periodName(at, g, lang)}
			if !prevEnd.IsZero() && at.Sub(prevEnd) >= foldAfter {
				d.Gap = gapText(prevEnd, at, lang) + " " + t(lang, "later")
			}
			end := map[grain]time.Time{day: at.AddDate(0, 0, 1), month: at.AddDate(0, 1, 0), year: at.AddDate(1, 0, 0)}[g]
			if end.After(prevEnd) {
				prevEnd = end
			}
			i = len(out)
			idx[e.Date] = i
			out = append(out, d)
		}
		out[i].Events = append(out[i].Events, viewEvent(e))
	}
	if len(undated) > 0 {
		out = append(out, dayGroup{Anchor: "undated", Label: t(lang, "undated"), Events: undated})
	}
	return out
}

// storySummary is what a story page says at the top: a title, one line of
// what else happened, its dates, its outlets and the entities it is about.
type storySummary struct {
	Title, Summary, Dates string
	Events, Reports       int
	Outlets               []outletCount
	Entities              []entityCount
}

type entityCount struct {
	ID, Name string
	N        int
}

// maxStoryEntities is how many of a story's entities its page names.
const maxStoryEntities = 8

// summarize describes a story from its events: the title Describe gave
// it, a line made of the headlines of its most reported other events, the
// outlets that reported it, and the entities acting in most of its
// reports. Entities the tagger could not place (x: ids) come after known
// ones, since they are often fragments.
func summarize(s *warta.Story, lang string) storySummary {
	sum := storySummary{Title: s.Title, Events: len(s.Events), Dates: dateRange(s.From, s.To, lang)}
	if sum.Title == "" && len(s.Events) > 0 {
		sum.Title = query.EventLabel(s.Events[0])
	}
	outlets := map[string]int{}
	ents := map[string]*entityCount{}
	type ranked struct {
		label   string
		reports int
		first   int
	}
	var others []ranked
	for i, e := range s.Events {
		sum.Reports += len(e.Reports)
		for _, r := range e.Reports {
			if r.Outlet != "" {
				outlets[r.Outlet]++
			}
		}
		for j, id := range e.ActorIDs {
			if id == "" || j >= len(e.Actors) {
				continue
			}
			if ents[id] == nil {
				ents[id] = &entityCount{ID: id, Name: e.Actors[j]}
			}
			ents[id].N += max(1, len(e.Reports))
		}
		if l := query.EventLabel(e); l != sum.Title {
			others = append(others, ranked{l, len(e.Reports), i})
		}
	}
	sort.SliceStable(others, func(i, j int) bool { return others[i].reports > others[j].reports })
	var parts []string
	seen := map[string]bool{}
	for _, o := range others {
		if len(parts) == 2 {
			break
		}
		if !seen[o.label] {
			seen[o.label] = true
			parts = append(parts, o.label)
		}
	}
	if len(parts) > 0 {
		sum.Summary = t(lang, "also") + ": " + strings.Join(parts, "; ")
	}
	for name, n := range outlets {
		sum.Outlets = append(sum.Outlets, outletCount{Name: name, N: n})
	}
	sortOutlets(sum.Outlets)
	for _, e := range ents {
		sum.Entities = append(sum.Entities, *e)
	}
	sort.SliceStable(sum.Entities, func(i, j int) bool {
		a, b := sum.Entities[i], sum.Entities[j]
		if ax, bx := strings.HasPrefix(a.ID, "x:"), strings.HasPrefix(b.ID, "x:"); ax != bx {
			return bx
		}
		if a.N != b.N {
			return a.N > b.N
		}
		return a.Name < b.Name
	})
	if len(sum.Entities) > maxStoryEntities {
		sum.Entities = sum.Entities[:maxStoryEntities]
	}
	return sum
}

// dateRange writes a story's dates for a reader: "10 Sep 2019",
// "10–20 Sep 2019", "28 Agu – 3 Sep 2019", "Des 2018 – Jan 2019".
func dateRange(from, to, lang string) string {
	f, okf := eventTime(from)
	l, okt := eventTime(to)
	switch {
	case !okf:
		return ""
	case !okt || from == to:
		return periodName(f, precision(from), lang)
	}
	gf, gt := precision(from), precision(to)
	if gf == day && gt == day {
		switch {
		case f.Year() == l.Year() && f.Month() == l.Month():
			return strconv.Itoa(f.Day()) + "–" + periodName(l, day, lang)
		case f.Year() == l.Year():
			return strconv.Itoa(f.Day()) + " " + monthName(f.Month(), lang) + " – " + periodName(l, day, lang)
		}
	}
	return periodName(f, gf, lang) + " – " + periodName(l, gt, lang)
}
