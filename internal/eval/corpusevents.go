package eval

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// KeyRow is one labelled report of the news-corpus event key: which
// happening a real article reports, and what is known of that happening.
type KeyRow struct {
	ArticleID string
	EventID   string
	Date      string // the happening's date, YYYY-MM-DD
	Type      string
	Place     string
	Actors    []string
	Summary   string
	// HardNeg are other events of the key a careless grouper might merge
	// with this one, each with why ("same-actors-other-day", ...).
	HardNeg map[string]string
}

// EventKey is a labelled set of real reports grouped by happening
// (internal/eval/testdata/events-corpus).
type EventKey struct {
	Name string
	Rows []KeyRow
}

// LoadEventKey reads a key TSV (header first: article_id, event_id,
// event_date, type, place, actors, summary, hard_neg) and checks that each
// article appears once and each event's columns agree on every row.
func LoadEventKey(path string) (*EventKey, error) {
	raw, err := readData(path)
	if err != nil {
		return nil, fmt.Errorf("open event key: %w", err)
	}
	k, err := ReadEventKey(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("event key %s: %w", path, err)
	}
	k.Name = path
	return k, nil
}

// ReadEventKey reads a key TSV from r (see LoadEventKey).
func ReadEventKey(r io.Reader) (*EventKey, error) {
	k := &EventKey{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	seen := map[string]bool{}
	byEvent := map[string]KeyRow{}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 && strings.HasPrefix(text, "article_id\t") || strings.TrimSpace(text) == "" {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 7 {
			return nil, fmt.Errorf("line %d: %d columns, want 8", line, len(f))
		}
		for len(f) < 8 {
			f = append(f, "")
		}
		row := KeyRow{ArticleID: strings.TrimSpace(f[0]), EventID: strings.TrimSpace(f[1]), Date: strings.TrimSpace(f[2]),
			Type: strings.TrimSpace(f[3]), Place: strings.TrimSpace(f[4]), Summary: strings.TrimSpace(f[6]), HardNeg: map[string]string{}}
		for _, a := range strings.Split(f[5], "|") {
			if a = strings.TrimSpace(a); a != "" {
				row.Actors = append(row.Actors, a)
			}
		}
		for _, h := range strings.Split(f[7], ",") {
			id, why, _ := strings.Cut(strings.TrimSpace(h), ":")
			if id != "" {
				row.HardNeg[id] = why
			}
		}
		if row.ArticleID == "" || row.EventID == "" {
			return nil, fmt.Errorf("line %d: empty article or event id", line)
		}
		if seen[row.ArticleID] {
			return nil, fmt.Errorf("line %d: article %s labelled twice", line, row.ArticleID)
		}
		seen[row.ArticleID] = true
		if prev, ok := byEvent[row.EventID]; ok && (prev.Date != row.Date || prev.Type != row.Type) {
			return nil, fmt.Errorf("line %d: event %s has date/type %s/%s here, %s/%s before", line, row.EventID, row.Date, row.Type, prev.Date, prev.Type)
		}
		byEvent[row.EventID] = row
		k.Rows = append(k.Rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return k, nil
}

// Events returns the key's event ids with their rows' count.
func (k *EventKey) Events() map[string]int {
	out := map[string]int{}
	for _, r := range k.Rows {
		out[r.EventID]++
	}
	return out
}

// Articles returns the labelled article ids.
func (k *EventKey) Articles() []string {
	out := make([]string, len(k.Rows))
	for i, r := range k.Rows {
		out[i] = r.ArticleID
	}
	return out
}

// KeyReport holds the figures of one run over an event key.
type KeyReport struct {
	Name                string
	Articles, Happen    int
	Multi3              int // happenings reported by three outlets or more
	WithEvent           int // articles that got a main event
	EventB3, EventPair  PRF
	AloneB3, DayEntB3   PRF // baselines: every article alone; one event per day and main entity
	TypeRight, DateRite int
	// HardNegMerged lists the hard-negative pairs put into one event.
	HardNegMerged []string
	HardNegPairs  int
	Misses        []string
}

// ScoreEventKey compares the main events (Article.EventID) of the key's
// articles with the key. arts maps a corpus article id to its analysis
// (nil or missing when the pipeline produced nothing: an event of its
// own). outletOf gives each article's outlet for the counts.
func ScoreEventKey(k *EventKey, arts map[string]*warta.Article) *KeyReport {
	r := &KeyReport{Name: k.Name, Articles: len(k.Rows)}
	outlets := map[string]map[string]bool{}
	var gold, pred, alone, dayEnt []string
	predOf := map[string]string{}
	for _, row := range k.Rows {
		a := arts[row.ArticleID]
		gold = append(gold, row.EventID)
		alone = append(alone, row.ArticleID)
		if outlets[row.EventID] == nil {
			outlets[row.EventID] = map[string]bool{}
		}
		p := "none|" + row.ArticleID
		if a != nil {
			outlets[row.EventID][a.Outlet] = true
			if a.EventID != "" {
				p = a.EventID
				r.WithEvent++
			}
			dayEnt = append(dayEnt, dayEntity(a))
			if ev := mainEventOf(a); ev != nil {
				if ev.Type == row.Type {
					r.TypeRight++
				} else {
					r.Misses = append(r.Misses, fmt.Sprintf("%s (%s): type %s, want %s", row.ArticleID, row.EventID, ev.Type, row.Type))
				}
				if ev.Date != nil && *ev.Date == row.Date {
					r.DateRite++
				} else {
					r.Misses = append(r.Misses, fmt.Sprintf("%s (%s): date %s, want %s", row.ArticleID, row.EventID, deref(ev.Date), row.Date))
				}
			} else {
				r.Misses = append(r.Misses, fmt.Sprintf("%s (%s): no main event", row.ArticleID, row.EventID))
			}
		} else {
			dayEnt = append(dayEnt, "none|"+row.ArticleID)
			r.Misses = append(r.Misses, fmt.Sprintf("%s (%s): not analyzed", row.ArticleID, row.EventID))
		}
		pred = append(pred, p)
		predOf[row.ArticleID] = p
	}
	r.Happen = len(outlets)
	for _, os := range outlets {
		if len(os) >= 3 {
			r.Multi3++
		}
	}
	r.EventB3, r.EventPair = bcubed(gold, pred), pairwise(gold, pred)
	r.AloneB3, r.DayEntB3 = bcubed(gold, alone), bcubed(gold, dayEnt)
	// Hard negatives: no report of one may share an event with a report
	// of the other.
	byEvent := map[string][]string{}
	hard := map[[2]string]string{}
	for _, row := range k.Rows {
		byEvent[row.EventID] = append(byEvent[row.EventID], row.ArticleID)
		for other, why := range row.HardNeg {
			pair := [2]string{min(row.EventID, other), max(row.EventID, other)}
			hard[pair] = why
		}
	}
	pairs := make([][2]string, 0, len(hard))
	for p := range hard {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i][0] < pairs[j][0] || pairs[i][0] == pairs[j][0] && pairs[i][1] < pairs[j][1]
	})
	for _, p := range pairs {
		if len(byEvent[p[0]]) == 0 || len(byEvent[p[1]]) == 0 {
			continue
		}
		r.HardNegPairs++
	merged:
		for _, x := range byEvent[p[0]] {
			for _, y := range byEvent[p[1]] {
				if predOf[x] == predOf[y] {
					r.HardNegMerged = append(r.HardNegMerged, fmt.Sprintf("%s + %s (%s)", p[0], p[1], hard[p]))
					break merged
				}
			}
		}
	}
	r.Misses = append(r.Misses, splits("event", gold, pred)...)
	return r
}

// mainEventOf is the article's main event: the one marked main, else the
// one whose ID is the article's event.
func mainEventOf(a *warta.Article) *warta.Event {
	for i := range a.Events {
		if a.Events[i].Main {
			return &a.Events[i]
		}
	}
	for i := range a.Events {
		if a.EventID != "" && a.Events[i].ID == a.EventID {
			return &a.Events[i]
		}
	}
	return nil
}

// dayEntity is the "one event per day and main entity" baseline's cluster:
// the publish day with the person or organization the article names most
// (a place when it names neither).
func dayEntity(a *warta.Article) string {
	day := a.Published
	if len(day) > 10 {
		day = day[:10]
	}
	best, bestN := "", 0
	for _, pass := range []func(warta.EntityType) bool{
		func(t warta.EntityType) bool { return t == warta.EntityPerson || t == warta.EntityOrganization },
		func(t warta.EntityType) bool { return t == warta.EntityLocation },
	} {
		for _, e := range a.Entities {
			if pass(e.Type) && (len(e.Mentions) > bestN || len(e.Mentions) == bestN && e.ID < best) {
				best, bestN = e.ID, len(e.Mentions)
			}
		}
		if best != "" {
			break
		}
	}
	if best == "" {
		return "alone|" + a.ID
	}
	return day + "|" + best
}

// Print writes the figures of one key, then (when verbose) the misses.
func (r *KeyReport) Print(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "news-corpus key %s: %d articles, %d happenings (%d reported by 3+ outlets), %d with a main event\n",
		r.Name, r.Articles, r.Happen, r.Multi3, r.WithEvent)
	if verbose {
		for _, m := range r.Misses {
			fmt.Fprintf(w, "  miss %s\n", m)
		}
	}
	fmt.Fprintf(w, "%-26s %6s %6s %6s\n", "", "P", "R", "F1")
	for _, row := range []struct {
		n string
		v PRF
	}{{"events B-cubed", r.EventB3}, {"events pairwise", r.EventPair}, {"baseline: every article alone", r.AloneB3}, {"baseline: day + main entity", r.DayEntB3}} {
		fmt.Fprintf(w, "%-26s %6.3f %6.3f %6.3f\n", row.n, row.v.P, row.v.R, row.v.F)
	}
	fmt.Fprintf(w, "main-event type %d/%d = %.3f\n", r.TypeRight, r.Articles, ratio(r.TypeRight, r.Articles))
	fmt.Fprintf(w, "main-event date %d/%d = %.3f\n", r.DateRite, r.Articles, ratio(r.DateRite, r.Articles))
	fmt.Fprintf(w, "hard-negative pairs merged %d/%d\n", len(r.HardNegMerged), r.HardNegPairs)
	for _, m := range r.HardNegMerged {
		fmt.Fprintf(w, "  merged %s\n", m)
	}
}
