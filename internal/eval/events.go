package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// EventsGold is the development set for event and story grouping
// (testdata/events/gold.json): the real-world events its pages report and,
// per page, which of them it tells.
type EventsGold struct {
	About  string      `json:"about"`
	Events []GoldEvent `json:"events"`
	// Articles maps a page's file name to what it reports.
	Articles map[string]GoldArticle `json:"articles"`
}

// GoldEvent is one real-world event of the development set.
type GoldEvent struct {
	ID      string   `json:"id"`
	Story   string   `json:"story"`
	Type    *string  `json:"type"` // nil: no PLOVER type (an earthquake)
	Mode    string   `json:"mode"`
	Date    string   `json:"date"`
	Place   string   `json:"place"`
	Actors  []string `json:"actors"`
	Summary string   `json:"summary"`
}

// GoldArticle is one page of the development set: the events it reports
// (main event first), when it was published, and the page it copies.
type GoldArticle struct {
	Events      []string `json:"events"`
	Published   string   `json:"published"`
	DuplicateOf string   `json:"duplicate_of"`
}

// LoadEventsGold reads dir/gold.json and checks that it names only pages
// in dir/pages and events it defines.
func LoadEventsGold(dir string) (*EventsGold, error) {
	raw, err := readData(filepath.Join(dir, "gold.json"))
	if err != nil {
		return nil, fmt.Errorf("read events gold: %w", err)
	}
	var g EventsGold
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("parse %s: %w", filepath.Join(dir, "gold.json"), err)
	}
	ids := map[string]bool{}
	for _, e := range g.Events {
		ids[e.ID] = true
	}
	for name, a := range g.Articles {
		for _, id := range a.Events {
			if !ids[id] {
				return nil, fmt.Errorf("events gold: %s names unknown event %q", name, id)
			}
		}
		if a.DuplicateOf != "" {
			if _, ok := g.Articles[a.DuplicateOf]; !ok {
				return nil, fmt.Errorf("events gold: %s copies unknown page %q", name, a.DuplicateOf)
			}
		}
	}
	return &g, nil
}

// EventsReport holds the figures of one run over the development set.
type EventsReport struct {
	Pages, Events, Stories int
	// Mentions is the number of (page, gold event) pairs scored.
	Mentions int
	// Found counts mentions for which the page yielded a matching event.
	Found int
	// Event and story grouping.
	EventB3, EventPair, StoryB3, StoryPair PRF
	// Accuracy of the matched events' type, date and actors.
	TypeRight, TypeTotal, DateRight, DateTotal, ActorsRight, ActorsTotal int
	// Duplicates: copies found, copies in gold, pages wrongly called copies.
	DupFound, DupGold, DupWrong int
	// Shuffled is event B-cubed F1 with the pages fed in random orders
	// (incremental clustering must not depend much on arrival order).
	Shuffled []float64
	// WorstOrder lists the splits and merges of the lowest-scoring
	// shuffled order: what arrival order still changes.
	WorstOrder []string
	Misses     []string
}

// PRF is precision, recall and F1.
type PRF struct{ P, R, F float64 }

func prf(p, r float64) PRF {
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{p, r, f}
}

// Events feeds the development set's pages through analyze in publication
// order (the order a live system receives them), then scores how the
// events and stories it formed compare with the gold. analyze must keep
// its clustering state across calls; newAnalyze makes a fresh one for each
// shuffled rerun.
//
// canonical maps a name to its entity ID, so that gold actors written as
// any alias ("RRT", "China") compare with the linked entities.
func Events(dir string, newAnalyze func() (Analyze, error), canonical func(string) string, shuffles int) (*EventsReport, error) {
	g, err := LoadEventsGold(dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(g.Articles))
	for n := range g.Articles {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		pi, pj := g.Articles[names[i]].Published, g.Articles[names[j]].Published
		if pi != pj {
			return pi < pj
		}
		return names[i] < names[j]
	})
	raws := map[string][]byte{}
	for _, n := range names {
		raw, err := readData(filepath.Join(dir, "pages", n))
		if err != nil {
			return nil, fmt.Errorf("read development page: %w", err)
		}
		raws[n] = raw
	}
	run := func(order []string) (map[string]*warta.Article, error) {
		an, err := newAnalyze()
		if err != nil {
			return nil, err
		}
		out := map[string]*warta.Article{}
		for _, n := range order {
			raw := raws[n]
			d := &warta.Document{ID: warta.ContentID(raw), Source: n, Format: warta.FormatText, Raw: raw, Text: string(raw), TextFormat: warta.FormatText}
			out[n] = an(d)
		}
		return out, nil
	}
	arts, err := run(names)
	if err != nil {
		return nil, err
	}
	r := scoreEvents(g, names, arts, canonical)
	rng := rand.New(rand.NewPCG(1, 2))
	for range shuffles {
		order := append([]string(nil), names...)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		a2, err := run(order)
		if err != nil {
			return nil, err
		}
		sr := scoreEvents(g, names, a2, canonical)
		if len(r.Shuffled) == 0 || sr.EventB3.F < slices.Min(r.Shuffled) {
			r.WorstOrder = nil
			for _, m := range sr.Misses {
				if strings.HasPrefix(m, "event ") {
					r.WorstOrder = append(r.WorstOrder, m)
				}
			}
		}
		r.Shuffled = append(r.Shuffled, sr.EventB3.F)
	}
	return r, nil
}

