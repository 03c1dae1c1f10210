package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/config"
	"github.com/warta-news/warta/internal/metrics"
	"github.com/warta-news/warta/internal/queue"
	"github.com/warta-news/warta/internal/store/postgres"
	"github.com/warta-news/warta/internal/store/sqlite"
)

// Version is set with -ldflags "-X github.com/warta-news/warta/internal/cli.Version=v1.2.3";
// otherwise it comes from the build info.
var Version = ""

// Main is the program: its streams, its environment and its configuration.
type Main struct {
	Config config.Config
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// ServeReady, when set, receives the server's base URL once it listens.
	ServeReady func(url string)
	Logger     *slog.Logger
	// Resolve, when set, looks host names up for the fetcher instead of
	// DNS; tests and `warta bench fetch` map made-up hosts to a local
	// server with it.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)

	// WorkerReady, when set, is called once `warta worker` works jobs.
	WorkerReady func()

	// writeMu keeps a reprocess (Lock) apart from ingests (RLock) within a
	// server; the ingests' batches take turns on the store's batch lock.
	writeMu sync.RWMutex
	queue   metrics.Gauge // documents read by a running ingest, not yet stored

	batch int // documents per analyze job, from ingest --batch
	// logs carries the log records, through a progress bar while one is
	// drawn (setupLogger makes it).
	logs *logWriter

	queueMu sync.Mutex
	jobs    *queue.Queue // the enqueue-only job queue, on PostgreSQL
	jobsDB  *postgres.DB
}

func (m *Main) ingestQueue() *metrics.Gauge { return &m.queue }

// NewMain returns a Main bound to the process's streams and environment.
func NewMain() *Main {
	return &Main{Config: config.Default(), Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// UsageError is a mistake in how warta was called; it carries a hint.
type UsageError struct{ Msg, Hint string }

func (e *UsageError) Error() string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + "\n" + e.Hint
}

// ProblemsError says a run finished but some input could not be used.
type ProblemsError struct{ N int }

func (e *ProblemsError) Error() string {
	return fmt.Sprintf("%d problem(s) with the input; the rest was processed", e.N)
}

// ExitCode maps Run's error to the process exit status: 0 success, 1
// failure, 2 usage error, 3 finished with problems in the input.
func (m *Main) ExitCode(err error) int {
	var ue *UsageError
	var pe *ProblemsError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "warta: %v\n", err)
		return 2
	case errors.As(err, &pe):
		fmt.Fprintf(m.Stderr, "warta: %v\n", err)
		return 3
	default:
		fmt.Fprintf(m.Stderr, "warta: %v\n", err)
		return 1
	}
}

var usage = `warta reads Indonesian news the way an analyst does.

Usage: warta <command> [flags] [arguments]

Commands:
  ingest PATH...     store documents (files, folders, globs, - for stdin) and analyze them
  analyze PATH...    print one JSON object per document (JSONL); touches no store
  search QUERY       full-text search of the store
  serve              serve the HTTP API and keep the live sources up to date (--ingest PATH to load pages first)
  sources            add, list or remove live sources: feeds, sitemaps, pages (add URL, list, remove ID)
  fetch [URL...]     poll every source once now, or the URLs given
  reprocess          rebuild all derived data from the stored raw documents
  problems           the stored problems, newest first (--source, --stage, --since, --until, --limit)
  eval WHAT          quality figures against gold data (see docs/evaluation.md):
                     ` + modes(evalModes) + `
  bench [WHAT]...    throughput and memory: ` + modes(benchModes) + `
  train WHAT         rebuild a model from ../shared (` + modes(trainModes) + `): the entity
                     tagger, its word classes, the event grouping
  entities QUERY     entities named in the articles matching QUERY
  quotes             who said what (--speaker NAME, --q WORDS)
  timeline           events of an entity over time (--entity NAME [--with NAME])
  export WHAT        articles, events, gdelt or cooccurrence as JSONL/CSV/TSV (--q, --format, --out)
  alerts             saved searches: alerts add NAME --q WORDS [--webhook URL], list, remove
  worker             work the job queue in PostgreSQL: analyze, cluster, poll sources, alerts (--jobs N)
  migrate            create or upgrade the database schema (PostgreSQL: run once before workers)
  copy               move an embedded store into PostgreSQL (--from PATH.db --to postgres://...)
  config             print the effective configuration (secrets redacted)
  version            print the version

Run 'warta <command> -h' for a command's flags.`

