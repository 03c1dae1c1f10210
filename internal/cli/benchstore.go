package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/store/postgres"
)

// benchStore grows a store (SQLite in a temporary file, or PostgreSQL in
// a schema of its own inside dsn) with synthetic articles to each size
// and measures there: the cost of adding articles (with their documents,
// full-text index and events), search latency for words of several
// frequencies, the entity filter, and the timeline; and the store's size.
// The synthetic text follows a Zipf law over 50,000 words, as natural
// language does, so posting lists have realistic lengths.
func (c *BenchCommand) benchStore(ctx context.Context, dsn string, sizes []int) error {
	var store warta.Store
	var size func() (string, error)
	if postgres.IsURL(dsn) {
		var b [4]byte
		rand.Read(b[:])
		schema := "bench_" + hex.EncodeToString(b[:])
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		if !c.keep {
			defer conn.Exec(context.WithoutCancel(ctx), `DROP SCHEMA `+schema+` CASCADE`)
		}
		u, err := url.Parse(dsn)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		qv := u.Query()
		qv.Set("search_path", schema)
		u.RawQuery = qv.Encode()
		db, err := postgres.OpenMigrated(ctx, u.String())
		if err != nil {
			return err
		}
		db.Index = newSearcher().IndexText
		db.Logger = c.m.logger("postgres")
		store = db
		size = func() (string, error) { return pgSizes(ctx, conn, schema) }
		fmt.Fprintf(c.m.Stdout, "store: PostgreSQL %s, schema %s\n", serverVersion(ctx, conn), schema)
	} else {
		tmp, err := os.MkdirTemp("", "warta-bench-store-")
		if err != nil {
			return fmt.Errorf("temp dir: %w", err)
		}
		defer os.RemoveAll(tmp)
		path := filepath.Join(tmp, "store.db")
		db, err := c.m.openSQLite(ctx, path)
		if err != nil {
			return err
		}
		store = db
		size = func() (string, error) {
			var total int64
			for _, suffix := range []string{"", "-wal"} {
				if st, err := os.Stat(path + suffix); err == nil {
					total += st.Size()
				}
			}
			return fmt.Sprintf("file %.0f MiB", float64(total)/(1<<20)), nil
		}
		fmt.Fprintln(c.m.Stdout, "store: SQLite (embedded), file in", tmp)
	}
	defer store.Close()
	gen := cluster.NewSynthetic(11)
	n := 0
	add := func(count int) error {
		for count > 0 {
			k := min(count, 1000)
			docs := make([]*warta.Document, k)
			as := make([]*warta.Article, k)
			var evs []warta.EventKeys
			for i := range k {
				a := gen.Article(n)
				raw := []byte(fmt.Sprintf("bench %d", n))
				docs[i] = &warta.Document{ID: warta.ContentID(raw), Source: "bench", Format: warta.FormatText, Raw: raw}
				a.ID = docs[i].ID
				a.Language = "id"
				a.PublishedAt, _ = time.Parse(time.RFC3339, a.Published)
				seen := map[string]bool{}
				for j := range a.Events {
					ev := &a.Events[j]
					ev.ID = fmt.Sprintf("e-%d-%d", n, j)
					keys := []string{}
					for x, id := range ev.ActorIDs {
						keys = append(keys, "a:"+id)
						if !seen[id] {
							seen[id] = true
							a.Entities = append(a.Entities, warta.Entity{ID: id, Name: ev.Actors[x], Type: warta.EntityPerson})
						}
					}
					date := ""
					if ev.Date != nil {
						date = *ev.Date
					}
					evs = append(evs, warta.EventKeys{Event: &warta.EventRecord{ID: ev.ID, Type: ev.Type, Status: ev.Status, Date: date,
						Actors: ev.Actors, ActorIDs: ev.ActorIDs, Reports: []warta.Report{{ArticleID: a.ID, Index: j, Title: a.Title}}}, Keys: keys})
				}
				as[i] = a
				n++
			}
			if _, err := store.PutDocuments(ctx, docs); err != nil {
				return err
			}
			if err := store.PutArticles(ctx, as); err != nil {
				return err
			}
			if b, ok := store.(warta.ClusterBatcher); ok {
				if err := b.PutClusterBatch(ctx, nil, evs); err != nil {
					return err
				}
			}
			count -= k
		}
		return nil
	}
	queries := []struct {
		name string
		q    warta.SearchQuery
	}{
		{"frequent word (w1)", warta.SearchQuery{Terms: [][]string{{"w1"}}}},
		{"middling word (w60)", warta.SearchQuery{Terms: [][]string{{"w60"}}}},
		{"rare word (w3000)", warta.SearchQuery{Terms: [][]string{{"w3000"}}}},
		{"two words (w5 w80)", warta.SearchQuery{Terms: [][]string{{"w5"}, {"w80"}}}},
		{"phrase (w0 w1)", warta.SearchQuery{Phrases: [][]string{{"w0", "w1"}}}},
		{"entity filter (a40)", warta.SearchQuery{Entities: []string{"a40"}}},
		{"list newest", warta.SearchQuery{}},
	}
	const sample, runs = 2000, 40
	start := time.Now()
	for _, target := range sizes {
		if target > n {
			if err := add(target - n); err != nil {
				return err
			}
		}
		if pg, ok := store.(*postgres.DB); ok {
			// Fresh planner statistics, as autovacuum would have gathered
			// on a store that grew over weeks.
			if _, err := pg.Pool().Exec(ctx, `ANALYZE`); err != nil {
				return err
			}
		}
		t0 := time.Now()
		if err := add(sample); err != nil {
			return err
		}
		addCost := time.Since(t0) / sample
		sz, err := size()
		if err != nil {
			return err
		}
		fmt.Fprintf(c.m.Stdout, "\n%d stored (grown in %.0fs): add %.0f µs/article (document, article, index, events; batches of 1000); %s\n",
			target, time.Since(start).Seconds(), float64(addCost.Microseconds()), sz)
		for _, qc := range queries {
			var lat []time.Duration
			total := 0
			// 40 timed runs after 3 that warm the caches, or as many as
			// 30 seconds allow (at least 5) for the slow ones.
			began := time.Now()
			for i := 0; i < runs+3 && (i < 8 || time.Since(began) < 30*time.Second); i++ {
				t := time.Now()
				res, err := store.SearchArticles(ctx, qc.q)
				if err != nil {
					return fmt.Errorf("search %s: %w", qc.name, err)
				}
				if i >= 3 {
					lat = append(lat, time.Since(t))
				}
				total = res.Total
			}
			p50, p99 := percentiles(lat)
			fmt.Fprintf(c.m.Stdout, "  search %-22s %8d hits  p50 %7.1f ms  p99 %7.1f ms  (%d runs)\n", qc.name, total, ms(p50), ms(p99), len(lat))
		}
		for _, actor := range []string{"a40", "a400"} {
			var lat []time.Duration
			got := 0
			for i := range runs + 3 {
				t := time.Now()
				evs, err := store.Timeline(ctx, actor, "")
				if err != nil {
					return err
				}
				if i >= 3 {
					lat = append(lat, time.Since(t))
				}
				got = len(evs)
			}
			p50, p99 := percentiles(lat)
			fmt.Fprintf(c.m.Stdout, "  timeline %-20s %8d events p50 %7.1f ms  p99 %7.1f ms\n", actor, got, ms(p50), ms(p99))
		}
	}
	return nil
}

func percentiles(lat []time.Duration) (p50, p99 time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) == 0 {
		return 0, 0
	}
	return lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func serverVersion(ctx context.Context, conn *pgx.Conn) string {
	var v string
	conn.QueryRow(ctx, `SHOW server_version`).Scan(&v)
	return v
}

// pgSizes reports the schema's rows and on-disk sizes of the big tables:
// heap (with TOAST) and indexes.
func pgSizes(ctx context.Context, conn *pgx.Conn, schema string) (string, error) {
	rows, err := conn.Query(ctx, `SELECT c.relname, c.reltuples::bigint, pg_table_size(c.oid), pg_indexes_size(c.oid)
		FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
		WHERE ns.nspname = $1 AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 6`, schema)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	out := ""
	var total int64
	for rows.Next() {
		var name string
		var tuples, table, index int64
		if err := rows.Scan(&name, &tuples, &table, &index); err != nil {
			return "", err
		}
		total += table + index
		out += fmt.Sprintf("\n    %-14s %9d rows  table %6.0f MiB  indexes %6.0f MiB", name, tuples, float64(table)/(1<<20), float64(index)/(1<<20))
	}
	return fmt.Sprintf("largest tables %.0f MiB:%s", float64(total)/(1<<20), out), rows.Err()
}
