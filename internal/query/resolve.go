package query

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/entity"
)

// How a name matched an entity, best first. The order is the preference:
// an ID is what it says; a canonical name beats another entity's alias;
// the knowledge file's entities beat the ones found only in articles
// (often a known person read badly, as "x:person:jokowi" was); a word of a
// name ("widodo") and a near spelling ("pandjaitan") come last.
const (
	ViaID       = "id"
	ViaName     = "name"
	ViaAlias    = "alias"
	ViaMention  = "mention"  // how an article wrote an entity outside the knowledge file
	ViaWord     = "word"     // every word of the query is a word of a name
	ViaSpelling = "spelling" // one or two letters off a name
)

// maxCandidates bounds the alternatives a resolution lists: a common word
// of names ("indonesia") matches dozens.
const maxCandidates = 10

var viaRank = map[string]int{ViaID: 0, ViaName: 1, ViaAlias: 2, ViaMention: 3, ViaWord: 4, ViaSpelling: 5}

// Candidate is one entity a name may mean.
type Candidate struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Via says how the name matched (ViaID, ViaName, ...), Matched the
	// name or alias it matched.
	Via     string `json:"via"`
	Matched string `json:"matched,omitempty"`
	// Known is true for the knowledge file's canonical entities.
	Known bool `json:"known"`
	// Articles counts the articles that name the entity, by the store's
	// entity index; 0 past the first maxCandidates+1 candidates.
	Articles int `json:"articles"`
}

// Resolution is the entity a name was taken to mean, and the others it
// could mean.
type Resolution struct {
	Query  string    `json:"query"`
	Entity Candidate `json:"entity"`
	// Ambiguous is true when another entity matched as well as Entity
	// did; Entity is then the one named in more articles.
	Ambiguous bool `json:"ambiguous,omitempty"`
	// Candidates are the other entities the name matches, best first.
	Candidates []Candidate `json:"candidates,omitempty"`
}

// String says in a line which entity was chosen, and the alternatives
// when the name was ambiguous, for the CLI and the pages.
func (r *Resolution) String() string {
	s := "“" + r.Query + "” → " + r.Entity.Name + " (" + r.Entity.ID + ")"
	if r.Ambiguous {
		var alt []string
		for _, c := range r.Candidates {
			if viaRank[c.Via] == viaRank[r.Entity.Via] {
				alt = append(alt, c.Name+" ("+c.ID+")")
			}
		}
		s += "; also matches " + strings.Join(alt, ", ")
	}
	return s
}

// knowledgeIndex is the knowledge file, keyed for resolving names. It is
// built once: the file is embedded and never changes while warta runs.
type knowledgeIndex struct {
	byID   map[string]*entity.KnownEntity
	byKey  map[string][]keyed // compact key → entities, with how they matched
	all    []*entity.KnownEntity
	byWord map[string][]keyed // one word of a name or alias → entities
}

type keyed struct {
	e       *entity.KnownEntity
	via     string
	matched string
}

var (
	knowledgeOnce sync.Once
	knowledge     *knowledgeIndex
	knowledgeErr  error
)

func loadKnowledge() (*knowledgeIndex, error) {
	knowledgeOnce.Do(func() {
		ks, err := entity.Knowledge()
		if err != nil {
			knowledgeErr = err
			return
		}
		ix := &knowledgeIndex{byID: map[string]*entity.KnownEntity{}, byKey: map[string][]keyed{}, byWord: map[string][]keyed{}}
		for i := range ks {
			e := &ks[i]
			ix.all = append(ix.all, e)
			ix.byID[strings.ToLower(e.ID)] = e
			add := func(name, via string) {
				k := keyed{e, via, name}
				ix.byKey[compact(name)] = append(ix.byKey[compact(name)], k)
				for _, w := range nameWords(name) {
					ix.byWord[w] = append(ix.byWord[w], k)
				}
			}
			add(e.Name, ViaName)
			for _, a := range e.Aliases {
				add(a, ViaAlias)
			}
		}
		knowledge = ix
	})
	return knowledge, knowledgeErr
}

