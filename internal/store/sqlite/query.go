package sqlite

import (
	"strings"

	"github.com/warta-news/warta"
)

// searchQuery is a SearchQuery translated to SQL: the tables to read (a is
// articles) and the conditions with their arguments.
type searchQuery struct {
	from  string
	conds []string
	args  []any
	match string // the FTS5 expression, "" when q has no positive terms
}

func (sq *searchQuery) add(cond string, args ...any) {
	sq.conds = append(sq.conds, cond)
	sq.args = append(sq.args, args...)
}

// where returns " WHERE ..." or "".
func (sq *searchQuery) where() string {
	if len(sq.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(sq.conds, " AND ")
}

// searchSQL translates q's terms and filters (not its paging). Entity and
// event-type filters read the article JSON: there is no entity index, so
// they cost a JSON scan of each candidate, which the other conditions
// narrow first.
func searchSQL(q warta.SearchQuery) (*searchQuery, error) {
	sq := &searchQuery{from: `articles a`, match: matchExpr(q)}
	if sq.match != "" {
		sq.from = `articles_fts f JOIN articles a ON a.seq = f.rowid`
		sq.add(`articles_fts MATCH ?`, sq.match)
	} else if len(q.Not) > 0 {
		return nil, warta.Errorf(warta.EINVALID, "a query cannot consist of exclusions only")
	}
	if q.Outlet != "" {
		sq.add(`a.outlet = ? COLLATE NOCASE`, q.Outlet)
	}
	if q.Language != "" {
		sq.add(`a.language = ?`, q.Language)
	}
	if !q.From.IsZero() {
		sq.add(`a.published_at >= ?`, q.From.Unix())
	}
	if !q.To.IsZero() {
		sq.add(`a.published_at < ?`, q.To.Unix())
	}
	for _, e := range q.Entities {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		sq.add(`EXISTS (SELECT 1 FROM json_each(a.data, '$.entities') je
			WHERE json_extract(je.value, '$.id') = ? OR lower(json_extract(je.value, '$.name')) = ?)`, e, strings.ToLower(e))
	}
	var types []string
	for _, t := range q.EventTypes {
		if t = strings.TrimSpace(t); t != "" {
			types = append(types, t)
		}
	}
	if len(types) > 0 {
		ph := strings.Repeat("?,", len(types))
		cond := `EXISTS (SELECT 1 FROM json_each(a.data, '$.events') jv
			WHERE upper(json_extract(jv.value, '$.type')) IN (` + ph[:len(ph)-1] + `))`
		var args []any
		for _, t := range types {
			args = append(args, strings.ToUpper(t))
		}
		sq.add(cond, args...)
	}
	return sq, nil
}
