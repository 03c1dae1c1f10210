package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warta-news/warta/internal/store/postgres"
)

// MigrateCommand creates or upgrades the database schema.
type MigrateCommand struct{ m *Main }

// Run implements `warta migrate`. PostgreSQL is migrated only here (and by
// `warta copy`), never as a side effect of starting a worker or a server;
// the embedded SQLite store migrates itself when opened, so for it this
// command only opens it.
func (c *MigrateCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("migrate", "")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	dsn := c.m.Config.DSN()
	if !postgres.IsURL(dsn) {
		db, err := c.m.openSQLite(ctx, dsn)
		if err != nil {
			return err
		}
		db.Close()
		fmt.Fprintln(c.m.Stdout, "sqlite store", dsn, "is up to date")
		return nil
	}
	db, err := c.m.migratePostgres(ctx, dsn)
	if err != nil {
		return err
	}
	db.Close()
	return nil
}

// migratePostgres opens dsn, applies warta's migrations and the job
// queue's, and says what it did.
func (m *Main) migratePostgres(ctx context.Context, dsn string) (*postgres.DB, error) {
	db, err := postgres.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db.Logger = m.logger("postgres")
	db.Index = newSearcher().IndexText
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	queue, err := migrateQueue(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	applied = append(applied, queue...)
	if len(applied) == 0 {
		fmt.Fprintln(m.Stdout, "postgres schema is up to date")
	} else {
		fmt.Fprintln(m.Stdout, "postgres schema migrated:", applied)
	}
	return db, nil
}

// CopyCommand moves an embedded store into PostgreSQL.
type CopyCommand struct{ m *Main }

// Run implements `warta copy --from PATH.db --to postgres://...`.
func (c *CopyCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("copy", "--from PATH.db --to postgres://...")
	from := fs.String("from", "", "the SQLite store to copy (default: the embedded store in the data directory)")
	to := fs.String("to", "", "the PostgreSQL database to copy into (default: --db)")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	src := *from
	if src == "" {
		src = filepath.Join(c.m.Config.DataDir, "warta.db")
	}
	dst := *to
	if dst == "" {
		dst = c.m.Config.DB
	}
	if !postgres.IsURL(dst) {
		return &UsageError{Msg: "copy: --to must be a postgres:// URL", Hint: "Usage: warta copy --from PATH.db --to postgres://user@host/db"}
	}
	if postgres.IsURL(src) {
		return &UsageError{Msg: "copy: --from must be a SQLite file", Hint: "Usage: warta copy --from PATH.db --to postgres://user@host/db"}
	}
	if _, err := os.Stat(src); err != nil {
		return &UsageError{Msg: fmt.Sprintf("copy: no SQLite store at %s", src), Hint: "Give the file with --from."}
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	// Opening migrates the source to the current schema, which is the one
	// the copy reads.
	sdb, err := c.m.openSQLite(ctx, src)
	if err != nil {
		return err
	}
	defer sdb.Close()
	pdb, err := c.m.migratePostgres(ctx, dst)
	if err != nil {
		return err
	}
	defer pdb.Close()
	counts, err := pdb.CopyFromSQLite(ctx, sdb.SQL(), abs)
	if err != nil {
		return err
	}
	fmt.Fprint(c.m.Stdout, postgres.FormatCopyCounts(counts))
	for _, n := range counts {
		if !n.OK() {
			return fmt.Errorf("copy: %s: %d rows in the source, %d in PostgreSQL before and %d after", n.Table, n.Source, n.Before, n.After)
		}
	}
	fmt.Fprintln(c.m.Stdout, "copy verified: every table holds what the source holds")
	return nil
}
