package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/warta-news/warta"
)

// The read model's rows are written by the articles_read_model trigger
// (migration 0003); these read them.

// EntityArticles implements warta.EntityIndex.
func (s *DB) EntityArticles(ctx context.Context, id string, offset, limit int) (int, []string, error) {
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM entity_rows WHERE entity_id = $1`, id).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count articles of %s: %w", id, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT a.id FROM entity_rows r JOIN articles a ON a.seq = r.article_seq
		WHERE r.entity_id = $1 ORDER BY r.published_at DESC NULLS LAST, r.article_seq DESC LIMIT $2 OFFSET $3`, id, limit, offset)
	if err != nil {
		return 0, nil, fmt.Errorf("articles of %s: %w", id, err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var aid string
		if err := rows.Scan(&aid); err != nil {
			return 0, nil, fmt.Errorf("articles of %s: %w", id, err)
		}
		ids = append(ids, aid)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("articles of %s: %w", id, err)
	}
	return total, ids, nil
}

// CoMentions implements warta.EntityIndex.
func (s *DB) CoMentions(ctx context.Context, id string, within, limit int) ([]warta.CoMention, error) {
	var recent any // NULL: no limit
	if within > 0 {
		recent = within
	}
	rows, err := s.pool.Query(ctx, `WITH recent AS (SELECT article_seq FROM entity_rows WHERE entity_id = $1
			ORDER BY published_at IS NULL, published_at DESC, article_seq DESC LIMIT $2)
		SELECT o.entity_id, MAX(o.name), COUNT(*) AS n
		FROM recent r JOIN entity_rows o ON o.article_seq = r.article_seq AND o.entity_id <> $1
		GROUP BY o.entity_id ORDER BY n DESC, o.entity_id LIMIT $3`, id, recent, limit)
	if err != nil {
		return nil, fmt.Errorf("co-mentions of %s: %w", id, err)
	}
	defer rows.Close()
	out := []warta.CoMention{}
	for rows.Next() {
		var c warta.CoMention
		if err := rows.Scan(&c.ID, &c.Name, &c.Articles); err != nil {
			return nil, fmt.Errorf("co-mentions of %s: %w", id, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("co-mentions of %s: %w", id, err)
	}
	return out, nil
}

// SpeakerQuotes implements warta.EntityIndex.
func (s *DB) SpeakerQuotes(ctx context.Context, id string, names []string, offset, limit int) (int, []warta.QuoteAt, error) {
	cond, args := `(speaker_id = $1`, []any{id}
	var lower []string
	for _, n := range names {
		if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
			lower = append(lower, n)
		}
	}
	if len(lower) > 0 {
		args = append(args, lower)
		cond += ` OR (speaker_id = '' OR speaker_id LIKE 'x:%') AND speaker = ANY($2)`
	}
	cond += `)`
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM quote_rows WHERE `+cond, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count quotes of %s: %w", id, err)
	}
	n := len(args)
	rows, err := s.pool.Query(ctx, `SELECT a.id, q.idx FROM quote_rows q JOIN articles a ON a.seq = q.article_seq
		WHERE `+cond+` ORDER BY q.published_at DESC NULLS LAST, q.article_seq DESC, q.idx
		LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, limit, offset)...)
	if err != nil {
		return 0, nil, fmt.Errorf("quotes of %s: %w", id, err)
	}
	defer rows.Close()
	out := []warta.QuoteAt{}
	for rows.Next() {
		var q warta.QuoteAt
		if err := rows.Scan(&q.ArticleID, &q.Index); err != nil {
			return 0, nil, fmt.Errorf("quotes of %s: %w", id, err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("quotes of %s: %w", id, err)
	}
	return total, out, nil
}

// ListEvents implements warta.EventLister, as SQLite's does: dates and IDs
// ride events_date, type and outlet are read from the JSON by the server.
func (s *DB) ListEvents(ctx context.Context, f warta.EventFilter, offset, limit int) (int, []*warta.EventRecord, error) {
	where, args := eventWhere(f)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE `+where, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count events: %w", err)
	}
	n := len(args)
	evs, err := s.queryEventsKeyed(ctx, `SELECT date, id, data::text FROM events WHERE `+where+`
		ORDER BY date = '', date DESC, id LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, limit, offset)...)
	if err != nil {
		return 0, nil, err
	}
	if evs == nil {
		evs = []*warta.EventRecord{}
	}
	return total, evs, nil
}

// ListStories implements warta.EventLister.
func (s *DB) ListStories(ctx context.Context, f warta.EventFilter, offset, limit int) (int, []string, error) {
	where, args := eventWhere(f)
	group := `SELECT story_id, MAX(date) AS last FROM events WHERE story_id <> '' GROUP BY story_id
		HAVING bool_or(` + where + `)`
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM (`+group+`) g`, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count stories: %w", err)
	}
	n := len(args)
	rows, err := s.pool.Query(ctx, group+` ORDER BY MAX(date) = '', MAX(date) DESC, story_id LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(args, limit, offset)...)
	if err != nil {
		return 0, nil, fmt.Errorf("list stories: %w", err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id, last string
		if err := rows.Scan(&id, &last); err != nil {
			return 0, nil, fmt.Errorf("list stories: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("list stories: %w", err)
	}
	return total, ids, nil
}

// eventWhere is the SQL condition (and its arguments, $1 on) of an event
// filter.
func eventWhere(f warta.EventFilter) (string, []any) {
	cond, args := []string{"true"}, []any{}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.From != "" {
		cond = append(cond, `date <> '' AND date >= `+arg(f.From))
	}
	if f.To != "" {
		cond = append(cond, `date <> '' AND date < `+arg(f.To+"~"))
	}
	if len(f.Types) > 0 {
		var up []string
		for _, t := range f.Types {
			up = append(up, strings.ToUpper(t))
		}
		cond = append(cond, `upper(data->>'type') = ANY(`+arg(up)+`)`)
	}
	if o := strings.ToLower(strings.TrimSpace(f.Outlet)); o != "" {
		c := `lower(r->>'outlet') = ` + arg(o)
		if !strings.Contains(o, ".") {
			c += ` OR lower(r->>'outlet') LIKE ` + arg(likeEscape(o)+".%")
		}
		cond = append(cond, `EXISTS (SELECT 1 FROM json_array_elements(CASE WHEN json_typeof(events.data->'reports') = 'array'
			THEN events.data->'reports' ELSE '[]'::json END) r WHERE `+c+`)`)
	}
	return "(" + strings.Join(cond, " AND ") + ")", args
}

// likeEscape escapes LIKE's wildcards (and the escape) in s.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
