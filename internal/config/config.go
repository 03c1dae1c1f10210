package config

import (
	"encoding"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is the effective configuration.
type Config struct {
	// DataDir holds the SQLite database when DB is empty.
	DataDir string `json:"data_dir" env:"WARTA_DATA_DIR"`
	// DB is a SQLite file path or a postgres:// URL. Empty means
	// DataDir/warta.db. WARTA_DATABASE_URL, the name hosting platforms
	// set, is read when WARTA_DB is not.
	DB string `json:"db" env:"WARTA_DB" secret:"url"`
	// Addr is where `warta serve` listens.
	Addr string `json:"addr" env:"WARTA_ADDR"`
	// Token guards endpoints that change data. Empty disables them.
	Token string `json:"token" env:"WARTA_TOKEN" secret:"true"`
	// BaseURL is where readers reach warta ("https://warta.example"),
	// for the article links in alert webhooks; empty leaves them relative.
	BaseURL string `json:"base_url" env:"WARTA_BASE_URL"`
	// Workers bounds the pipeline's concurrency; 0 means one per CPU.
	Workers int `json:"workers" env:"WARTA_WORKERS"`
	// MaxDocBytes caps one document; larger ones become problems.
	MaxDocBytes int64 `json:"max_doc_bytes" env:"WARTA_MAX_DOC_BYTES"`
	// BatchDocs and BatchBytes bound one pipeline batch, which is one
	// transaction: a batch ends at whichever is reached first. Memory
	// grows with the bytes of a batch, not only with its documents.
	BatchDocs  int   `json:"batch_docs" env:"WARTA_BATCH_DOCS"`
	BatchBytes int64 `json:"batch_bytes" env:"WARTA_BATCH_BYTES"`
	// LogLevel is debug, info, warn or error; LogFormat is text or json.
	LogLevel  string `json:"log_level" env:"WARTA_LOG_LEVEL"`
	LogFormat string `json:"log_format" env:"WARTA_LOG_FORMAT"`

	// UserAgent is sent with every fetch; empty means "warta/VERSION (+URL)".
	UserAgent string `json:"user_agent" env:"WARTA_USER_AGENT"`
	// FetchDelay is the least time between two requests to one host; a
	// longer Crawl-delay in the site's robots.txt wins.
	FetchDelay Duration `json:"fetch_delay" env:"WARTA_FETCH_DELAY"`
	// FetchConnectTimeout bounds connecting (DNS, TCP, TLS); FetchTimeout
	// bounds a whole request, body included.
	FetchConnectTimeout Duration `json:"fetch_connect_timeout" env:"WARTA_FETCH_CONNECT_TIMEOUT"`
	FetchTimeout        Duration `json:"fetch_timeout" env:"WARTA_FETCH_TIMEOUT"`
	// FetchMaxBodyBytes caps one response, compressed and decompressed.
	FetchMaxBodyBytes int64 `json:"fetch_max_body_bytes" env:"WARTA_FETCH_MAX_BODY_BYTES"`
	// FetchRetries is how often a 5xx or timeout is retried, with backoff.
	FetchRetries int `json:"fetch_retries" env:"WARTA_FETCH_RETRIES"`
	// FetchAllowPrivate lets the fetcher reach loopback, private,
	// link-local and metadata addresses. Off by default: a source URL must
	// not become a way into the machine's own network.
	FetchAllowPrivate bool `json:"fetch_allow_private" env:"WARTA_FETCH_ALLOW_PRIVATE"`
	// WebhookAllowPrivate lets alert webhooks post to loopback, private,
	// link-local and metadata addresses. Off by default, for the same
	// reason as FetchAllowPrivate: an alert must not become a way to reach
	// (or probe) the machine's own network.
	WebhookAllowPrivate bool `json:"webhook_allow_private" env:"WARTA_WEBHOOK_ALLOW_PRIVATE"`
	// FetchWorkers is how many sources are polled at once.
	FetchWorkers int `json:"fetch_workers" env:"WARTA_FETCH_WORKERS"`
	// SourceEvery is the poll interval of a source added without one.
	SourceEvery Duration `json:"source_every" env:"WARTA_SOURCE_EVERY"`
}

// Duration is a time.Duration written as "10m" or "1.5s" in files,
// variables and flags.
type Duration time.Duration

// String implements flag.Value.
func (d Duration) String() string { return time.Duration(d).String() }

// Set implements flag.Value.
func (d *Duration) Set(s string) error { return d.UnmarshalText([]byte(s)) }

// MarshalText writes the duration as "10m0s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "10m", "1.5s", "0".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("want a duration like 10m or 1.5s, got %q", b)
	}
	*d = Duration(v)
	return nil
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	dir := "warta-data"
	if d, err := os.UserHomeDir(); err == nil && d != "" {
		dir = filepath.Join(d, ".local", "share", "warta")
	}
	return Config{
		DataDir:     dir,
		Addr:        "127.0.0.1:8080",
		Workers:     0,
		MaxDocBytes: 16 << 20,
		BatchDocs:   2000,
		BatchBytes:  16 << 20,
		LogLevel:    "info",
		LogFormat:   "text",

		FetchDelay:          Duration(time.Second),
		FetchConnectTimeout: Duration(10 * time.Second),
		FetchTimeout:        Duration(30 * time.Second),
		FetchMaxBodyBytes:   16 << 20,
		FetchRetries:        3,
		FetchWorkers:        4,
		SourceEvery:         Duration(10 * time.Minute),
	}
}

// DSN returns the database to open: DB, or the SQLite file in DataDir.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "warta.db")
}

