package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/date"
	"github.com/warta-news/warta/internal/entity"
	"github.com/warta-news/warta/internal/event"
	"github.com/warta-news/warta/internal/extract"
	"github.com/warta-news/warta/internal/langid"
	"github.com/warta-news/warta/internal/pipeline"
	"github.com/warta-news/warta/internal/quote"
	"github.com/warta-news/warta/internal/search"
	"github.com/warta-news/warta/internal/text/stem"
)

var (
	stemmerOnce sync.Once
	stemmer     *stem.Stemmer
	recOnce     sync.Once
	recognizer  *entity.Recognizer
	recErr      error
)

// newSearcher returns the searcher shared by indexing and querying; both
// sides must stem alike.
func newSearcher() *search.Searcher {
	stemmerOnce.Do(func() { stemmer = stem.New() })
	return &search.Searcher{Stem: stemmer.Stem}
}

func loadRecognizer() (*entity.Recognizer, error) {
	recOnce.Do(func() { recognizer, recErr = entity.Load() })
	return recognizer, recErr
}

// newStages wires the analysis stages in data-flow order. now is the
// reference time for documents whose publish date is unknown; cs, when not
// nil, turns clustering on (duplicates, events, stories): the pipeline
// hands Connect the store to cluster into, which holds the writes for the
// batch's commit.
func newStages(now time.Time, cs warta.ClusterStore) (pipeline.Stages, error) {
	rec, err := loadRecognizer()
	if err != nil {
		return pipeline.Stages{}, fmt.Errorf("load entity knowledge: %w", err)
	}
	offices := rec.Offices()
	quoteOpt := quote.Options{
		Holder: func(title string, on time.Time) (string, string, bool) {
			h, ok := offices.HolderOf(title, on)
			return h.Name, h.ID, ok
		},
		TitleWords: offices.TitleWords,
		Known:      offices.IsPlaceOrBody,
		HolderNamed: func(word string, on time.Time, of []string) (string, string, bool) {
			h, ok := offices.HolderNamed(word, on, of)
			return h.Name, h.ID, ok
		},
	}
	st := pipeline.Stages{
		Extract: func(doc *warta.Document, rep pipeline.Repeats) (*warta.Article, []warta.Problem) {
			return extract.Extract(doc, extract.Options{Repeats: rep, Now: now})
		},
		PageLines: extract.PageLines,
		Enrich: []func(a *warta.Article) []warta.Problem{
			cutLong,
			func(a *warta.Article) []warta.Problem {
				a.Language = langid.Detect(a.Title + "\n" + a.Body()).Lang
				return nil
			},
			func(a *warta.Article) []warta.Problem {
				a.Entities = rec.Find(a)
				return nil
			},
			func(a *warta.Article) []warta.Problem { return findDates(a, now) },
			func(a *warta.Article) []warta.Problem {
				a.Quotes = quote.Find(a, quoteOpt)
				return nil
			},
			func(a *warta.Article) []warta.Problem {
				opt := eventOptions(a)
				a.Events = event.Main(a, event.Code(a, opt), opt)
				return nil
			},
		},
	}
	if cs != nil {
		own := cs
		st.Connect = func(ctx context.Context, cs warta.ClusterStore, as []*warta.Article) error {
			if cs == nil {
				// A pipeline without a store (analyze, eval, train)
				// clusters into the one newStages was given, in memory.
				cs = own
			}
			// One write-behind batch per pipeline batch: the store is
			// written in one transaction instead of one per article.
			b := cluster.NewBatch(cs)
			c := &cluster.Clusterer{Store: b, Now: now}
			for _, a := range as {
				if err := c.Add(ctx, a); err != nil {
					return err
				}
			}
			if err := c.Finish(ctx, as); err != nil {
				return err
			}
			return b.Flush(ctx)
		}
	}
	return st, nil
}

// Limits on the text the analysis stages see. Their cost grows faster
// than the length of a paragraph (one 3.7 MB paragraph once took the event
// coder 24.5 s and 916 MB), so paragraphs are cut to keep each article's
// analysis linear in its size; news paragraphs are a few hundred bytes.
const (
	maxParagraphBytes = 8 << 10
	maxParagraphs     = 2000
)

