package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLayering(t *testing.T) {
	c := Default()
	file := filepath.Join(t.TempDir(), "warta.json")
	os.WriteFile(file, []byte(`{"addr": "127.0.0.1:9000", "workers": 3, "token": "s3cret"}`), 0o644)
	if err := c.LoadFile(file); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"WARTA_WORKERS": "5", "WARTA_DB": "postgres://warta:pw@db/warta"}
	if err := c.LoadEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.Workers != 5 || c.DSN() != "postgres://warta:pw@db/warta" {
		t.Fatalf("layered config = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	s := c.String()
	if strings.Contains(s, "s3cret") || strings.Contains(s, ":pw@") || !strings.Contains(s, "warta:REDACTED@db") {
		t.Fatalf("String leaks secrets: %s", s)
	}
}

func TestBadInput(t *testing.T) {
	c := Default()
	file := filepath.Join(t.TempDir(), "warta.json")
	os.WriteFile(file, []byte(`{"adr": "typo"}`), 0o644)
	if err := c.LoadFile(file); err == nil {
		t.Fatal("unknown key accepted")
	}
	if err := c.LoadEnv(func(k string) string { return map[string]string{"WARTA_WORKERS": "many"}[k] }); err == nil {
		t.Fatal("non-numeric workers accepted")
	}
	c.LogLevel = "loud"
	if err := c.Validate(); err == nil {
		t.Fatal("bad log level accepted")
	}
}

func TestDefaultDSNIsSQLiteInDataDir(t *testing.T) {
	c := Default()
	c.DataDir = "/tmp/x"
	if c.DSN() != "/tmp/x/warta.db" {
		t.Fatalf("DSN = %q", c.DSN())
	}
}

func TestFetchSettings(t *testing.T) {
	c := Default()
	file := filepath.Join(t.TempDir(), "warta.json")
	os.WriteFile(file, []byte(`{"fetch_delay": "2s", "fetch_timeout": "45s", "fetch_allow_private": true}`), 0o644)
	if err := c.LoadFile(file); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"WARTA_FETCH_RETRIES": "5", "WARTA_SOURCE_EVERY": "15m", "WARTA_FETCH_ALLOW_PRIVATE": "false"}
	if err := c.LoadEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.FetchDelay != Duration(2*time.Second) || c.FetchTimeout != Duration(45*time.Second) || c.FetchRetries != 5 ||
		c.SourceEvery != Duration(15*time.Minute) || c.FetchAllowPrivate {
		t.Fatalf("fetch settings = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if s := c.String(); !strings.Contains(s, `"fetch_delay": "2s"`) || !strings.Contains(s, `"source_every": "15m0s"`) {
		t.Fatalf("String = %s", s)
	}
	if err := c.LoadEnv(func(k string) string { return map[string]string{"WARTA_FETCH_DELAY": "soon"}[k] }); err == nil {
		t.Fatal("bad duration accepted")
	}
	if err := c.LoadEnv(func(k string) string { return map[string]string{"WARTA_FETCH_ALLOW_PRIVATE": "maybe"}[k] }); err == nil {
		t.Fatal("bad bool accepted")
	}
	c.FetchRetries = -1
	if err := c.Validate(); err == nil {
		t.Fatal("negative retries accepted")
	}
}

func TestDatabaseURLVariable(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"WARTA_DATABASE_URL alone", map[string]string{"WARTA_DATABASE_URL": "postgres://w@db/warta"}, "postgres://w@db/warta"},
		{"WARTA_DB wins", map[string]string{"WARTA_DATABASE_URL": "postgres://w@db/warta", "WARTA_DB": "/data/warta.db"}, "/data/warta.db"},
		{"neither", map[string]string{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			if err := c.LoadEnv(func(k string) string { return tc.env[k] }); err != nil {
				t.Fatal(err)
			}
			if c.DB != tc.want {
				t.Fatalf("DB = %q, want %q", c.DB, tc.want)
			}
		})
	}
}
