package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// Analyze turns a document into a fully analyzed article; the CLI passes
// the same stages the pipeline runs.
type Analyze func(doc *warta.Document) *warta.Article

// goldDoc is one document of seeds/gold.json (the fields evaluated).
type goldDoc struct {
	Outlet        string   `json:"outlet"`
	Language      string   `json:"language"`
	Kicker        *string  `json:"kicker"`
	Headline      *string  `json:"headline"`
	Published     string   `json:"published"`
	PublishedDate string   `json:"published_date"`
	BodyLines     []int    `json:"body_lines"`
	RelatedLinks  []string `json:"related_links"`
	Captions      []string `json:"captions"`
	Entities      []struct {
		Name        string   `json:"name"`
		Type        string   `json:"type"`
		Mentions    []string `json:"mentions"`
		Role        string   `json:"role"`
		Affiliation string   `json:"affiliation"`
	} `json:"entities"`
	MustNotAppear []string `json:"entities_that_must_not_appear"`
	Quotes        []struct {
		Line    int    `json:"line"`
		Speaker string `json:"speaker"`
		Cue     string `json:"cue"`
		Starts  string `json:"starts"`
	} `json:"quotes"`
	Interview *struct {
		Interviewee   string `json:"interviewee"`
		QuestionLines []int  `json:"question_lines"`
		AnswerLines   []int  `json:"answer_lines"`
	} `json:"interview"`
	Dates []struct {
		Text  string  `json:"text"`
		Value *string `json:"value"`
	} `json:"dates"`
	Events []struct {
		Type   string   `json:"type"`
		Mode   string   `json:"mode"`
		Actors []string `json:"actors"`
		Date   *string  `json:"date"`
	} `json:"events"`
}

type goldFile struct {
	Documents map[string]goldDoc `json:"documents"`
	Grouping  struct {
		SameStory [][]string `json:"same_story"`
	} `json:"grouping"`
}

// Check is one measured item of a report.
type Check struct {
	Area   string // cleaning, metadata, entities, quotes, dates, events
	Doc    string
	What   string
	Passed bool
	Detail string
}

// SeedsReport scores the analysis of the seed pages against gold.json.
type SeedsReport struct {
	Checks []Check
	// Line-level body precision and recall over both seeds.
	BodyTP, BodyFP, BodyFN int
}

// Passed reports whether every check passed.
func (r *SeedsReport) Passed() bool {
	for _, c := range r.Checks {
		if !c.Passed {
			return false
		}
	}
	return true
}

// Failed returns the checks that did not pass.
func (r *SeedsReport) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if !c.Passed {
			out = append(out, c)
		}
	}
	return out
}

// Print writes the report: per area how many checks passed, the failures,
// and the body's line precision and recall.
func (r *SeedsReport) Print(w io.Writer) {
	areas := map[string][2]int{}
	var order []string
	for _, c := range r.Checks {
		a := areas[c.Area]
		if a == [2]int{} {
			order = append(order, c.Area)
		}
		a[1]++
		if c.Passed {
			a[0]++
		}
		areas[c.Area] = a
	}
	fmt.Fprintln(w, "seeds: ../shared/seeds/gold.json")
	for _, a := range order {
		fmt.Fprintf(w, "  %-10s %3d/%d checks\n", a, areas[a][0], areas[a][1])
	}
	p := float64(r.BodyTP) / float64(max(1, r.BodyTP+r.BodyFP))
	rc := float64(r.BodyTP) / float64(max(1, r.BodyTP+r.BodyFN))
	fmt.Fprintf(w, "  body lines: precision %.3f recall %.3f (kept %d, clutter kept %d, body lost %d)\n", p, rc, r.BodyTP, r.BodyFP, r.BodyFN)
	for _, c := range r.Failed() {
		fmt.Fprintf(w, "  FAIL %s %s: %s: %s\n", c.Area, c.Doc, c.What, c.Detail)
	}
	n := 0
	for _, c := range r.Checks {
		if c.Passed {
			n++
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", n, len(r.Checks)-n)
}

// Seeds analyzes the seed pages and scores them against gold.json.
func Seeds(sharedDir string, analyze Analyze) (*SeedsReport, error) {
	dir := filepath.Join(sharedDir, "seeds")
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		return nil, fmt.Errorf("read gold: %w", err)
	}
	var gold goldFile
	if err := json.Unmarshal(raw, &gold); err != nil {
		return nil, fmt.Errorf("parse gold: %w", err)
	}
	r := &SeedsReport{}
	names := make([]string, 0, len(gold.Documents))
	for n := range gold.Documents {
		names = append(names, n)
	}
	sort.Strings(names)
	articles := map[string]*warta.Article{}
	for _, name := range names {
		g := gold.Documents[name]
		page, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read seed: %w", err)
		}
		doc := &warta.Document{ID: warta.ContentID(page), Source: name, Format: warta.FormatText, Raw: page,
			Text: strings.ReplaceAll(string(page), "\r\n", "\n"), TextFormat: warta.FormatText, Charset: "utf-8"}
		a := analyze(doc)
		articles[name] = a
		r.seed(name, g, strings.Split(doc.Text, "\n"), a)
	}
	for _, group := range gold.Grouping.SameStory {
		ids := map[string]bool{}
		for _, n := range group {
			if a := articles[n]; a != nil {
				ids[a.StoryID] = true
			}
		}
		r.add("events", "both", "seeds in one story", len(ids) == 1 && !ids[""], fmt.Sprint(ids))
		if len(group) == 2 && articles[group[0]] != nil && articles[group[1]] != nil {
			a, b := articles[group[0]], articles[group[1]]
			r.add("events", "both", "seeds in different events", a.EventID != "" && a.EventID != b.EventID, a.EventID+" "+b.EventID)
		}
	}
	return r, nil
}

