package event

import (
	"strings"

	"github.com/warta-news/warta"
)

// Main returns evs with the article's main event first, marked Main: the
// happening its headline and lead report, whatever its kind. A news
// report always has one, PLOVER-coded or not (an election result, a
// verdict, a price change, a match): when a coded event of the lead tells
// what the headline says, it is the main event; otherwise the main event
// is built from the headline and lead — its type (Classify), the people,
// organizations and countries they name, and the lead's date.
//
// Other events stay in evs: happenings the article mentions (a recalled
// meeting, a planned visit) are linked to events of their own and do not
// decide the main one.
func Main(a *warta.Article, evs []warta.Event, opt Options) []warta.Event {
	if len(a.Paragraphs) == 0 && a.Title == "" {
		return evs
	}
	typ, lead := Classify(a, evs, opt)
	if lead >= 0 && evs[lead].Type == typ {
		out := make([]warta.Event, 0, len(evs))
		m := evs[lead]
		m.Main = true
		out = append(out, m)
		for i, e := range evs {
			if i != lead {
				out = append(out, e)
			}
		}
		return out
	}
	m := warta.Event{Type: typ, Status: "done", Main: true, Actors: []string{}, Paragraph: leadParagraph(a)}
	if len(a.Paragraphs) > 0 {
		m.Sentence = firstSentence(a.Paragraphs[0])
	}
	for _, e := range headActors(a, opt) {
		m.Actors = append(m.Actors, e.Name)
		m.ActorIDs = append(m.ActorIDs, e.ID)
	}
	m.Date, m.DateGuessed = leadDate(a, opt)
	if a.Dateline != "" {
		m.Place = a.Dateline
	}
	return append([]warta.Event{m}, evs...)
}

// leadParagraph is the last paragraph of the lead: the first paragraph,
// and the second when the first is only a line.
func leadParagraph(a *warta.Article) int {
	if len(a.Paragraphs) > 1 && len(strings.Fields(a.Paragraphs[0])) < 20 {
		return 1
	}
	return 0
}

func firstSentence(p string) string {
	ss := sentences(0, p)
	if len(ss) == 0 {
		return p
	}
	return ss[0].text
}

// leadEvent is the first coded event of the lead that happened (or was
// told as planned in the headline's own words), -1 when none.
func leadEvent(a *warta.Article, evs []warta.Event) int {
	last := leadParagraph(a)
	for i, e := range evs {
		if e.Paragraph > last {
			continue
		}
		if e.Status == "done" || e.Type == "interview" {
			return i
		}
	}
	return -1
}

// leadDate is the main event's date: the first date of the lead that can
// date a happening, else the report's day (guessed).
func leadDate(a *warta.Article, opt Options) (*string, bool) {
	last := leadParagraph(a)
	for _, d := range a.Dates {
		if d.Paragraph < 0 || d.Paragraph > last || d.Value == nil {
			continue
		}
		switch d.Granularity {
		case warta.GranularityDay, warta.GranularityTime:
		default:
			continue
		}
		v := *d.Value
		if len(v) > 10 {
			v = v[:10]
		}
		// A lead dates the news, not a plan: a day after the report is
		// what will happen, not what did.
		if opt.ReportDate != "" && v > opt.ReportDate {
			continue
		}
		return &v, false
	}
	if opt.ReportDate != "" {
		d := opt.ReportDate[:10]
		return &d, true
	}
	return nil, false
}

// headActors are the people, organizations and countries the headline and
// lead name, headline first, then by how often the article names them;
// at most four. Cities and regions are where things happen, not who acts;
// the outlet never acts.
func headActors(a *warta.Article, opt Options) []*warta.Entity {
	last := leadParagraph(a)
	type cand struct {
		e          *warta.Entity
		head, lead bool
		n          int
	}
	var cs []cand
	for i := range a.Entities {
		e := &a.Entities[i]
		if e.Type == warta.EntityLocation && !isCountryEntity(e, opt) {
			continue
		}
		if a.Outlet != "" && strings.EqualFold(strings.TrimSuffix(strings.ToLower(a.Outlet), ".com"), strings.ToLower(e.Name)) {
			continue
		}
		c := cand{e: e, n: len(e.Mentions)}
		for _, m := range e.Mentions {
			switch {
			case m.Paragraph < 0:
				c.head = true
			case m.Paragraph <= last:
				c.lead = true
			}
		}
		if c.head || c.lead {
			cs = append(cs, c)
		}
	}
	rank := func(c cand) int {
		r := c.n
		if c.head {
			r += 100
		}
		if c.lead {
			r += 50
		}
		return r
	}
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && rank(cs[j]) > rank(cs[j-1]); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
	var out []*warta.Entity
	for _, c := range cs {
		if len(out) == 4 {
			break
		}
		out = append(out, c.e)
	}
	return out
}

func isCountryEntity(e *warta.Entity, opt Options) bool {
	if opt.IsCountry != nil {
		return opt.IsCountry(e)
	}
	return false
}
