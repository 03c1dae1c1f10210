package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/warta-news/warta"
)

var _ warta.BatchCommitter = (*DB)(nil)

// Generation implements warta.BatchCommitter.
func (s *DB) Generation(ctx context.Context) (int64, error) {
	var v string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM store_state WHERE key = 'gen'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read generation: %w", err)
	}
	return strconv.ParseInt(v, 10, 64)
}

// nextGen moves the generation on in tx and returns the new one.
func nextGen(ctx context.Context, tx *sql.Tx) (int64, error) {
	var v string
	if err := tx.QueryRowContext(ctx, `UPDATE store_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'gen' RETURNING value`).Scan(&v); err != nil {
		return 0, fmt.Errorf("next generation: %w", err)
	}
	return strconv.ParseInt(v, 10, 64)
}

// StoredDocuments implements warta.BatchCommitter.
func (s *DB) StoredDocuments(ctx context.Context, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 400)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT id FROM documents WHERE id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("find stored documents: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan document id: %w", err)
			}
			out[id] = true
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("find stored documents: %w", err)
		}
	}
	return out, nil
}

// CommitBatch implements warta.BatchCommitter. The transaction starts
// with the write lock (_txlock=immediate), so the generation check and
// the writes cannot interleave with another process's batch.
func (s *DB) CommitBatch(ctx context.Context, b *warta.Batch) (int64, error) {
	for _, d := range b.Documents {
		if err := d.Validate(); err != nil {
			return 0, err
		}
	}
	for _, a := range b.Articles {
		if err := a.Validate(); err != nil {
			return 0, err
		}
	}
	var gen int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var v string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM store_state WHERE key = 'gen'`).Scan(&v); err != nil {
			return fmt.Errorf("read generation: %w", err)
		}
		if v != strconv.FormatInt(b.Gen, 10) {
			return warta.Errorf(warta.ECONFLICT, "the store moved on from generation %d to %s while the batch was analyzed", b.Gen, v)
		}
		created, err := putDocuments(ctx, tx, b.Documents, s.Now().UTC())
		if err != nil {
			return err
		}
		for i, d := range b.Documents {
			if i < len(b.New) && b.New[i] && !created[i] {
				return warta.Errorf(warta.ECONFLICT, "document %s was stored while the batch was analyzed", d.ID)
			}
		}
		for outlet, l := range b.Lines {
			if err := addLines(ctx, tx, outlet, l.Counts, l.Pages); err != nil {
				return err
			}
		}
		if err := s.putArticles(ctx, tx, b.Articles); err != nil {
			return err
		}
		if err := putClusterBatch(ctx, tx, b.Signatures, b.Events); err != nil {
			return err
		}
		if err := addProblems(ctx, tx, b.Problems, s.Now().UTC()); err != nil {
			return err
		}
		if b.Reprocess && len(b.Documents) > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE store_state SET value = ? WHERE key = 'reprocess_after'`,
				b.Documents[len(b.Documents)-1].ID); err != nil {
				return fmt.Errorf("record reprocess progress: %w", err)
			}
		}
		gen, err = nextGen(ctx, tx)
		return err
	})
	return gen, err
}

// BeginReprocess implements warta.BatchCommitter.
func (s *DB) BeginReprocess(ctx context.Context) (string, error) {
	var after string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM store_state WHERE key = 'reprocess_after'`).Scan(&after)
		if err == nil {
			return nil // resume
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read reprocess state: %w", err)
		}
		if err := deleteDerived(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO store_state (key, value) VALUES ('reprocess_after', '')`); err != nil {
			return fmt.Errorf("record reprocess: %w", err)
		}
		return nil
	})
	return after, err
}

// PendingReprocess implements warta.BatchCommitter.
func (s *DB) PendingReprocess(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM store_state WHERE key = 'reprocess_after'`).Scan(&n); err != nil {
		return false, fmt.Errorf("read reprocess state: %w", err)
	}
	return n > 0, nil
}

// EndReprocess implements warta.BatchCommitter.
func (s *DB) EndReprocess(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM store_state WHERE key = 'reprocess_after'`); err != nil {
		return fmt.Errorf("end reprocess: %w", err)
	}
	return nil
}

// EachDocumentAfter implements warta.BatchCommitter.
func (s *DB) EachDocumentAfter(ctx context.Context, after string, fn func(*warta.Document) error) error {
	var seq int64
	if after != "" {
		err := s.db.QueryRowContext(ctx, `SELECT seq FROM documents WHERE id = ?`, after).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			return warta.Errorf(warta.ENOTFOUND, "document %s not found", after)
		} else if err != nil {
			return fmt.Errorf("find document %s: %w", after, err)
		}
	}
	return s.eachDocument(ctx, seq, fn)
}
