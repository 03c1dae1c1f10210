package query

import (
	"context"
	"strings"

	"github.com/warta-news/warta"
)

// ResolveAll resolves every entity filter of a query to its entity ID, in
// place, and returns how each was read. A name that means no entity is
// EINVALID: a filter that silently matched nothing would look like "no
// news" to the reader.
func (s *Service) ResolveAll(ctx context.Context, refs []string) ([]string, []*Resolution, error) {
	ids := make([]string, 0, len(refs))
	var out []*Resolution
	for _, ref := range refs {
		res, err := s.Resolve(ctx, ref)
		if err != nil {
			if code := warta.ErrorCode(err); code == warta.ENOTFOUND || code == warta.EINVALID {
				return nil, nil, warta.Errorf(warta.EINVALID, "entity %q: %s", ref, warta.ErrorMessage(err))
			}
			return nil, nil, err
		}
		ids = append(ids, res.Entity.ID)
		out = append(out, res)
	}
	return ids, out, nil
}

// QuoteRow is a quote with the article it came from.
type QuoteRow struct {
	warta.Quote
	ArticleID string `json:"article_id"`
	Outlet    string `json:"outlet,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
}

// QuotesRequest asks for one page of quotes.
type QuotesRequest struct {
	// Speaker is an entity ID or any name of the speaker; "" means anyone.
	Speaker string
	// Query filters the articles the quotes come from (words, outlet,
	// dates, entities); its Limit and Offset are ignored.
	Query warta.SearchQuery
	// Limit is the most quotes to return; 0 means 50.
	Limit int
	// After is where the previous page stopped: the position in the
	// article results and the quote within that article.
	After [2]int
	// MaxArticles bounds the articles one page reads, so that a rare
	// speaker does not make one request read the whole store; 0 means 1000.
	// A page that stops short still says where to go on.
	MaxArticles int
}

// QuotePage is one page of quotes.
type QuotePage struct {
	Quotes []QuoteRow `json:"quotes"`
	// Speaker is how the speaker name was read; nil when none was given
	// or it names no entity (then quotes whose speaker's name contains it
	// are kept).
	Speaker *Resolution `json:"speaker,omitempty"`
	// Next is where the next page starts; More is false at the end.
	Next [2]int `json:"-"`
	More bool   `json:"-"`
}

// Quotes answers "what did X say about Y": the quotes of the speaker
// (resolved like any entity name: "jokowi" is Joko Widodo's quotes) in
// articles matching the query, newest articles first.
func (s *Service) Quotes(ctx context.Context, req QuotesRequest) (*QuotePage, error) {
	if req.Limit <= 0 {
		req.Limit = 50
	}
	if req.MaxArticles <= 0 {
		req.MaxArticles = 1000
	}
	out := &QuotePage{Quotes: []QuoteRow{}}
	q := req.Query
	keep := func(warta.Quote) bool { return true }
	if sp := strings.TrimSpace(req.Speaker); sp != "" {
		res, err := s.Resolve(ctx, sp)
		switch {
		case err == nil:
			out.Speaker = res
			id := res.Entity.ID
			all := []string{res.Entity.Name}
			if ix, err := loadKnowledge(); err == nil {
				if e := ix.byID[strings.ToLower(id)]; e != nil {
					all = append(all, e.Aliases...)
				}
			}
			// Articles with the last word of any name ("widodo",
			// "jokowi"), not only those whose entities list the speaker:
			// a quote keeps the name its article gave the speaker even
			// where the entity finder linked it to nothing, or (in a store
			// built before the resolver) to a stray "x:person:jokowi".
			names := map[string]bool{}
			var last []string
			for _, n := range all {
				names[compact(n)] = true
				if ws := nameWords(n); len(ws) > 0 {
					last = append(last, ws[len(ws)-1])
				}
			}
			q = s.Searcher.WithAny(q, strings.Join(last, " "))
			ix, _ := loadKnowledge()
			keep = func(qt warta.Quote) bool {
				if qt.SpeakerID == id {
					return true
				}
				if qt.Speaker == nil || ix != nil && ix.byID[strings.ToLower(qt.SpeakerID)] != nil {
					return false // linked to another known entity
				}
				// Unlinked, or linked to an entity only articles name: the
				// name, or every word of one of the names, as written
				// ("Retno" is Retno Marsudi's, "Bapak Jokowi" is Joko
				// Widodo's). A namesake outside the knowledge file can slip
				// in this way; losing a quote of the speaker is worse.
				if names[compact(*qt.Speaker)] {
					return true
				}
				sw := nameWords(*qt.Speaker)
				for _, n := range all {
					if hasAllWords(sw, nameWords(n)) {
						return true
					}
				}
				return false
			}
		case warta.ErrorCode(err) == warta.ENOTFOUND:
			// No entity by that name: fall back to the words, so that a
			// speaker the entity finder missed is still found.
			q = s.Searcher.WithAny(q, sp)
			want := fold(sp)
			keep = func(qt warta.Quote) bool {
				return qt.Speaker != nil && strings.Contains(fold(*qt.Speaker), want)
			}
		default:
			return nil, err
		}
	}
	artOff, quoteOff := req.After[0], req.After[1]
	scanned := 0
	q.Limit = 100
	for {
		q.Offset = artOff
		res, err := s.Store.SearchArticles(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, hit := range res.Hits {
			a := hit.Article
			for i := quoteOff; i < len(a.Quotes); i++ {
				qt := a.Quotes[i]
				if !keep(qt) {
					continue
				}
				if len(out.Quotes) == req.Limit {
					out.Next, out.More = [2]int{artOff, i}, true
					return out, nil
				}
				out.Quotes = append(out.Quotes, QuoteRow{Quote: qt, ArticleID: a.ID, Outlet: a.Outlet, Title: a.Title, Published: a.Published})
			}
			artOff++
			quoteOff = 0
			scanned++
		}
		if len(res.Hits) == 0 || artOff >= res.Total {
			return out, nil
		}
		if scanned >= req.MaxArticles {
			out.Next, out.More = [2]int{artOff, 0}, true
			return out, nil
		}
	}
}
