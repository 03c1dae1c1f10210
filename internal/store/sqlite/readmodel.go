package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/warta-news/warta"
)

// putReadModel rewrites the read-model rows of the article stored at seq.
func putReadModel(ctx context.Context, tx *sql.Tx, seq int64, a *warta.Article) error {
	for _, q := range []string{`DELETE FROM entity_rows WHERE article_seq = ?`, `DELETE FROM quote_rows WHERE article_seq = ?`} {
		if _, err := tx.ExecContext(ctx, q, seq); err != nil {
			return fmt.Errorf("clear read model of %s: %w", a.ID, err)
		}
	}
	var published any
	if !a.PublishedAt.IsZero() {
		published = a.PublishedAt.Unix()
	}
	seen := map[string]bool{}
	for _, e := range a.Entities {
		if e.ID == "" || seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO entity_rows (entity_id, article_seq, name, type, published_at) VALUES (?, ?, ?, ?, ?)`,
			e.ID, seq, e.Name, string(e.Type), published); err != nil {
			return fmt.Errorf("index entity %s of %s: %w", e.ID, a.ID, err)
		}
	}
	for i, q := range a.Quotes {
		if q.Speaker == nil && q.SpeakerID == "" {
			continue // nobody to find it by
		}
		speaker := ""
		if q.Speaker != nil {
			speaker = strings.ToLower(*q.Speaker)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO quote_rows (article_seq, idx, speaker_id, speaker, published_at) VALUES (?, ?, ?, ?, ?)`,
			seq, i, q.SpeakerID, speaker, published); err != nil {
			return fmt.Errorf("index quote %d of %s: %w", i, a.ID, err)
		}
	}
	return nil
}

// backfillReadModel fills the read model for the articles stored before
// it existed, in pages, inside the migration's transaction.
func backfillReadModel(ctx context.Context, tx *sql.Tx) error {
	var last int64
	for {
		rows, err := tx.QueryContext(ctx, `SELECT seq, data, published_at FROM articles WHERE seq > ? ORDER BY seq LIMIT 500`, last)
		if err != nil {
			return fmt.Errorf("list articles: %w", err)
		}
		type row struct {
			seq int64
			a   *warta.Article
		}
		var page []row
		for rows.Next() {
			var r row
			var data string
			var published sql.NullInt64
			if err := rows.Scan(&r.seq, &data, &published); err != nil {
				rows.Close()
				return fmt.Errorf("scan article: %w", err)
			}
			if r.a, err = decodeArticle(data, published); err != nil {
				rows.Close()
				return err
			}
			page = append(page, r)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("list articles: %w", err)
		}
		for _, r := range page {
			if err := putReadModel(ctx, tx, r.seq, r.a); err != nil {
				return err
			}
			last = r.seq
		}
		if len(page) < 500 {
			return nil
		}
	}
}

// EntityArticles implements warta.EntityIndex.
func (s *DB) EntityArticles(ctx context.Context, id string, offset, limit int) (int, []string, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM entity_rows WHERE entity_id = ?`, id).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count articles of %s: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id FROM entity_rows r JOIN articles a ON a.seq = r.article_seq
		WHERE r.entity_id = ? ORDER BY r.published_at IS NULL, r.published_at DESC, r.article_seq DESC LIMIT ? OFFSET ?`, id, limit, offset)
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
	if within <= 0 {
		within = -1 // SQLite: no limit
	}
	// SQLite sorts NULL below every value, so DESC puts undated articles
	// last and the newest articles come straight off entity_rows_recent.
	rows, err := s.db.QueryContext(ctx, `WITH recent AS (SELECT article_seq FROM entity_rows WHERE entity_id = ?
			ORDER BY published_at DESC, article_seq DESC LIMIT ?)
		SELECT o.entity_id, MAX(o.name), COUNT(*) AS n
		FROM recent r JOIN entity_rows o ON o.article_seq = r.article_seq AND o.entity_id != ?
		GROUP BY o.entity_id ORDER BY n DESC, o.entity_id LIMIT ?`, id, within, id, limit)
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
	cond, args := speakerCond(id, names)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM quote_rows WHERE `+cond, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count quotes of %s: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, q.idx FROM quote_rows q JOIN articles a ON a.seq = q.article_seq
		WHERE `+cond+` ORDER BY q.published_at IS NULL, q.published_at DESC, q.article_seq DESC, q.idx LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
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

// speakerCond selects the quotes of entity id, and those whose speaker is
// written as one of names and linked to nothing or only to an entity
// articles name ("x:"), as a store built before the resolver has them.
func speakerCond(id string, names []string) (string, []any) {
	cond, args := `(speaker_id = ?`, []any{id}
	var lower []string
	for _, n := range names {
		if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
			lower = append(lower, n)
		}
	}
	if len(lower) > 0 {
		cond += ` OR (speaker_id = '' OR speaker_id LIKE 'x:%') AND speaker IN (?` + strings.Repeat(", ?", len(lower)-1) + `)`
		for _, n := range lower {
			args = append(args, n)
		}
	}
	return cond + `)`, args
}

// ListEvents implements warta.EventLister. Dates and IDs ride the
// events_date index; type and outlet are read from the event's JSON by
// SQLite itself, which costs far less than decoding every event in Go.
func (s *DB) ListEvents(ctx context.Context, f warta.EventFilter, offset, limit int) (int, []*warta.EventRecord, error) {
	where, args := eventWhere(f)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE `+where, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count events: %w", err)
	}
	evs, err := s.queryEventsKeyed(ctx, `SELECT date, id, data FROM events WHERE `+where+`
		ORDER BY date = '', date DESC, id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
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
	group := `SELECT story_id, MAX(date) AS last FROM events WHERE story_id != '' GROUP BY story_id
		HAVING SUM(CASE WHEN ` + where + ` THEN 1 ELSE 0 END) > 0`
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+group+`)`, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count stories: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, group+` ORDER BY last = '', last DESC, story_id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
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

// eventWhere is the SQL condition (and its arguments) of an event filter.
func eventWhere(f warta.EventFilter) (string, []any) {
	cond, args := []string{"1"}, []any{}
	if f.From != "" {
		cond, args = append(cond, `date != '' AND date >= ?`), append(args, f.From)
	}
	if f.To != "" {
		// "2019-09-16T10:00" is still on the 16th: below the day and "~".
		cond, args = append(cond, `date != '' AND date < ?`), append(args, f.To+"~")
	}
	if len(f.Types) > 0 {
		cond = append(cond, `upper(json_extract(data, '$.type')) IN (?`+strings.Repeat(", ?", len(f.Types)-1)+`)`)
		for _, t := range f.Types {
			args = append(args, strings.ToUpper(t))
		}
	}
	if o := strings.ToLower(strings.TrimSpace(f.Outlet)); o != "" {
		c := `lower(json_extract(r.value, '$.outlet')) = ?`
		args = append(args, o)
		if !strings.Contains(o, ".") {
			c += ` OR lower(json_extract(r.value, '$.outlet')) LIKE ? ESCAPE '\'`
			args = append(args, likeEscape(o)+".%")
		}
		cond = append(cond, `EXISTS (SELECT 1 FROM json_each(events.data, '$.reports') r WHERE `+c+`)`)
	}
	return "(" + strings.Join(cond, " AND ") + ")", args
}

// likeEscape escapes LIKE's wildcards (and the escape) in s.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
