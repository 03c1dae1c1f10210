package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
// event-type filters read article_keys, so they cost an index lookup, not
// a scan of every article's JSON.
func searchSQL(q warta.SearchQuery) (*searchQuery, error) {
	sq := &searchQuery{from: `articles a`, match: matchExpr(q)}
	if sq.match != "" {
		sq.from = `articles_fts f JOIN articles a ON a.seq = f.rowid`
		sq.add(`articles_fts MATCH ?`, sq.match)
	} else if not := notExpr(q.Not); not != "" {
		// Only exclusions ("-kpk"): every article but those with any of
		// the words.
		sq.add(`a.seq NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)`, not)
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
	if m := keysMatch(q); m != "" {
		sq.add(`a.seq IN (SELECT rowid FROM article_keys WHERE article_keys MATCH ?)`, m)
	}
	return sq, nil
}

// keyToken writes a filter key as one token of hex digits: the tokenizer
// would split "e:per:sugiono" into three words.
func keyToken(key string) string { return hex.EncodeToString([]byte(key)) }

// keysMatch is the article_keys MATCH expression for q's entities (all of
// them, each by ID or by name) and event types (any of them), or "".
func keysMatch(q warta.SearchQuery) string {
	var and []string
	for _, e := range q.Entities {
		if e = strings.TrimSpace(e); e != "" {
			and = append(and, `("`+keyToken("e:"+e)+`" OR "`+keyToken("n:"+strings.ToLower(e))+`")`)
		}
	}
	var or []string
	for _, t := range q.EventTypes {
		if t = strings.TrimSpace(t); t != "" {
			or = append(or, `"`+keyToken("t:"+strings.ToUpper(t))+`"`)
		}
	}
	if len(or) > 0 {
		and = append(and, "("+strings.Join(or, " OR ")+")")
	}
	return strings.Join(and, " AND ")
}

// putArticleKeys replaces the filter keys of the article at seq: its
// entities by ID and by name, and the types of the events it reports.
func putArticleKeys(ctx context.Context, tx *sql.Tx, seq int64, a *warta.Article) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM article_keys WHERE rowid = ?`, seq); err != nil {
		return fmt.Errorf("unindex keys of %s: %w", a.ID, err)
	}
	seen := map[string]bool{}
	var b strings.Builder
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(keyToken(k))
		}
	}
	for _, e := range a.Entities {
		if e.ID != "" {
			add("e:" + e.ID)
		}
		if e.Name != "" {
			add("n:" + strings.ToLower(e.Name))
		}
	}
	for _, e := range a.Events {
		if e.Type != "" {
			add("t:" + strings.ToUpper(e.Type))
		}
	}
	if b.Len() == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO article_keys (rowid, keys) VALUES (?, ?)`, seq, b.String()); err != nil {
		return fmt.Errorf("index keys of %s: %w", a.ID, err)
	}
	return nil
}

// backfillArticleKeys indexes the articles stored before article_keys
// existed, in pages, inside the migration's transaction.
func backfillArticleKeys(ctx context.Context, tx *sql.Tx) error {
	var last int64
	for {
		rows, err := tx.QueryContext(ctx, `SELECT seq, data FROM articles WHERE seq > ? ORDER BY seq LIMIT 500`, last)
		if err != nil {
			return fmt.Errorf("list articles: %w", err)
		}
		// Only the fields the keys need: decoding whole articles
		// (paragraphs, clutter, dates) would triple the upgrade's time.
		type row struct {
			seq int64
			a   warta.Article
		}
		var slim struct {
			Entities []struct{ ID, Name string }
			Events   []struct{ Type string }
		}
		var page []row
		for rows.Next() {
			var r row
			var data string
			if err := rows.Scan(&r.seq, &data); err != nil {
				rows.Close()
				return fmt.Errorf("scan article: %w", err)
			}
			slim.Entities, slim.Events = nil, nil
			if err := json.Unmarshal([]byte(data), &slim); err != nil {
				rows.Close()
				return fmt.Errorf("decode article %d: %w", r.seq, err)
			}
			for _, e := range slim.Entities {
				r.a.Entities = append(r.a.Entities, warta.Entity{ID: e.ID, Name: e.Name})
			}
			for _, e := range slim.Events {
				r.a.Events = append(r.a.Events, warta.Event{Type: e.Type})
			}
			page = append(page, r)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("list articles: %w", err)
		}
		for i := range page {
			if err := putArticleKeys(ctx, tx, page[i].seq, &page[i].a); err != nil {
				return err
			}
			last = page[i].seq
		}
		if len(page) < 500 {
			return nil
		}
	}
}
