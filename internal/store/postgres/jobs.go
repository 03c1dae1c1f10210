package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warta-news/warta"
)

// What the workers (internal/queue) need beyond warta.Store: writes that
// commit together with the jobs they enqueue, and clustering that stays
// correct while several workers add reports at once.

// PutDocumentsThen stores documents as PutDocuments does and calls then
// in the same transaction with which of them were new, so that the jobs
// analyzing them are enqueued if and only if the documents are stored.
func (s *DB) PutDocumentsThen(ctx context.Context, ds []*warta.Document, then func(ctx context.Context, tx pgx.Tx, created []bool) error) ([]bool, error) {
	var created []bool
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if created, err = s.putDocuments(ctx, tx, ds); err != nil {
			return err
		}
		return then(ctx, tx, created)
	})
	return created, err
}

// Documents returns the documents with the given IDs in ingest order;
// IDs not stored are left out.
func (s *DB) Documents(ctx context.Context, ids []string) ([]*warta.Document, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+docColumns+` FROM documents WHERE id = ANY($1) ORDER BY seq`, ids)
	if err != nil {
		return nil, fmt.Errorf("get documents: %w", err)
	}
	defer rows.Close()
	var out []*warta.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("scan document: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// LineBatch is one outlet's page-line counts from a batch of documents.
type LineBatch struct {
	Counts map[uint64]int
	Pages  int
}

// Analysis is what analyzing a batch of documents produced.
type Analysis struct {
	Docs     []string // the documents analyzed, whether or not they gave an article
	Lines    map[string]LineBatch
	Articles []*warta.Article
	Problems []warta.Problem
}

// CommitAnalysis stores an analysis in one transaction, with then (which
// enqueues the next jobs) in it too. Line counts are added only for the
// first commit of a document: a job retried after its commit went through
// stores the same articles again, harmlessly, but does not count its
// pages twice. It reports whether the lines were counted.
func (s *DB) CommitAnalysis(ctx context.Context, an *Analysis, then func(ctx context.Context, tx pgx.Tx) error) (bool, error) {
	counted := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO analyzed_docs (doc_id) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT DO NOTHING`, an.Docs)
		if err != nil {
			return fmt.Errorf("mark analyzed: %w", err)
		}
		counted = tag.RowsAffected() > 0
		if counted {
			outlets := make([]string, 0, len(an.Lines))
			for o := range an.Lines {
				outlets = append(outlets, o)
			}
			slices.Sort(outlets) // one lock order for every worker
			for _, o := range outlets {
				if err := addLines(ctx, tx, o, an.Lines[o].Counts, an.Lines[o].Pages); err != nil {
					return err
				}
			}
		}
		if err := s.putArticles(ctx, tx, an.Articles); err != nil {
			return err
		}
		if err := s.addProblems(ctx, tx, an.Problems); err != nil {
			return err
		}
		if then != nil {
			return then(ctx, tx)
		}
		return nil
	})
	return counted, err
}

// ClusterArticle runs add over the stored article id inside one
// SERIALIZABLE transaction, giving it a ClusterStore that reads and writes
// in that transaction, and stores the article as add left it (event,
// story and duplicate links). When PostgreSQL aborts the transaction
// because another worker's clustering overlapped (a serialization
// failure or a deadlock), the whole attempt runs again on fresh data; it
// returns how many attempts were retried. An article deleted meanwhile is
// ENOTFOUND.
//
// Why serializable transactions rather than advisory locks: the
// clusterer decides which keys to read as it goes (candidates by actor,
// type and date, then story openers, then threads), and an event found
// through one actor can be grown by a report that shares another; naming
// every lock up front would tie the store to the clusterer's key scheme
// and still miss such overlaps. PostgreSQL's serializable isolation sees
// every read-write overlap, whatever the keys, and the cost is a retry of
// one article's clustering, measured in docs/deploy.md.
func (s *DB) ClusterArticle(ctx context.Context, id string, add func(ctx context.Context, cs warta.ClusterStore, a *warta.Article) error) (retries int, err error) {
	for attempt := 0; ; attempt++ {
		err = pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			var data string
			var published *time.Time
			err := tx.QueryRow(ctx, `SELECT data::text, published_at FROM articles WHERE id = $1`, id).Scan(&data, &published)
			if errors.Is(err, pgx.ErrNoRows) {
				return warta.Errorf(warta.ENOTFOUND, "article %s not found", id)
			} else if err != nil {
				return fmt.Errorf("get article %s: %w", id, err)
			}
			a, err := decodeArticle(data, published)
			if err != nil {
				return err
			}
			if err := add(ctx, clusterOps{tx}, a); err != nil {
				return err
			}
			out, err := json.Marshal(a)
			if err != nil {
				return fmt.Errorf("encode article %s: %w", id, err)
			}
			if _, err := tx.Exec(ctx, `UPDATE articles SET data = $2 WHERE id = $1`, id, string(out)); err != nil {
				return fmt.Errorf("store clustered article %s: %w", id, err)
			}
			return nil
		})
		if !retryable(err) || attempt >= 50 {
			return attempt, err
		}
		// A short random pause keeps the two colliding workers from
		// colliding again at once.
		select {
		case <-time.After(time.Duration(rand.IntN(20)+1) * time.Millisecond):
		case <-ctx.Done():
			return attempt, ctx.Err()
		}
	}
}

// retryable reports whether err is PostgreSQL aborting a transaction that
// would succeed if run again: a serialization failure or a deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// addLines adds line counts in tx; see AddLines.
func addLines(ctx context.Context, tx pgx.Tx, outlet string, counts map[uint64]int, pages int) error {
	hs := make([]int64, 0, len(counts))
	for h := range counts {
		hs = append(hs, int64(h))
	}
	slices.Sort(hs)
	ns := make([]int32, len(hs))
	for i, h := range hs {
		ns[i] = int32(counts[uint64(h)])
	}
	if _, err := tx.Exec(ctx, `INSERT INTO outlet_pages (outlet, n) VALUES ($1, $2)
		ON CONFLICT (outlet) DO UPDATE SET n = outlet_pages.n + excluded.n`, outlet, pages); err != nil {
		return fmt.Errorf("count pages of %q: %w", outlet, err)
	}
	if len(hs) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO outlet_lines (outlet, hash, n)
		SELECT $1, h, n FROM unnest($2::bigint[], $3::int[]) AS u(h, n) ORDER BY h
		ON CONFLICT (outlet, hash) DO UPDATE SET n = outlet_lines.n + excluded.n`, outlet, hs, ns); err != nil {
		return fmt.Errorf("count lines of %q: %w", outlet, err)
	}
	return nil
}
