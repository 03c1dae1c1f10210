package query

import (
	"context"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// EntitySummary is what warta knows of one entity across articles.
type EntitySummary struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"`
	Roles   []string `json:"roles,omitempty"` // "Menteri Luar Negeri Indonesia (2021)"
	// Offices are the offices the knowledge file says the entity held,
	// with their dates.
	Offices  []Office `json:"offices,omitempty"`
	Articles []string `json:"articles"`
	// ArticleCount is how many articles name the entity in all; Articles
	// lists the newest (at most summaryArticles) of them.
	ArticleCount int `json:"article_count"`
	// With are the entities named most often in the same articles.
	With []CoMention `json:"with,omitempty"`
	// MaybeSame are, for a person the knowledge file does not know,
	// other people whose name holds his or her whole name as
	// words, most articles first: "Marquez" may be Marc Marquez, whom
	// other articles name in full. A reader decides; warta does not merge
	// them.
	MaybeSame []Candidate `json:"maybe_same,omitempty"`
}

// Office is one office an entity held: "Menteri Luar Negeri" of
// "Indonesia" from "2014-10-27" to "2024-10-21" (To empty while held).
type Office struct {
	Office string `json:"office"`
	Of     string `json:"of"`
	From   string `json:"from"`
	To     string `json:"to,omitempty"`
}

// String is the office as a line: "Menteri Luar Negeri, Indonesia
// 2014-10-27–2024-10-21".
func (o Office) String() string { return o.Office + ", " + o.Of + " " + o.From + "–" + o.To }

// WithOffices fills each summary's offices from of (the entity stage's
// table, which the query layer does not load itself).
func WithOffices(es []*EntitySummary, of func(id string) []Office) {
	if of == nil {
		return
	}
	for _, e := range es {
		e.Offices = of(e.ID)
	}
}

// CoMention counts articles two entities share.
type CoMention = warta.CoMention

// summaryArticles bounds the articles an entity summary lists and reads
// for the names and roles the texts give it.
const summaryArticles = 200

// namesFrom is how many of the newest articles the names and roles an
// entity is given are read from: each is a whole article to decode, and
// the newest say how it is written and what it does now.
const namesFrom = 50

// coMentionsWithin is how many of an entity's newest articles the
// entities named with it are counted over: on the whole news corpus that
// takes loc:indonesia's co-mentions from 0.19 s (6,320 articles) to 0.06 s,
// and the cost no longer grows with the archive.
const coMentionsWithin = 2000

// summaries summarizes the entities whose ID is id, or (id "") whose name
// or a mention contains query, over the articles q finds. There is no
// entity index yet: the search narrows the articles (at most q.Limit),
// and the summary is built from them.
func (s *Service) summaries(ctx context.Context, q warta.SearchQuery, query, id string) ([]*EntitySummary, error) {
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

// Entities lists the entities a name may mean: the one it resolves to
// first, then the others named in matching articles whose name or a
// mention contains it. The resolution is nil when the name matches no
// entity by the resolver's rules (the list may still hold partial matches).
func (s *Service) Entities(ctx context.Context, query string) ([]*EntitySummary, *Resolution, error) {
	q := s.Searcher.WithAny(warta.SearchQuery{Limit: 200}, query)
	if len(q.Terms) == 0 {
		return nil, nil, warta.Errorf(warta.EINVALID, "give a name to look for")
	}
	var out []*EntitySummary
	res, err := s.Resolve(ctx, query)
	switch {
	case err == nil:
		sm, err := s.summary(ctx, res.Entity)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, sm)
	case warta.ErrorCode(err) != warta.ENOTFOUND:
		return nil, nil, err
	}
	more, err := s.summaries(ctx, q, strings.ToLower(query), "")
	if err != nil {
		return nil, nil, err
	}
	for _, sm := range more {
		if len(out) == 0 || sm.ID != out[0].ID {
			if sm.ArticleCount, _, err = s.Store.EntityArticles(ctx, sm.ID, 0, 0); err != nil {
				return nil, nil, err
			}
			out = append(out, sm)
		}
	}
	return out, res, nil
}

// Entity resolves ref (an ID or any name) and summarizes the entity it
// means over the articles that name it. A knowledge-file entity no
// article names yet is still found, with no articles.
func (s *Service) Entity(ctx context.Context, ref string) (*EntitySummary, *Resolution, error) {
	res, err := s.Resolve(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	sm, err := s.summary(ctx, res.Entity)
	if err != nil {
		return nil, nil, err
	}
	if sm.MaybeSame, err = s.maybeSame(ctx, res.Entity); err != nil {
		return nil, nil, err
	}
	return sm, res, nil
}

// maybeSameMax bounds the entities a summary offers as maybe the same.
const maybeSameMax = 3

// maybeSame finds, for an entity the knowledge file does not know, the
// entities of its type that the resolver also reads its name as and whose
// name holds that name as whole words ("Marquez" in "Marc Marquez"), most
// articles first.
func (s *Service) maybeSame(ctx context.Context, c Candidate) ([]Candidate, error) {
	// People only: a person is named in full once and by one name after
	// (the recognizer links the two within an article, not across
	// articles); an unknown organization's short names are acronyms the
	// article defines.
	if c.Known || !strings.HasPrefix(c.ID, "x:person:") || strings.TrimSpace(c.Name) == "" {
		return nil, nil
	}
	res, err := s.Resolve(ctx, c.Name)
	if warta.ErrorCode(err) == warta.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	words := strings.Fields(strings.ToLower(c.Name))
	var out []Candidate
	for _, o := range append([]Candidate{res.Entity}, res.Candidates...) {
		if o.ID == c.ID || o.Type != c.Type || !holdsWords(strings.ToLower(o.Name), words) {
			continue
		}
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Articles > out[j].Articles })
	return out[:min(len(out), maybeSameMax)], nil
}

