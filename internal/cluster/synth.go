package cluster

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/warta-news/warta"
)

// Synthetic makes articles for measuring how clustering scales with the
// store: random text (so copies are rare, as in a real archive, except
// for the share made copies on purpose), and events whose actors follow a
// Zipf law (a few actors, like a country or its president, are in a large
// share of all events). Time moves on as articles are added, PerDay
// articles a day, as in an archive that grows by collecting more days; a
// tenth of the events happened up to a week before the report. It is a
// workload generator for benchmarks, not a model of the news.
type Synthetic struct {
	rng   *rand.Rand
	words *rand.Zipf
	actor *rand.Zipf
	// CopyShare is the share of articles that copy an earlier one.
	CopyShare float64
	// PerDay is how many articles a day brings (the September 2019 news
	// corpus has about 730 a day from nine outlets).
	PerDay int
	recent []string      // bodies of the last articles, for copies
	events []warta.Event // recent events, for reports by other outlets
	titles []string      // their headlines, which re-reports reword
}

var synthEpoch = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

var synthTypes = []string{"CONSULT", "AGREE", "AID", "COOPERATE", "REQUEST", "ACCUSE", "PROTEST", "COERCE", "ASSAULT", "DISAPPROVE"}

// NewSynthetic returns a generator; the same seed gives the same articles.
func NewSynthetic(seed uint64) *Synthetic {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	return &Synthetic{rng: rng,
		words:     rand.NewZipf(rng, 1.07, 2, 50_000),
		actor:     rand.NewZipf(rng, 1.1, 3, 20_000),
		CopyShare: 0.02, PerDay: 700}
}

// Article returns the i-th synthetic article: about 150 words of text and
// one to three events.
func (s *Synthetic) Article(i int) *warta.Article {
	var body string
	if len(s.recent) > 0 && s.rng.Float64() < s.CopyShare {
		body = s.recent[s.rng.IntN(len(s.recent))] + " (copy)"
	} else {
		var b strings.Builder
		for range 150 {
			fmt.Fprintf(&b, "w%d ", s.words.Uint64())
		}
		body = b.String()
	}
	if len(s.recent) < 64 {
		s.recent = append(s.recent, body)
	} else {
		s.recent[s.rng.IntN(64)] = body
	}
	pub := synthEpoch.AddDate(0, 0, i/max(1, s.PerDay))
	pubAt := pub.Add(3 * time.Hour)
	a := &warta.Article{ID: fmt.Sprintf("syn-%09d", i), Paragraphs: []string{body}, Published: pub.Format("2006-01-02") + "T10:00:00+07:00",
		PublishedAt: pubAt, Outlet: fmt.Sprintf("outlet%d", i%9)}
	// A third of the articles report an event another outlet reported
	// recently (the same type, actors and date, in overlapping words), so
	// joins happen as they do in the news.
	if len(s.events) > 0 && s.rng.IntN(3) == 0 {
		k := s.rng.IntN(len(s.events))
		ev := s.events[k]
		ev.Sentence += " " + fmt.Sprintf("w%d", s.words.Uint64())
		a.Title = s.titles[k] + fmt.Sprintf(" w%d", s.words.Uint64())
		a.Events = append(a.Events, ev)
		s.main(a)
		return a
	}
	for k := range 1 + s.rng.IntN(3) {
		date := pub.Format("2006-01-02")
		if s.rng.IntN(10) == 0 {
			date = pub.AddDate(0, 0, -1-s.rng.IntN(7)).Format("2006-01-02")
		}
		x, y := s.actor.Uint64(), s.actor.Uint64()
		if x == y {
			y++
		}
		d := date
		if k > 0 && s.rng.IntN(3) == 0 {
			d = date[:7] // some events are dated by month only
		}
		var sent strings.Builder
		for range 12 {
			fmt.Fprintf(&sent, "w%d ", s.words.Uint64())
		}
		ev := warta.Event{Type: synthTypes[s.rng.IntN(len(synthTypes))], Status: "done", Date: &d, Sentence: sent.String(),
			Actors: []string{fmt.Sprintf("Actor %d", x), fmt.Sprintf("Actor %d", y)}, ActorIDs: []string{fmt.Sprintf("a%d", x), fmt.Sprintf("a%d", y)}}
		a.Events = append(a.Events, ev)
		title := ""
		if k == 0 {
			var t strings.Builder
			fmt.Fprintf(&t, "Actor %d", x)
			for range 6 {
				fmt.Fprintf(&t, " w%d", s.words.Uint64())
			}
			title = t.String()
			a.Title = title
		}
		if len(s.events) < 256 {
			s.events = append(s.events, ev)
			s.titles = append(s.titles, title)
		} else {
			j := s.rng.IntN(256)
			s.events[j], s.titles[j] = ev, title
		}
	}
	s.main(a)
	return a
}

// main makes the article's first event its main news, as the analyzer
// does, with its actors as entities named in the headline, so that adding
// the article goes through the event model (joinMain) as real reports do.
func (s *Synthetic) main(a *warta.Article) {
	a.Events[0].Main = true
	for k, id := range a.Events[0].ActorIDs {
		a.Entities = append(a.Entities, warta.Entity{ID: id, Name: a.Events[0].Actors[k], Type: warta.EntityPerson,
			Mentions: []warta.Mention{{Text: a.Events[0].Actors[k], Paragraph: -1}}})
	}
}
