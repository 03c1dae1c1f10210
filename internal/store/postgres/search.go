package postgres

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/search"
)

// The index is built here, not by to_tsvector: the search package has
// already stemmed and tokenized the text, and PostgreSQL's parser would
// cut some tokens differently from SQLite's unicode61 tokenizer (it keeps
// "covid-19" whole besides its parts, reads host names and e-mail
// addresses as one token). Each space-separated stem becomes a lexeme
// with its position, title words with weight A, so that both stores index
// exactly the same tokens and a phrase means the same in both. The work
// is done by the worker that stores the article, not by the database
// server all workers share.

// maxPosition is the largest position a tsvector records; later words
// are still indexed (at this position), so only phrases past the 16,383rd
// word of an article are lost. News articles are far shorter.
const maxPosition = 16383

// maxPositionsPerLexeme is the most positions a tsvector keeps per lexeme.
const maxPositionsPerLexeme = 255

// maxLexemeBytes is the longest lexeme PostgreSQL indexes; longer tokens
// (base64 blobs pasted into a page) are skipped.
const maxLexemeBytes = 2046

// maxIndexBytes bounds the lexemes of one article: a tsvector cannot
// exceed 1 MB. Only pathological pages (a dump of unique tokens) reach it;
// their tail is left out of the index.
const maxIndexBytes = 900 << 10

// tsvector writes the tsvector literal for an article's stemmed title and
// body: 'lexeme':1A,5A 'other':3 ...
func tsvector(title, body string) string {
	type entry struct {
		pos    []int
		weight []bool // true: title (A)
	}
	m := map[string]*entry{}
	var order []string
	pos, size := 0, 0
	add := func(text string, isTitle bool) {
		for _, lx := range search.Lexemes(text) {
			if len(lx) > maxLexemeBytes {
				continue
			}
			pos++
			e := m[lx]
			if e == nil {
				if size+len(lx)+8 > maxIndexBytes {
					continue
				}
				size += len(lx) + 8
				e = &entry{}
				m[lx] = e
				order = append(order, lx)
			}
			if len(e.pos) < maxPositionsPerLexeme {
				p := min(pos, maxPosition)
				if len(e.pos) == 0 || e.pos[len(e.pos)-1] != p {
					e.pos = append(e.pos, p)
					e.weight = append(e.weight, isTitle)
					size += 2
				}
			}
		}
	}
	add(title, true)
	pos++ // a phrase never runs from the title into the body
	add(body, false)
	sort.Strings(order)
	var b strings.Builder
	b.Grow(size + 2*len(order))
	for i, lx := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(lx))
		b.WriteByte(':')
		e := m[lx]
		for j, p := range e.pos {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
			if e.weight[j] {
				b.WriteByte('A')
			}
		}
	}
	return b.String()
}

