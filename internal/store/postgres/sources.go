package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warta-news/warta"
)

var _ warta.SourceStore = (*DB)(nil)

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func fromNull(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// AddSource implements warta.SourceStore.
func (s *DB) AddSource(ctx context.Context, src *warta.Source) error {
	if err := src.Validate(); err != nil {
		return err
	}
	if src.AddedAt.IsZero() {
		src.AddedAt = s.Now().UTC()
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO sources (url, kind, outlet, every_ms, etag, last_modified, last_fetched,
		last_result, failures, next_at, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (url) DO NOTHING RETURNING id`,
		src.URL, string(src.Kind), src.Outlet, src.Every.Milliseconds(), src.ETag, src.LastModified, nullTime(src.LastFetched),
		src.LastResult, src.Failures, nullTime(src.NextAt), src.AddedAt.UTC()).Scan(&src.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return warta.Errorf(warta.ECONFLICT, "source %s exists", src.URL)
	} else if err != nil {
		return fmt.Errorf("insert source %s: %w", src.URL, err)
	}
	return nil
}

// Sources implements warta.SourceStore.
func (s *DB) Sources(ctx context.Context) ([]*warta.Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, url, kind, outlet, every_ms, etag, last_modified, last_fetched,
		last_result, failures, next_at, added_at FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []*warta.Source
	for rows.Next() {
		var src warta.Source
		var kind string
		var fetched, next *time.Time
		var every int64
		if err := rows.Scan(&src.ID, &src.URL, &kind, &src.Outlet, &every, &src.ETag, &src.LastModified, &fetched,
			&src.LastResult, &src.Failures, &next, &src.AddedAt); err != nil {
			return nil, fmt.Errorf("scan source: %w", err)
		}
		src.Kind, src.Every = warta.SourceKind(kind), time.Duration(every)*time.Millisecond
		src.LastFetched, src.NextAt, src.AddedAt = fromNull(fetched), fromNull(next), src.AddedAt.UTC()
		out = append(out, &src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// UpdateSource implements warta.SourceStore.
func (s *DB) UpdateSource(ctx context.Context, src *warta.Source) error {
	if err := src.Validate(); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE sources SET kind = $1, outlet = $2, every_ms = $3, etag = $4, last_modified = $5,
		last_fetched = $6, last_result = $7, failures = $8, next_at = $9 WHERE id = $10`,
		string(src.Kind), src.Outlet, src.Every.Milliseconds(), src.ETag, src.LastModified, nullTime(src.LastFetched),
		src.LastResult, src.Failures, nullTime(src.NextAt), src.ID)
	if err != nil {
		return fmt.Errorf("update source %d: %w", src.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return warta.Errorf(warta.ENOTFOUND, "source %d not found", src.ID)
	}
	return nil
}

// RemoveSource implements warta.SourceStore.
func (s *DB) RemoveSource(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("remove source %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return warta.Errorf(warta.ENOTFOUND, "source %d not found", id)
	}
	return nil
}

// SeenURL implements warta.SourceStore.
func (s *DB) SeenURL(ctx context.Context, url string) (bool, error) {
	var seen bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM fetched_urls WHERE url = $1)`, url).Scan(&seen); err != nil {
		return false, fmt.Errorf("look up fetched url: %w", err)
	}
	return seen, nil
}

// MarkURL implements warta.SourceStore.
func (s *DB) MarkURL(ctx context.Context, url, docID string) error {
	if strings.TrimSpace(url) == "" {
		return warta.Errorf(warta.EINVALID, "empty url")
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO fetched_urls (url, doc_id, at) VALUES ($1, $2, $3)
		ON CONFLICT (url) DO UPDATE SET doc_id = CASE WHEN excluded.doc_id != '' THEN excluded.doc_id ELSE fetched_urls.doc_id END, at = excluded.at`,
		url, docID, s.Now().UTC())
	if err != nil {
		return fmt.Errorf("mark fetched url: %w", err)
	}
	return nil
}