func (r *SeedsReport) add(area, doc, what string, ok bool, detail string) {
	r.Checks = append(r.Checks, Check{Area: area, Doc: doc, What: what, Passed: ok, Detail: detail})
}

func (r *SeedsReport) seed(name string, g goldDoc, lines []string, a *warta.Article) {
	short := name[:3]
	// Cleaning: every body line kept, in order; no other line kept.
	para := map[string]int{}
	for i, p := range a.Paragraphs {
		para[strings.TrimSpace(p)] = i
	}
	body := map[int]bool{}
	last := -1
	inOrder := true
	for _, n := range g.BodyLines {
		body[n] = true
		t := strings.TrimSpace(lines[n-1])
		i, ok := para[t]
		if ok {
			r.BodyTP++
			if i < last {
				inOrder = false
			}
			last = i
		} else {
			r.BodyFN++
			r.add("cleaning", short, fmt.Sprintf("body line %d kept", n), false, t)
		}
	}
	r.add("cleaning", short, "body lines in order", inOrder, "")
	kept := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || body[i+1] {
			continue
		}
		if _, ok := para[t]; ok {
			r.BodyFP++
			kept++
			r.add("cleaning", short, fmt.Sprintf("clutter line %d dropped", i+1), false, t)
		}
	}
	r.add("cleaning", short, "no clutter line kept", kept == 0, fmt.Sprint(kept))
	for _, rel := range g.RelatedLinks {
		r.add("cleaning", short, "related "+rel, contains(a.Related, rel), strings.Join(a.Related, " | "))
	}
	for _, c := range g.Captions {
		n := 0
		for _, x := range a.Captions {
			if x == c {
				n++
			}
		}
		r.add("cleaning", short, "caption once: "+c, n == 1, fmt.Sprint(n))
	}
	// Metadata.
	r.add("metadata", short, "outlet "+g.Outlet, sameOutlet(a.Outlet, g.Outlet), a.Outlet)
	r.add("metadata", short, "language "+g.Language, a.Language == g.Language, a.Language)
	if g.Kicker != nil {
		r.add("metadata", short, "kicker", a.Kicker == *g.Kicker, a.Kicker)
	}
	if g.Headline != nil {
		r.add("metadata", short, "headline", a.Title == *g.Headline, a.Title)
	} else {
		r.add("metadata", short, "no headline on the page", a.Title == "", a.Title)
	}
	if g.Published != "" {
		r.add("metadata", short, "published "+g.Published, a.Published == g.Published, a.Published)
	} else if g.PublishedDate != "" {
		r.add("metadata", short, "published date "+g.PublishedDate, strings.HasPrefix(a.Published, g.PublishedDate), a.Published)
	}
	// Entities.
	for _, ge := range g.Entities {
		var found *warta.Entity
		for i := range a.Entities {
			if a.Entities[i].Name == ge.Name {
				found = &a.Entities[i]
			}
		}
		ok := found != nil && string(found.Type) == ge.Type && (ge.Role == "" || found.Role == ge.Role) &&
			(ge.Affiliation == "" || found.Affiliation == ge.Affiliation)
		detail := "not found"
		if found != nil {
			detail = fmt.Sprintf("%s role=%q affiliation=%q", found.Type, found.Role, found.Affiliation)
		}
		r.add("entities", short, ge.Name, ok, detail)
	}
	for _, bad := range g.MustNotAppear {
		ok := true
		for _, e := range a.Entities {
			if e.Name == bad || strings.Contains(e.Name, bad) {
				ok = false
			}
		}
		r.add("entities", short, "absent: "+bad, ok, "")
	}
	// Quotes.
	for _, gq := range g.Quotes {
		var q *warta.Quote
		for i := range a.Quotes {
			if a.Quotes[i].Direct && strings.HasPrefix(a.Quotes[i].Text, gq.Starts) {
				q = &a.Quotes[i]
			}
		}
		ok := q != nil && q.Speaker != nil && *q.Speaker == gq.Speaker && q.Cue == gq.Cue
		detail := "not found"
		if q != nil {
			detail = fmt.Sprintf("speaker=%v cue=%q", deref(q.Speaker), q.Cue)
		}
		r.add("quotes", short, gq.Starts, ok, detail)
	}
	if g.Interview != nil {
		for _, n := range g.Interview.AnswerLines {
			t := strings.TrimSpace(lines[n-1])
			r.add("quotes", short, fmt.Sprintf("answer line %d by %s", n, g.Interview.Interviewee), quoteBy(a, t, g.Interview.Interviewee), "")
		}
		for _, n := range g.Interview.QuestionLines {
			t := strings.TrimSpace(lines[n-1])
			r.add("quotes", short, fmt.Sprintf("question line %d by nobody", n), quoteBy(a, t, ""), "")
		}
	}
	// Dates.
	for _, gd := range g.Dates {
		ok, detail := false, "not found"
		for _, d := range a.Dates {
			if d.Text == gd.Text || strings.Contains(d.Text, gd.Text) || strings.Contains(gd.Text, d.Text) && len(d.Text) > 4 {
				if gd.Value == nil {
					ok = d.Value == nil
				} else {
					ok = d.Value != nil && *d.Value == *gd.Value
				}
				detail = fmt.Sprintf("%q = %v", d.Text, deref(d.Value))
				if ok {
					break
				}
			}
		}
		want := "null"
		if gd.Value != nil {
			want = *gd.Value
		}
		r.add("dates", short, gd.Text+" = "+want, ok, detail)
	}
	// Events.
	for _, ge := range g.Events {
		ok, detail := false, ""
		for _, e := range a.Events {
			if !strings.EqualFold(e.Type, ge.Type) || !sameSet(e.Actors, ge.Actors) {
				continue
			}
			dateOK := ge.Date == nil && e.Date == nil || ge.Date != nil && e.Date != nil && *e.Date == *ge.Date
			detail = fmt.Sprintf("%s/%s %v date=%v", e.Type, e.Mode, e.Actors, deref(e.Date))
			if dateOK {
				ok = true
				break
			}
		}
		want := "null"
		if ge.Date != nil {
			want = *ge.Date
		}
		r.add("events", short, fmt.Sprintf("%s %s %v %s", ge.Type, ge.Mode, ge.Actors, want), ok, detail)
	}
}

func quoteBy(a *warta.Article, text, speaker string) bool {
	for _, q := range a.Quotes {
		if strings.TrimSpace(q.Text) == text {
			return speaker == "" && q.Speaker == nil || q.Speaker != nil && *q.Speaker == speaker
		}
	}
	return false
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range b {
		if !contains(a, x) {
			return false
		}
	}
	return true
}

// sameOutlet compares outlet names on their first word, lower-cased:
// "RM.id" and "RM.id (Rakyat Merdeka)" are one outlet.
func sameOutlet(a, b string) bool {
	key := func(s string) string {
		f := strings.Fields(strings.ToLower(s))
		if len(f) == 0 {
			return ""
		}
		return f[0]
	}
	return key(a) != "" && key(a) == key(b)
}