// quoteLexeme makes a lexeme a literal in tsvector and tsquery input, so
// that no text is read as an operator.
func quoteLexeme(lx string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range lx {
		if r == '\'' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// phrase is a tsquery for stems that must follow each other: one query
// term may hold several tokens ("anti-virus"), as an FTS5 string does.
// ok is false when the stems hold no token at all.
func phrase(stems ...string) (string, bool) {
	var lx []string
	for _, s := range stems {
		for _, l := range search.Lexemes(s) {
			lx = append(lx, quoteLexeme(l))
		}
	}
	switch len(lx) {
	case 0:
		return "", false
	case 1:
		return lx[0], true
	}
	return "(" + strings.Join(lx, " <-> ") + ")", true
}

// tsquery translates q's words into a tsquery literal, "" when q has no
// positive terms. lexemes are the positive lexemes, for ranking. none is
// true when q cannot match anything: a word made only of separators
// matches nothing, as an FTS5 string with no token does, even beside
// other words.
func tsquery(q warta.SearchQuery) (expr string, lexemes []string, none bool) {
	var and []string
	seen := map[string]bool{}
	addLex := func(s string) {
		for _, l := range search.Lexemes(s) {
			if !seen[l] {
				seen[l] = true
				lexemes = append(lexemes, l)
			}
		}
	}
	for _, alts := range q.Terms {
		var or []string
		given := false
		for _, t := range alts {
			if t == "" {
				continue
			}
			given = true
			if p, ok := phrase(t); ok {
				or = append(or, p)
				addLex(t)
			}
		}
		switch {
		case len(or) == 1:
			and = append(and, or[0])
		case len(or) > 1:
			and = append(and, "("+strings.Join(or, " | ")+")")
		case given:
			none = true
		}
	}
	for _, ph := range q.Phrases {
		if len(ph) == 0 {
			continue
		}
		if p, ok := phrase(ph...); ok {
			and = append(and, p)
			for _, s := range ph {
				addLex(s)
			}
		} else {
			none = true
		}
	}
	if len(and) == 0 {
		return "", nil, none
	}
	expr = strings.Join(and, " & ")
	for _, n := range q.Not {
		if p, ok := phrase(n); ok {
			expr += " & !" + p
		}
	}
	return expr, lexemes, none
}

// searchQuery is a SearchQuery translated to SQL conditions on articles a.
type searchQuery struct {
	conds   []string
	args    []any
	match   string // the tsquery, "" when q has no positive terms
	lexemes []string
	none    bool // matches nothing
}

func (sq *searchQuery) add(cond string, args ...any) {
	for _, a := range args {
		sq.args = append(sq.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(sq.args)), 1)
	}
	sq.conds = append(sq.conds, cond)
}

// where returns " WHERE ..." or "".
func (sq *searchQuery) where() string {
	if len(sq.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(sq.conds, " AND ")
}

// next returns the placeholder for one more argument.
func (sq *searchQuery) next(arg any) string {
	sq.args = append(sq.args, arg)
	return "$" + strconv.Itoa(len(sq.args))
}

// searchSQL translates q's terms and filters (not its paging).
func searchSQL(q warta.SearchQuery) (*searchQuery, error) {
	sq := &searchQuery{}
	sq.match, sq.lexemes, sq.none = tsquery(q)
	if sq.match != "" {
		sq.add(`a.tsv @@ ?::tsquery`, sq.match)
	} else if len(q.Not) > 0 && !sq.none {
		// Only exclusions ("-kpk"): every article but those with any of
		// the words.
		var or []string
		for _, n := range q.Not {
			if p, ok := phrase(n); ok {
				or = append(or, p)
			}
		}
		if len(or) > 0 {
			sq.add(`NOT (a.tsv @@ ?::tsquery)`, strings.Join(or, " | "))
		}
	}
	if q.Outlet != "" {
		sq.add(`lower(a.outlet) = lower(?)`, q.Outlet)
	}
	if q.Language != "" {
		sq.add(`a.language = ?`, q.Language)
	}
	if !q.From.IsZero() {
		sq.add(`a.published_at >= ?`, q.From)
	}
	if !q.To.IsZero() {
		sq.add(`a.published_at < ?`, q.To)
	}
	for _, e := range q.Entities {
		if e = strings.TrimSpace(e); e != "" {
			sq.add(`a.keys && ?::text[]`, []string{"e:" + e, "n:" + strings.ToLower(e)})
		}
	}
	var types []string
	for _, t := range q.EventTypes {
		if t = strings.TrimSpace(t); t != "" {
			types = append(types, "t:"+strings.ToUpper(t))
		}
	}
	if len(types) > 0 {
		sq.add(`a.keys && ?::text[]`, types)
	}
	return sq, nil
}

// Ranking. SQLite ranks with FTS5's bm25(): per query lexeme, inverse
// document frequency times a saturating function of its frequency in the
// article, normalized by the article's length, title words weighing three
// times body words. PostgreSQL has no bm25; here each lexeme's ts_rank
// (which saturates over repeated occurrences and, with normalization 1,
// divides by the log of the length) is weighted by the same idf FTS5 uses
// and by {body 1/3, title 1}, and the lexemes' scores are summed. The
// conformance suite holds both stores to the same hits and order on its
// search cases; the parity test in this package measures agreement on a
// larger set.
const rankWeights = `'{0.3333, 0, 0, 1}'`

// idfs returns the inverse document frequency of each lexeme, as FTS5
// computes it: log((N - n + 0.5) / (n + 0.5)), at least 1e-6.
func (s *DB) idfs(ctx context.Context, lexemes []string) ([]float64, error) {
	c := &s.idf
	c.mu.Lock()
	if time.Since(c.at) > time.Minute || c.df == nil || len(c.df) > 10000 {
		c.df, c.at, c.total = map[string]float64{}, time.Now(), -1
	}
	var missing []string
	for _, l := range lexemes {
		if _, ok := c.df[l]; !ok {
			missing = append(missing, l)
		}
	}
	total := c.total
	c.mu.Unlock()
	if total < 0 {
		// The planner's estimate is exact enough for a logarithm and free;
		// a table never analyzed (a test's) is counted.
		var est float64
		if err := s.pool.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass`).Scan(&est); err != nil {
			return nil, fmt.Errorf("count articles: %w", err)
		}
		total = est
		if est < 100000 {
			var n int64
			if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
				return nil, fmt.Errorf("count articles: %w", err)
			}
			total = float64(n)
		}
	}
	got := map[string]float64{}
	for _, l := range missing {
		var n int64
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE tsv @@ $1::tsquery`, quoteLexeme(l)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count articles with %q: %w", l, err)
		}
		got[l] = float64(n)
	}
	c.mu.Lock()
	c.total = total
	for l, n := range got {
		c.df[l] = n
	}
	out := make([]float64, len(lexemes))
	for i, l := range lexemes {
		n := c.df[l]
		out[i] = max(math.Log((total-n+0.5)/(n+0.5)), 1e-6)
	}
	c.mu.Unlock()
	return out, nil
}

// forgetIDF drops the cached frequencies after writes that change them a
// lot (deletes of everything); small drifts are what the cache is for.
func (s *DB) forgetIDF() {
	s.idf.mu.Lock()
	s.idf.df = nil
	s.idf.mu.Unlock()
}

// SearchArticles implements warta.ArticleStore.
func (s *DB) SearchArticles(ctx context.Context, q warta.SearchQuery) (*warta.SearchResult, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	} else if q.Limit > 200 {
		q.Limit = 200
	}
	if q.Offset < 0 {
		return nil, warta.Errorf(warta.EINVALID, "negative offset")
	}
	sq, err := searchSQL(q)
	if err != nil {
		return nil, err
	}
	res := &warta.SearchResult{}
	if sq.none {
		return res, nil
	}
	cond := sq.where()
	countArgs := len(sq.args)
	if sq.match == "" {
		// Listing: the count rides an index; the page is the first rows
		// of the listing index.
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles a`+cond, sq.args...).Scan(&res.Total); err != nil {
			return nil, fmt.Errorf("count search: %w", err)
		}
		if res.Total == 0 {
			return res, nil
		}
	}
	total := `0::bigint`
	score := `0.0::float8`
	order := `a.published_at DESC NULLS LAST, a.seq DESC`
	if sq.match != "" {
		idf, err := s.idfs(ctx, sq.lexemes)
		if err != nil {
			return nil, err
		}
		var terms []string
		for i, l := range sq.lexemes {
			terms = append(terms, sq.next(idf[i])+`::float8 * ts_rank(`+rankWeights+`, a.tsv, `+sq.next(quoteLexeme(l))+`::tsquery, 1)`)
		}
		score = strings.Join(terms, " + ")
		order = `score DESC, a.seq`
		// Ranking reads every hit anyway: count them in the same pass.
		total = `count(*) OVER ()`
	}
	// The page is chosen from keys and scores alone; only its rows'
	// articles are read (and decompressed) afterwards.
	limit, offset := sq.next(q.Limit), sq.next(q.Offset)
	rows, err := s.pool.Query(ctx, `SELECT b.data::text, b.published_at, t.score, t.total FROM
		(SELECT a.seq, `+score+` AS score, `+total+` AS total FROM articles a`+cond+` ORDER BY `+order+` LIMIT `+limit+` OFFSET `+offset+`) t
		JOIN articles b ON b.seq = t.seq ORDER BY t.score DESC, `+strings.ReplaceAll(strings.TrimPrefix(order, "score DESC, "), "a.", "b.")+``,
		sq.args...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", sq.match, err)
	}
	defer rows.Close()
	for rows.Next() {
		var data string
		var published *time.Time
		var sc float64
		var total int
		if err := rows.Scan(&data, &published, &sc, &total); err != nil {
			return nil, fmt.Errorf("scan search hit: %w", err)
		}
		if sq.match != "" {
			res.Total = total
		}
		a, err := decodeArticle(data, published)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, warta.SearchHit{Article: a, Score: sc})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", sq.match, err)
	}
	if sq.match != "" && len(res.Hits) == 0 && q.Offset > 0 {
		// A page past the end carries no count: ask for it.
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles a`+cond, sq.args[:countArgs]...).Scan(&res.Total); err != nil {
			return nil, fmt.Errorf("count search %q: %w", sq.match, err)
		}
	}
	return res, nil
}

// EachArticle implements warta.ArticleStore, walking articles in store
// order with keyset paging.
func (s *DB) EachArticle(ctx context.Context, q warta.SearchQuery, fn func(*warta.Article) error) error {
	sq, err := searchSQL(q)
	if err != nil {
		return err
	}
	if sq.none {
		return nil
	}
	sq.add(`a.seq > ?`, int64(0))
	after := len(sq.args) - 1
	query := `SELECT a.seq, a.data::text, a.published_at FROM articles a` + sq.where() + ` ORDER BY a.seq LIMIT ` + sq.next(pageSize)
	for {
		var page []*warta.Article
		var last int64
		rows, err := s.pool.Query(ctx, query, sq.args...)
		if err != nil {
			return fmt.Errorf("list articles: %w", err)
		}
		for rows.Next() {
			var data string
			var published *time.Time
			if err := rows.Scan(&last, &data, &published); err != nil {
				rows.Close()
				return fmt.Errorf("scan article: %w", err)
			}
			a, err := decodeArticle(data, published)
			if err != nil {
				rows.Close()
				return err
			}
			page = append(page, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list articles: %w", err)
		}
		for _, a := range page {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(page) < pageSize {
			return nil
		}
		sq.args[after] = last
	}
}