// holdsWords tells whether name has ws as consecutive whole words, and
// more words besides.
func holdsWords(name string, ws []string) bool {
	nw := strings.Fields(name)
	for i := 0; i+len(ws) <= len(nw) && len(nw) > len(ws); i++ {
		match := true
		for k, w := range ws {
			if nw[i+k] != w {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// summary describes one entity from the store's read model: how many
// articles name it and the newest of them, and the entities named with it
// across all of them; the names and roles it is given come from the
// newest namesFrom articles.
func (s *Service) summary(ctx context.Context, c Candidate) (*EntitySummary, error) {
	total, ids, err := s.Store.EntityArticles(ctx, c.ID, 0, summaryArticles)
	if err != nil {
		return nil, err
	}
	sm := &EntitySummary{ID: c.ID, Name: c.Name, Type: c.Type, Articles: ids, ArticleCount: total}
	for _, aid := range ids[:min(len(ids), namesFrom)] {
		a, err := s.Store.Article(ctx, aid)
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			continue // deleted meanwhile
		} else if err != nil {
			return nil, err
		}
		for _, e := range a.Entities {
			if e.ID != c.ID {
				continue
			}
			for _, m := range e.Mentions {
				sm.Aliases = addUnique(sm.Aliases, m.Text)
			}
			if e.Role != "" {
				role := strings.TrimSpace(e.Role + " " + e.Affiliation)
				if len(a.Published) >= 4 {
					role += " (" + a.Published[:4] + ")"
				}
				sm.Roles = addUnique(sm.Roles, role)
			}
		}
	}
	sort.Strings(sm.Roles)
	if sm.With, err = s.Store.CoMentions(ctx, c.ID, coMentionsWithin, 10); err != nil {
		return nil, err
	}
	sm.Name, sm.Type = c.Name, c.Type // the canonical name, not one article's spelling
	if ix, err := loadKnowledge(); err == nil {
		if e := ix.byID[strings.ToLower(c.ID)]; e != nil {
			for _, a := range e.Aliases {
				sm.Aliases = addUnique(sm.Aliases, a)
			}
		}
	}
	if sm.Aliases == nil {
		sm.Aliases = []string{}
	}
	return sm, nil
}

func addUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// Timeline is the events of one entity, or of two together.
type Timeline struct {
	Entity *Resolution          `json:"entity"`
	With   *Resolution          `json:"with,omitempty"`
	Events []*warta.EventRecord `json:"events"`
}

// Timeline resolves entity (and with, when given) and returns their
// events, oldest first, each with its reports.
func (s *Service) Timeline(ctx context.Context, entity, with string) (*Timeline, error) {
	res, err := s.Resolve(ctx, entity)
	if err != nil {
		return nil, err
	}
	out := &Timeline{Entity: res}
	wid := ""
	if strings.TrimSpace(with) != "" {
		if out.With, err = s.Resolve(ctx, with); err != nil {
			return nil, err
		}
		wid = out.With.Entity.ID
	}
	if out.Events, err = s.Store.Timeline(ctx, res.Entity.ID, wid); err != nil {
		return nil, err
	}
	if out.Events == nil {
		out.Events = []*warta.EventRecord{}
	}
	return out, nil
}

// EntityQuotes returns the newest quotes of entity id, at most limit, and
// how many there are in all, from the read model: those linked to it, and
// those whose speaker is written as one of its names (the canonical name
// and the knowledge file's aliases) and linked to nothing else known.
func (s *Service) EntityQuotes(ctx context.Context, id, name string, limit int) ([]QuoteRow, int, error) {
	names := []string{name}
	if ix, err := loadKnowledge(); err == nil {
		if e := ix.byID[strings.ToLower(id)]; e != nil {
			names = append(names, e.Name)
			names = append(names, e.Aliases...)
		}
	}
	total, refs, err := s.Store.SpeakerQuotes(ctx, id, names, 0, limit)
	if err != nil {
		return nil, 0, err
	}
	out := []QuoteRow{}
	articles := map[string]*warta.Article{}
	for _, r := range refs {
		a, ok := articles[r.ArticleID]
		if !ok {
			if a, err = s.Store.Article(ctx, r.ArticleID); warta.ErrorCode(err) == warta.ENOTFOUND {
				continue
			} else if err != nil {
				return nil, 0, err
			}
			articles[r.ArticleID] = a
		}
		if r.Index < len(a.Quotes) {
			out = append(out, QuoteRow{Quote: a.Quotes[r.Index], ArticleID: a.ID, Outlet: a.Outlet, Title: a.Title, Published: a.Published})
		}
	}
	return out, total, nil
}