func scoreEvents(g *EventsGold, names []string, arts map[string]*warta.Article, canonical func(string) string) *EventsReport {
	r := &EventsReport{Pages: len(names), Events: len(g.Events)}
	missingActors := func(want []string, ev warta.Event) []string {
		have := map[string]bool{}
		for _, id := range ev.ActorIDs {
			have[id] = true
		}
		if ev.Recipient != "" {
			have[canonical(ev.Recipient)] = true
		}
		var out []string
		for _, w := range want {
			if !have[canonical(w)] {
				out = append(out, w)
			}
		}
		return out
	}
	byID := map[string]GoldEvent{}
	stories := map[string]bool{}
	for _, e := range g.Events {
		byID[e.ID] = e
		stories[e.Story] = true
	}
	r.Stories = len(stories)
	var goldEv, predEv, goldSt, predSt []string
	for _, n := range names {
		a := arts[n]
		used := map[int]bool{}
		for gi, id := range g.Articles[n].Events {
			ge := byID[id]
			r.Mentions++
			goldEv = append(goldEv, id)
			goldSt = append(goldSt, ge.Story)
			// A page's first gold event is its main news: the article's
			// main event tells it. The others are matched among the
			// happenings it mentions.
			k := -1
			if gi == 0 {
				for i, e := range a.Events {
					if e.Main {
						k = i
					}
				}
			}
			if k < 0 {
				for i, e := range a.Events {
					if e.Main {
						used[i] = true
					}
				}
				k = bestEvent(ge, a, used, missingActors)
			}
			if k < 0 {
				// Nothing matched: a cluster of its own.
				predEv = append(predEv, "missing|"+n+"|"+id)
				predSt = append(predSt, "missing|"+n+"|"+id)
				r.Misses = append(r.Misses, fmt.Sprintf("%s: no event for %s (%s %s %s)", n, id, deref(ge.Type), ge.Date, strings.Join(ge.Actors, ", ")))
				continue
			}
			used[k] = true
			r.Found++
			ev := a.Events[k]
			predEv = append(predEv, "e|"+ev.ID)
			predSt = append(predSt, "s|"+ev.StoryID)
			if ge.Type != nil {
				r.TypeTotal++
				if ev.Type == *ge.Type {
					r.TypeRight++
				} else {
					r.Misses = append(r.Misses, fmt.Sprintf("%s: %s type %s, want %s", n, id, ev.Type, *ge.Type))
				}
			}
			r.DateTotal++
			if deref(ev.Date) == ge.Date {
				r.DateRight++
			} else {
				r.Misses = append(r.Misses, fmt.Sprintf("%s: %s date %s, want %s", n, id, deref(ev.Date), ge.Date))
			}
			r.ActorsTotal++
			if missing := missingActors(ge.Actors, ev); len(missing) == 0 {
				r.ActorsRight++
			} else {
				r.Misses = append(r.Misses, fmt.Sprintf("%s: %s actors %q lack %q", n, id, eventActors(ev), missing))
			}
		}
	}
	r.Misses = append(r.Misses, splits("event", goldEv, predEv)...)
	r.EventB3, r.EventPair = bcubed(goldEv, predEv), pairwise(goldEv, predEv)
	r.StoryB3, r.StoryPair = bcubed(goldSt, predSt), pairwise(goldSt, predSt)
	for _, n := range names {
		want := g.Articles[n].DuplicateOf
		got := arts[n].DuplicateOf
		if want != "" {
			r.DupGold++
			if a := arts[want]; a != nil && got == a.ID {
				r.DupFound++
			} else {
				r.Misses = append(r.Misses, fmt.Sprintf("%s: copy of %s not found", n, want))
			}
		} else if got != "" {
			r.DupWrong++
			r.Misses = append(r.Misses, fmt.Sprintf("%s: wrongly called a copy", n))
		}
	}
	return r
}