// fold lowers s and takes its diacritics off: "Erdoğan" and "erdogan",
// "Ma’ruf" and "MA'RUF" compare equal after compact or nameWords.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// compact is a name's lookup key: folded, letters and digits only, so that
// "B.J. Habibie", "BJ Habibie" and "bj habibie", or "Amir-Abdollahian" and
// "Amirabdollahian", are one key.
func compact(s string) string {
	var b strings.Builder
	for _, r := range fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nameWords splits a folded name into words at anything not a letter or
// digit; dots and apostrophes join ("B.J." is "bj", "Ma'ruf" is "maruf").
func nameWords(s string) []string {
	s = strings.NewReplacer(".", "", "'", "", "’", "").Replace(fold(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Resolve finds the entity ref means: an entity ID, a canonical name, an
// alias, nickname or abbreviation of the knowledge file, a name articles
// wrote, a word of a name, or a near spelling, without regard to case or
// diacritics. It returns EINVALID for an empty ref and ENOTFOUND when
// nothing matches; otherwise the best match, and the candidates when the
// name is ambiguous.
func (s *Service) Resolve(ctx context.Context, ref string) (*Resolution, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, warta.Errorf(warta.EINVALID, "name an entity")
	}
	ix, err := loadKnowledge()
	if err != nil {
		return nil, err
	}
	cands := map[string]*Candidate{}
	offer := func(c Candidate) {
		old := cands[c.ID]
		if old == nil || viaRank[c.Via] < viaRank[old.Via] {
			cands[c.ID] = &c
		}
	}
	fromKnown := func(e *entity.KnownEntity, via, matched string) Candidate {
		return Candidate{ID: e.ID, Name: e.Name, Type: string(e.Type), Via: via, Matched: matched, Known: true}
	}

	// An ID: the knowledge file's, or one the store has.
	if e := ix.byID[strings.ToLower(ref)]; e != nil {
		offer(fromKnown(e, ViaID, e.ID))
	} else if strings.Contains(ref, ":") {
		if c, err := s.storedEntity(ctx, ref); err != nil {
			return nil, err
		} else if c != nil {
			offer(*c)
		}
	}
	key := compact(ref)
	if key == "" {
		return nil, warta.Errorf(warta.EINVALID, "%q names no entity: give letters or digits", ref)
	}
	for _, k := range ix.byKey[key] {
		offer(fromKnown(k.e, k.via, k.matched))
	}
	// Every word of the query a word of one name or alias: "widodo",
	// "jusuf habibie".
	qw := nameWords(ref)
	if len(qw) > 0 {
		for _, k := range ix.byWord[qw[0]] {
			if hasAllWords(nameWords(k.matched), qw) {
				offer(fromKnown(k.e, ViaWord, k.matched))
			}
		}
	}
	// Articles: entities outside the knowledge file. When the knowledge
	// file has the name itself (not only a word of it) no article's
	// spelling can win over it, and the search is saved.
	exact := false
	for _, c := range cands {
		exact = exact || viaRank[c.Via] <= viaRank[ViaAlias]
	}
	if !exact {
		if err := s.fromArticles(ctx, ref, key, qw, offer); err != nil {
			return nil, err
		}
	}
	// Near spellings, only when nothing better matched: "Pandjaitan" for
	// "Panjaitan", "Jokowie".
	if len(cands) == 0 && len([]rune(key)) >= 5 {
		for ck, ks := range ix.byKey {
			if d := editDistance(key, ck, 2); d <= 1 || d == 2 && len([]rune(key)) >= 9 {
				for _, k := range ks {
					offer(fromKnown(k.e, ViaSpelling, k.matched))
				}
			}
		}
	}
	if len(cands) == 0 {
		return nil, warta.Errorf(warta.ENOTFOUND, "no entity named %q", ref)
	}
	list := make([]Candidate, 0, len(cands))
	for _, c := range cands {
		list = append(list, *c)
	}
	if err := s.countArticles(ctx, list); err != nil {
		return nil, err
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if a.Articles != b.Articles {
			return a.Articles > b.Articles
		}
		return a.ID < b.ID
	})
	res := &Resolution{Query: ref, Entity: list[0], Candidates: list[1:]}
	if len(list) > 1 && rank(list[1]) == rank(list[0]) {
		res.Ambiguous = true
	}
	if len(res.Candidates) > maxCandidates {
		res.Candidates = res.Candidates[:maxCandidates]
	}
	return res, nil
}

// rank orders candidates: how they matched, and the knowledge file's
// entities before the ones only articles name at the same level.
func rank(c Candidate) int {
	via := c.Via
	if !c.Known && via == ViaName {
		// An entity only articles name is a spelling seen in an article:
		// "Jokowi" is Joko Widodo's alias before it is the name of a
		// stray x:person:jokowi.
		via = ViaMention
	}
	r := 2 * viaRank[via]
	if !c.Known {
		r++
	}
	return r
}

// countArticles sets how many articles name each of the best candidates,
// from the store's entity index (exact, however many there are); the
// count breaks ties between equally good matches.
func (s *Service) countArticles(ctx context.Context, list []Candidate) error {
	if s.Store == nil {
		return nil
	}
	sort.Slice(list, func(i, j int) bool {
		return rank(list[i]) < rank(list[j]) || rank(list[i]) == rank(list[j]) && list[i].ID < list[j].ID
	})
	for i := range list[:min(len(list), maxCandidates+1)] {
		res, err := s.Store.SearchArticles(ctx, warta.SearchQuery{Entities: []string{list[i].ID}, Limit: 1})
		if err != nil {
			return fmt.Errorf("count articles of %s: %w", list[i].ID, err)
		}
		list[i].Articles = res.Total
	}
	return nil
}

// fromArticles searches the articles for ref and offers the entities they
// name whose name, a mention or a word of the name matches.
func (s *Service) fromArticles(ctx context.Context, ref, key string, qw []string, offer func(Candidate)) error {
	if s.Store == nil || s.Searcher == nil {
		return nil
	}
	q := s.Searcher.WithAny(warta.SearchQuery{Limit: 200}, ref)
	if len(q.Terms) == 0 {
		return nil
	}
	res, err := s.Store.SearchArticles(ctx, q)
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		for _, e := range h.Article.Entities {
			if strings.Contains(e.ID, ":") && !strings.HasPrefix(e.ID, "x:") {
				continue // the knowledge file's: offered above
			}
			c := Candidate{ID: e.ID, Name: e.Name, Type: string(e.Type)}
			switch {
			case compact(e.Name) == key:
				c.Via, c.Matched = ViaName, e.Name
			case hasAllWords(nameWords(e.Name), qw):
				c.Via, c.Matched = ViaWord, e.Name
			}
			for _, m := range e.Mentions {
				if c.Via != ViaName && compact(m.Text) == key {
					c.Via, c.Matched = ViaMention, m.Text
				}
			}
			if c.Via != "" {
				offer(c)
			}
		}
	}
	return nil
}

// storedEntity finds an entity ID the knowledge file does not have among
// the articles; nil when none names it.
func (s *Service) storedEntity(ctx context.Context, id string) (*Candidate, error) {
	if s.Store == nil {
		return nil, nil
	}
	res, err := s.Store.SearchArticles(ctx, warta.SearchQuery{Entities: []string{id}, Limit: 1})
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		for _, e := range h.Article.Entities {
			if strings.EqualFold(e.ID, id) {
				return &Candidate{ID: e.ID, Name: e.Name, Type: string(e.Type), Via: ViaID, Matched: e.ID}, nil
			}
		}
	}
	return nil, nil
}

func hasAllWords(name, query []string) bool {
	if len(query) == 0 || len(query) > len(name) {
		return false
	}
	for _, q := range query {
		found := false
		for _, w := range name {
			if w == q {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// editDistance is the Levenshtein distance of a and b, or max+1 once it
// is certain to exceed max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