// Run runs the command named by args[0].
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(m.Stderr, usage)
		return &UsageError{Msg: "no command given"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "ingest":
		return (&IngestCommand{m: m}).Run(ctx, rest)
	case "analyze":
		return (&AnalyzeCommand{m: m}).Run(ctx, rest)
	case "search":
		return (&SearchCommand{m: m}).Run(ctx, rest)
	case "serve":
		return (&ServeCommand{m: m}).Run(ctx, rest)
	case "sources":
		return (&SourcesCommand{m: m}).Run(ctx, rest)
	case "fetch":
		return (&FetchCommand{m: m}).Run(ctx, rest)
	case "reprocess":
		return (&ReprocessCommand{m: m}).Run(ctx, rest)
	case "problems":
		return (&ProblemsCommand{m: m}).Run(ctx, rest)
	case "eval":
		return (&EvalCommand{m: m}).Run(ctx, rest)
	case "bench":
		return (&BenchCommand{m: m}).Run(ctx, rest)
	case "train":
		return (&TrainCommand{m: m}).Run(ctx, rest)
	case "entities":
		return (&EntitiesCommand{m: m}).Run(ctx, rest)
	case "quotes":
		return (&QuotesCommand{m: m}).Run(ctx, rest)
	case "timeline":
		return (&TimelineCommand{m: m}).Run(ctx, rest)
	case "export":
		return (&ExportCommand{m: m}).Run(ctx, rest)
	case "alerts":
		return (&AlertsCommand{m: m}).Run(ctx, rest)
	case "worker":
		return (&WorkerCommand{m: m}).Run(ctx, rest)
	case "migrate":
		return (&MigrateCommand{m: m}).Run(ctx, rest)
	case "copy":
		return (&CopyCommand{m: m}).Run(ctx, rest)
	case "config":
		fs := m.flagSet("config", "")
		if err := m.parse(fs, rest); err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, m.Config.String())
		return nil
	case "version", "-version", "--version":
		fmt.Fprintln(m.Stdout, "warta", version(), buildDetails())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(m.Stdout, usage)
		return nil
	}
	return &UsageError{Msg: fmt.Sprintf("unknown command %q", cmd), Hint: "Run 'warta help' for the list of commands."}
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// buildDetails says what the binary was built from, read from the build
// information the go command stamps into it: the commit, its time and
// whether the tree had uncommitted changes (only when built inside the
// git checkout; `go run` and test binaries carry no commit), the Go
// release, the platform and whether cgo was on.
func buildDetails() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	set := map[string]string{}
	for _, s := range bi.Settings {
		set[s.Key] = s.Value
	}
	var b strings.Builder
	if rev := set["vcs.revision"]; rev != "" {
		b.WriteString("commit " + rev[:min(12, len(rev))])
		if t := set["vcs.time"]; t != "" {
			b.WriteString(" " + t)
		}
		if set["vcs.modified"] == "true" {
			b.WriteString(" modified")
		}
		b.WriteString(", ")
	}
	b.WriteString(bi.GoVersion)
	if goos, arch := set["GOOS"], set["GOARCH"]; goos != "" {
		b.WriteString(" " + goos + "/" + arch)
	}
	if c := set["CGO_ENABLED"]; c != "" {
		b.WriteString(" CGO_ENABLED=" + c)
	}
	if set["-trimpath"] == "true" {
		b.WriteString(" -trimpath")
	}
	return "(" + b.String() + ")"
}

// flagSet returns a flag set with the shared configuration flags.
func (m *Main) flagSet(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.String("config", "", "JSON configuration file")
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: warta %s [flags] %s\n\nFlags:\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse applies configuration in order — defaults, --config file, WARTA_*
// environment, flags — then validates and sets up logging. The config file
// is found by scanning args first, because flags must override it.
func (m *Main) parse(fs *flag.FlagSet, args []string) error {
	for i, a := range args {
		var file string
		if v, ok := strings.CutPrefix(a, "--config="); ok {
			file = v
		} else if v, ok := strings.CutPrefix(a, "-config="); ok {
			file = v
		} else if (a == "--config" || a == "-config") && i+1 < len(args) {
			file = args[i+1]
		}
		if file != "" {
			if err := m.Config.LoadFile(file); err != nil {
				return err
			}
		}
		if a == "--" {
			break
		}
	}
	if err := m.Config.LoadEnv(m.Getenv); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	m.Config.RegisterFlags(fs)
	if pipelineCommands[fs.Name()] {
		m.Config.RegisterWorkerFlags(fs)
	}
	if err := fs.Parse(interspersed(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &UsageError{Msg: err.Error(), Hint: "Run 'warta " + fs.Name() + " -h' for its flags."}
	}
	if err := m.Config.Validate(); err != nil {
		return &UsageError{Msg: "invalid configuration: " + err.Error()}
	}
	m.setupLogger()
	return nil
}

// pipelineCommands run the analysis pipeline, so -workers means something
// to them; other commands do not offer it.
var pipelineCommands = map[string]bool{"ingest": true, "analyze": true, "reprocess": true, "serve": true, "fetch": true,
	"worker": true, "eval": true, "train": true, "bench": true}

// interspersed moves flags that follow positional arguments to the front,
// so that "warta ingest pages/ --workers 2" works as users expect; the
// stdlib flag package stops at the first positional argument. Everything
// after "--" is positional.
func interspersed(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	// "--" keeps positional arguments that start with a dash ("warta
	// search -- -kpk") from being read as flags.
	return append(append(flags, "--"), pos...)
}

func (m *Main) setupLogger() {
	var level slog.Level
	level.UnmarshalText([]byte(m.Config.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	m.logs = &logWriter{w: m.Stderr}
	var h slog.Handler = slog.NewTextHandler(m.logs, opts)
	if m.Config.LogFormat == "json" {
		h = slog.NewJSONHandler(m.logs, opts)
	}
	m.Logger = slog.New(h)
}

func (m *Main) logger(component string) *slog.Logger {
	if m.Logger == nil {
		m.setupLogger()
	}
	return m.Logger.With("component", component)
}

// openStore opens the configured store: PostgreSQL for a postgres:// URL
// (its schema must be migrated: `warta migrate`), else the SQLite file,
// creating the data directory.
func (m *Main) openStore(ctx context.Context) (warta.Store, error) {
	dsn := m.Config.DSN()
	if postgres.IsURL(dsn) {
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		db.Logger = m.logger("postgres")
		db.Index = newSearcher().IndexText
		return db, nil
	}
	return m.openSQLite(ctx, dsn)
}

// openSQLite opens (creating and migrating) the SQLite store at path.
func (m *Main) openSQLite(ctx context.Context, dsn string) (*sqlite.DB, error) {
	if m.Config.DB == "" {
		if err := os.MkdirAll(m.Config.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
	}
	db, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db.Logger = m.logger("sqlite")
	db.Index = newSearcher().IndexText
	return db, nil
}