// bestEvent picks the page's event that tells gold event ge: the one
// agreeing on most of date, type and actors, among those not yet taken by
// another gold event of the page; -1 when none agrees on date or type.
func bestEvent(ge GoldEvent, a *warta.Article, used map[int]bool, missingActors func([]string, warta.Event) []string) int {
	best, bestScore := -1, 0.0
	for i, ev := range a.Events {
		if used[i] {
			continue
		}
		s := 0.0
		switch d := deref(ev.Date); {
		case d == ge.Date:
			s += 2
		case d != "" && strings.HasPrefix(ge.Date, d):
			s++ // right at a coarser granularity
		}
		if ev.Status != "done" {
			s -= 1.5 // gold events all happened
		}
		if ge.Type != nil && ev.Type == *ge.Type {
			s++
		}
		if s <= 0 {
			continue
		}
		want := len(ge.Actors)
		s += float64(want-len(missingActors(ge.Actors, ev))) / float64(max(1, want))
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	return best
}

func eventActors(ev warta.Event) []string {
	out := append([]string(nil), ev.Actors...)
	if ev.Recipient != "" {
		out = append(out, ev.Recipient)
	}
	return out
}

// splits describes the gold clusters spread over several predicted ones
// and the predicted clusters that mix gold ones, for reading the misses.
func splits(what string, gold, pred []string) []string {
	byGold, byPred := map[string]map[string]int{}, map[string]map[string]int{}
	for i := range gold {
		if byGold[gold[i]] == nil {
			byGold[gold[i]] = map[string]int{}
		}
		if byPred[pred[i]] == nil {
			byPred[pred[i]] = map[string]int{}
		}
		byGold[gold[i]][pred[i]]++
		byPred[pred[i]][gold[i]]++
	}
	var out []string
	for g, ps := range byGold {
		if len(ps) > 1 {
			out = append(out, fmt.Sprintf("%s %s split into %d: %v", what, g, len(ps), ps))
		}
	}
	for p, gs := range byPred {
		if len(gs) > 1 {
			out = append(out, fmt.Sprintf("%s %s merges %v", what, p, gs))
		}
	}
	sort.Strings(out)
	return out
}

// bcubed scores a clustering of items (pred[i] is item i's predicted
// cluster) against the gold clustering: per item, the share of its
// predicted cluster that is in its gold cluster (precision) and the share
// of its gold cluster that is in its predicted cluster (recall), averaged.
func bcubed(gold, pred []string) PRF {
	type pair struct{ g, p string }
	both, ng, np := map[pair]int{}, map[string]int{}, map[string]int{}
	for i := range gold {
		both[pair{gold[i], pred[i]}]++
		ng[gold[i]]++
		np[pred[i]]++
	}
	var p, r float64
	for i := range gold {
		c := float64(both[pair{gold[i], pred[i]}])
		p += c / float64(np[pred[i]])
		r += c / float64(ng[gold[i]])
	}
	n := float64(max(1, len(gold)))
	return prf(p/n, r/n)
}

// pairwise scores the pairs of items put together: precision is the share
// of predicted pairs that gold also pairs, recall the share of gold pairs
// predicted.
func pairwise(gold, pred []string) PRF {
	var tp, pp, gp int
	for i := range gold {
		for j := i + 1; j < len(gold); j++ {
			sg, sp := gold[i] == gold[j], pred[i] == pred[j]
			if sp {
				pp++
			}
			if sg {
				gp++
			}
			if sg && sp {
				tp++
			}
		}
	}
	p, r := 1.0, 1.0
	if pp > 0 {
		p = float64(tp) / float64(pp)
	}
	if gp > 0 {
		r = float64(tp) / float64(gp)
	}
	return prf(p, r)
}

func ratio(a, b int) float64 { return float64(a) / float64(max(1, b)) }

// Print writes the figures, then the misses; the last line is
// "B-cubed F1 0.xxx" for the event grouping.
func (r *EventsReport) Print(w io.Writer) {
	fmt.Fprintf(w, "development set: %d pages, %d events, %d stories, %d page-event mentions (%d matched to an extracted event)\n",
		r.Pages, r.Events, r.Stories, r.Mentions, r.Found)
	for _, m := range r.Misses {
		fmt.Fprintf(w, "  miss %s\n", m)
	}
	fmt.Fprintf(w, "%-8s %-9s %6s %6s %6s\n", "grouping", "measure", "P", "R", "F1")
	for _, row := range []struct {
		g, m string
		v    PRF
	}{{"events", "B-cubed", r.EventB3}, {"events", "pairwise", r.EventPair}, {"stories", "B-cubed", r.StoryB3}, {"stories", "pairwise", r.StoryPair}} {
		fmt.Fprintf(w, "%-8s %-9s %6.3f %6.3f %6.3f\n", row.g, row.m, row.v.P, row.v.R, row.v.F)
	}
	fmt.Fprintf(w, "event type   %d/%d = %.3f\n", r.TypeRight, r.TypeTotal, ratio(r.TypeRight, r.TypeTotal))
	fmt.Fprintf(w, "event date   %d/%d = %.3f\n", r.DateRight, r.DateTotal, ratio(r.DateRight, r.DateTotal))
	fmt.Fprintf(w, "event actors %d/%d = %.3f\n", r.ActorsRight, r.ActorsTotal, ratio(r.ActorsRight, r.ActorsTotal))
	fmt.Fprintf(w, "duplicates   %d/%d found, %d pages wrongly called copies\n", r.DupFound, r.DupGold, r.DupWrong)
	if len(r.Shuffled) > 0 {
		lo, hi := r.Shuffled[0], r.Shuffled[0]
		for _, f := range r.Shuffled {
			lo, hi = min(lo, f), max(hi, f)
		}
		for _, m := range r.WorstOrder {
			fmt.Fprintf(w, "  worst order: %s\n", m)
		}
		fmt.Fprintf(w, "event B-cubed F1 over %d shuffled arrival orders: %.3f-%.3f\n", len(r.Shuffled), lo, hi)
	}
	fmt.Fprintf(w, "B-cubed F1 %.3f\n", r.EventB3.F)
}
