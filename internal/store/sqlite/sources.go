package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/warta-news/warta"
)

var _ warta.SourceStore = (*DB)(nil)

// timeText stores a time as RFC 3339 in UTC, "" for the zero time.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTimeText(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// AddSource implements warta.SourceStore.
func (s *DB) AddSource(ctx context.Context, src *warta.Source) error {
	if err := src.Validate(); err != nil {
		return err
	}
	if src.AddedAt.IsZero() {
		src.AddedAt = s.Now().UTC()
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO sources (url, kind, outlet, every_ms, etag, last_modified, last_fetched,
		last_result, failures, next_at, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`,
		src.URL, string(src.Kind), src.Outlet, src.Every.Milliseconds(), src.ETag, src.LastModified, timeText(src.LastFetched),
		src.LastResult, src.Failures, timeText(src.NextAt), timeText(src.AddedAt))
	if err != nil {
		return fmt.Errorf("insert source %s: %w", src.URL, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ECONFLICT, "source %s exists", src.URL)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert source %s: %w", src.URL, err)
	}
	src.ID = id
	return nil
}

// Sources implements warta.SourceStore.
func (s *DB) Sources(ctx context.Context) ([]*warta.Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, url, kind, outlet, every_ms, etag, last_modified, last_fetched,
		last_result, failures, next_at, added_at FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []*warta.Source
	for rows.Next() {
		var src warta.Source
		var kind, fetched, next, added string
		var every int64
		if err := rows.Scan(&src.ID, &src.URL, &kind, &src.Outlet, &every, &src.ETag, &src.LastModified, &fetched,
			&src.LastResult, &src.Failures, &next, &added); err != nil {
			return nil, fmt.Errorf("scan source: %w", err)
		}
		src.Kind, src.Every = warta.SourceKind(kind), time.Duration(every)*time.Millisecond
		src.LastFetched, src.NextAt, src.AddedAt = parseTimeText(fetched), parseTimeText(next), parseTimeText(added)
		out = append(out, &src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// UpdateSource implements warta.SourceStore. It saves the poll state and
// the settings (kind, outlet, interval); the URL and ID stay.
func (s *DB) UpdateSource(ctx context.Context, src *warta.Source) error {
	if err := src.Validate(); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE sources SET kind = ?, outlet = ?, every_ms = ?, etag = ?, last_modified = ?,
		last_fetched = ?, last_result = ?, failures = ?, next_at = ? WHERE id = ?`,
		string(src.Kind), src.Outlet, src.Every.Milliseconds(), src.ETag, src.LastModified, timeText(src.LastFetched),
		src.LastResult, src.Failures, timeText(src.NextAt), src.ID)
	if err != nil {
		return fmt.Errorf("update source %d: %w", src.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENOTFOUND, "source %d not found", src.ID)
	}
	return nil
}

// RemoveSource implements warta.SourceStore. The URLs fetched through it
// stay recorded: adding the source again does not fetch them again.
func (s *DB) RemoveSource(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("remove source %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENOTFOUND, "source %d not found", id)
	}
	return nil
}

// SeenURL implements warta.SourceStore.
func (s *DB) SeenURL(ctx context.Context, url string) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM fetched_urls WHERE url = ?`, url).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("look up fetched url: %w", err)
	}
	return true, nil
}

// MarkURL implements warta.SourceStore. Marking again replaces the
// document: a URL that failed and was later fetched gets its document.
func (s *DB) MarkURL(ctx context.Context, url, docID string) error {
	if strings.TrimSpace(url) == "" {
		return warta.Errorf(warta.EINVALID, "empty url")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO fetched_urls (url, doc_id, at) VALUES (?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET doc_id = CASE WHEN excluded.doc_id != '' THEN excluded.doc_id ELSE fetched_urls.doc_id END, at = excluded.at`,
		url, docID, timeText(s.Now()))
	if err != nil {
		return fmt.Errorf("mark fetched url: %w", err)
	}
	return nil
}