// cutLong cuts paragraphs over maxParagraphBytes at the last sentence end
// (or space) before the limit, and drops paragraphs past maxParagraphs,
// with a problem for each article it cut. Everything after it (language,
// entities, dates, quotes, events) sees the cut text; the raw document
// keeps all of it.
func cutLong(a *warta.Article) []warta.Problem {
	var probs []warta.Problem
	if len(a.Paragraphs) > maxParagraphs {
		probs = append(probs, warta.Problem{Source: a.Source, Stage: "limit",
			Msg: fmt.Sprintf("%d paragraphs: only the first %d are analyzed", len(a.Paragraphs), maxParagraphs)})
		a.Paragraphs = a.Paragraphs[:maxParagraphs]
	}
	cut, longest := 0, 0
	for i, p := range a.Paragraphs {
		if len(p) <= maxParagraphBytes {
			continue
		}
		cut++
		longest = max(longest, len(p))
		a.Paragraphs[i] = cutAt(p, maxParagraphBytes)
	}
	if cut > 0 {
		probs = append(probs, warta.Problem{Source: a.Source, Stage: "limit",
			Msg: fmt.Sprintf("%d paragraph(s) over %d bytes (longest %d) cut for analysis", cut, maxParagraphBytes, longest)})
	}
	return probs
}

// cutAt shortens p to at most n bytes, at the last sentence end in its
// second half, else the last space, else a rune boundary.
func cutAt(p string, n int) string {
	for n > 0 && !utf8.RuneStart(p[n]) {
		n--
	}
	head := p[:n]
	if i := strings.LastIndex(head, ". "); i >= n/2 {
		return head[:i+1]
	}
	if i := strings.LastIndexByte(head, ' '); i >= n/2 {
		return head[:i]
	}
	return head
}

// findDates normalizes the dates of the body against the publish date, and
// the printed publish date itself (paragraph -1).
func findDates(a *warta.Article, now time.Time) []warta.Problem {
	ref, known := a.PublishedAt, !a.PublishedAt.IsZero()
	if !known {
		ref = now
	}
	var probs []warta.Problem
	if a.PublishedText != "" {
		ds, _ := date.Find([]string{a.PublishedText}, date.Options{Ref: ref, RefKnown: known})
		for _, d := range ds {
			d.Paragraph = -1
			a.Dates = append(a.Dates, d)
		}
	}
	ds, ps := date.Find(a.Paragraphs, date.Options{Ref: ref, RefKnown: known})
	a.Dates = append(a.Dates, ds...)
	for _, p := range ps {
		p.Source = a.Source
		probs = append(probs, p)
	}
	return probs
}

// eventOptions are the event stage's options for an article.
func eventOptions(a *warta.Article) event.Options {
	return event.Options{ReportDate: reportDate(a), IsCountry: isCountry}
}

// reportDate is the day the article reports from.
func reportDate(a *warta.Article) string {
	if len(a.Published) >= 10 {
		return a.Published[:10]
	}
	return ""
}

func isCountry(e *warta.Entity) bool {
	return e.Type == warta.EntityLocation && countries[e.ID]
}

// countries are the knowledge-file places that are countries: the IDs
// whose events "kedua negara" refers to.
var countries = func() map[string]bool {
	m := map[string]bool{}
	for _, id := range []string{"indonesia", "rusia", "amerika-serikat", "tiongkok", "jepang", "korea-selatan", "korea-utara",
		"india", "australia", "selandia-baru", "malaysia", "singapura", "thailand", "filipina", "vietnam", "myanmar", "kamboja",
		"laos", "brunei", "timor-leste", "papua-nugini", "inggris", "prancis", "jerman", "belanda", "italia", "spanyol",
		"ukraina", "turki", "arab-saudi", "iran", "irak", "israel", "palestina", "mesir", "uni-emirat-arab", "qatar",
		"pakistan", "afghanistan", "bangladesh", "nigeria", "afrika-selatan", "brasil", "kanada", "meksiko", "suriah",
		"yordania", "swiss", "swedia", "norwegia", "polandia"} {
		m["loc:"+id] = true
	}
	return m
}()
