// Package pgtest gives tests a fresh, empty PostgreSQL schema of their
// own in the server WARTA_TEST_POSTGRES_DSN names (.ci/run starts one;
// .ci/postgres starts one by hand), and skips them with a clear message
// when none is configured.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// EnvDSN is the variable that names the test server.
const EnvDSN = "WARTA_TEST_POSTGRES_DSN"

// SkipMessage is what tests say when no server is configured.
const SkipMessage = EnvDSN + " is not set: skipping the PostgreSQL tests (.ci/run starts a throwaway server; " +
	"by hand: export " + EnvDSN + "=$(.ci/postgres start /tmp/warta-pg))"

// ServerDSN returns the configured server's DSN, skipping tb when none is.
func ServerDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		tb.Skip(SkipMessage)
	}
	return dsn
}

// DSN creates a schema of its own for tb and returns a DSN whose
// search_path selects it; the schema is dropped when tb ends.
func DSN(tb testing.TB) string {
	tb.Helper()
	base := ServerDSN(tb)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to test server: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("connect to drop schema: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", EnvDSN, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