// EffectiveWorkers returns Workers, or the CPU count when it is 0.
func (c Config) EffectiveWorkers() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// LoadFile applies a JSON config file over c. Unknown keys are errors, so
// that a typo does not silently fall back to a default.
func (c *Config) LoadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open config %q: %w", path, err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return fmt.Errorf("read config %q: %w", path, err)
	}
	return nil
}

// LoadEnv applies WARTA_* variables from getenv over c.
func (c *Config) LoadEnv(getenv func(string) string) error {
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	for i := range t.NumField() {
		name := t.Field(i).Tag.Get("env")
		s := getenv(name)
		if name == "" || s == "" {
			continue
		}
		f := v.Field(i)
		if tu, ok := f.Addr().Interface().(encoding.TextUnmarshaler); ok {
			if err := tu.UnmarshalText([]byte(s)); err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
			continue
		}
		switch f.Kind() {
		case reflect.Bool:
			b, err := strconv.ParseBool(s)
			if err != nil {
				return fmt.Errorf("%s: want true or false, got %q", name, s)
			}
			f.SetBool(b)
		case reflect.String:
			f.SetString(s)
		case reflect.Int, reflect.Int64:
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return fmt.Errorf("%s: want a number, got %q", name, s)
			}
			f.SetInt(n)
		}
	}
	if getenv("WARTA_DB") == "" {
		if u := getenv("WARTA_DATABASE_URL"); u != "" {
			c.DB = u
		}
	}
	return nil
}

// RegisterFlags adds the flags every command shares to fs, writing into c.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "directory for the embedded SQLite store")
	fs.StringVar(&c.DB, "db", c.DB, "database: a SQLite file path or postgres:// URL (default DATA_DIR/warta.db)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
}

// RegisterWorkerFlags adds -workers, for the commands that run the
// analysis pipeline; elsewhere it would mean nothing.
func (c *Config) RegisterWorkerFlags(fs *flag.FlagSet) {
	fs.IntVar(&c.Workers, "workers", c.Workers, "pipeline workers (0 = one per CPU)")
}

// RegisterFetchFlags adds the flags of the commands that fetch (fetch,
// sources, serve) to fs.
func (c *Config) RegisterFetchFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.UserAgent, "user-agent", c.UserAgent, "User-Agent sent with every fetch")
	fs.Var(&c.FetchDelay, "fetch-delay", "least time between two requests to one host")
	fs.Var(&c.FetchTimeout, "fetch-timeout", "time limit of one request, body included")
	fs.Int64Var(&c.FetchMaxBodyBytes, "fetch-max-body-bytes", c.FetchMaxBodyBytes, "size limit of one response")
	fs.IntVar(&c.FetchRetries, "fetch-retries", c.FetchRetries, "retries of a 5xx or timeout")
	fs.BoolVar(&c.FetchAllowPrivate, "fetch-allow-private", c.FetchAllowPrivate, "allow fetching from loopback, private and link-local addresses")
	fs.IntVar(&c.FetchWorkers, "fetch-workers", c.FetchWorkers, "sources polled at once")
}

// Validate reports the first invalid setting.
func (c Config) Validate() error {
	var errs []error
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("log format %q: want text or json", c.LogFormat))
	}
	if c.Workers < 0 {
		errs = append(errs, fmt.Errorf("workers %d: want 0 or more", c.Workers))
	}
	if c.MaxDocBytes <= 0 {
		errs = append(errs, fmt.Errorf("max_doc_bytes %d: want more than 0", c.MaxDocBytes))
	}
	if c.BatchDocs <= 0 || c.BatchBytes <= 0 {
		errs = append(errs, fmt.Errorf("batch_docs %d, batch_bytes %d: want more than 0", c.BatchDocs, c.BatchBytes))
	}
	if c.FetchDelay < 0 {
		errs = append(errs, fmt.Errorf("fetch_delay %s: want 0 or more", c.FetchDelay))
	}
	if c.FetchConnectTimeout <= 0 || c.FetchTimeout <= 0 {
		errs = append(errs, fmt.Errorf("fetch timeouts %s, %s: want more than 0", c.FetchConnectTimeout, c.FetchTimeout))
	}
	if c.FetchMaxBodyBytes <= 0 {
		errs = append(errs, fmt.Errorf("fetch_max_body_bytes %d: want more than 0", c.FetchMaxBodyBytes))
	}
	if c.FetchRetries < 0 || c.FetchRetries > 10 {
		errs = append(errs, fmt.Errorf("fetch_retries %d: want 0 to 10", c.FetchRetries))
	}
	if c.FetchWorkers < 1 {
		errs = append(errs, fmt.Errorf("fetch_workers %d: want 1 or more", c.FetchWorkers))
	}
	if c.SourceEvery < Duration(time.Minute) {
		errs = append(errs, fmt.Errorf("source_every %s: want 1m or more", c.SourceEvery))
	}
	if c.DB == "" && c.DataDir == "" {
		errs = append(errs, errors.New("set data_dir or db"))
	}
	return errors.Join(errs...)
}

// String prints the configuration as JSON with secrets redacted: the token
// entirely, and the password inside a database URL.
func (c Config) String() string {
	if c.Token != "" {
		c.Token = "REDACTED"
	}
	if i := strings.Index(c.DB, "://"); i >= 0 {
		if at := strings.LastIndexByte(c.DB, '@'); at > i {
			cred := c.DB[i+3 : at]
			if user, _, ok := strings.Cut(cred, ":"); ok {
				c.DB = c.DB[:i+3] + user + ":REDACTED" + c.DB[at:]
			}
		}
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	return string(b)
}
