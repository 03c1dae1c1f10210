package queue_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cli"
	"github.com/warta-news/warta/internal/store/postgres/pgtest"
)

// The fault tests run warta as a separate process, so that it can be
// killed: the test binary runs cli.Main when WARTA_FAULT_MAIN holds the
// arguments (JSON), as the warta binary would.
func TestMain(m *testing.M) {
	if args := os.Getenv("WARTA_FAULT_MAIN"); args != "" {
		var argv []string
		if err := json.Unmarshal([]byte(args), &argv); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		main := cli.NewMain()
		err := main.Run(ctx, argv)
		stop()
		os.Exit(main.ExitCode(err))
	}
	os.Exit(m.Run())
}

// syncBuffer collects a child process's output, which os/exec copies from
// a goroutine of its own while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startWarta starts warta with args as a separate process.
func startWarta(t *testing.T, log *syncBuffer, args ...string) *exec.Cmd {
	t.Helper()
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "WARTA_FAULT_MAIN="+string(b))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// runWarta runs warta in process and fails the test on an error.
func runWarta(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	m := cli.NewMain()
	m.Stdout, m.Stderr = &out, &out
	m.Getenv = func(string) string { return "" }
	if err := m.Run(context.Background(), args); err != nil {
		t.Fatalf("warta %v: %v\n%s", args, err, out.String())
	}
	return out.String()
}

// runWartaProblems runs warta in process and accepts exit status 3
// (finished, with problems in the input).
func runWartaProblems(t *testing.T, args ...string) {
	t.Helper()
	var out bytes.Buffer
	m := cli.NewMain()
	m.Stdout, m.Stderr = &out, &out
	m.Getenv = func(string) string { return "" }
	var pe *cli.ProblemsError
	if err := m.Run(context.Background(), args); err != nil && !errors.As(err, &pe) {
		t.Fatalf("warta %v: %v\n%s", args, err, out.String())
	}
}

// writePages writes n news pages of our own making into a folder: a
// minister meets a counterpart, an outlet's sidebar repeats on every page.
func writePages(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	people := [][2]string{{"Menteri Luar Negeri Sugiono", "Menteri Luar Negeri Tiongkok Wang Yi"},
		{"Presiden Prabowo Subianto", "Perdana Menteri Jepang Shigeru Ishiba"},
		{"Menteri Perdagangan Budi Santoso", "Menteri Perdagangan Malaysia Tengku Zafrul"},
		{"Menteri Pertahanan Sjafrie Sjamsoeddin", "Menteri Pertahanan Australia Richard Marles"}}
	places := []string{"Jakarta", "Beijing", "Tokyo", "Kuala Lumpur", "Canberra", "Bandung"}
	topics := []string{"perdagangan", "keamanan laut", "investasi", "pendidikan", "energi", "pangan"}
	outlets := []string{"Kompas.com", "Detik.com", "Tempo.co"}
	for i := range n {
		p := people[i%len(people)]
		place := places[(i/3)%len(places)]
		topic := topics[(i/2)%len(topics)]
		outlet := outlets[i%len(outlets)]
		day := 1 + (i/8)%27
		var b strings.Builder
		fmt.Fprintf(&b, "%s\nNews\nNasional\n\n", outlet)
		fmt.Fprintf(&b, "%s Bertemu %s Bahas %s (%d)\n", strings.Fields(p[0])[len(strings.Fields(p[0]))-1], strings.Fields(p[1])[len(strings.Fields(p[1]))-1], topic, i)
		fmt.Fprintf(&b, "%s - %02d/05/2025, 10:%02d WIB\n\n", outlet, day, i%60)
		fmt.Fprintf(&b, "%s, %s - %s bertemu %s di %s pada %02d Mei 2025.\n", strings.ToUpper(place), strings.ToUpper(outlet), p[0], p[1], place, day)
		fmt.Fprintf(&b, "Keduanya membahas kerja sama %s dan rencana kunjungan balasan tahun depan, laporan nomor %d.\n", topic, i)
		fmt.Fprintf(&b, "\"Kami ingin hubungan yang lebih erat dalam bidang %s,\" kata %s seusai pertemuan.\n", topic, p[0])
		fmt.Fprintf(&b, "Pertemuan berlangsung selama dua jam dan ditutup dengan makan siang bersama.\n")
		fmt.Fprintf(&b, "Berita Terkait\nHarga Beras Naik Lagi di Pasar Induk\nCopyright 2025 %s. All Rights Reserved.\n", outlet)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%04d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// jobStates counts warta's jobs by state.
func jobStates(t *testing.T, conn *pgx.Conn) map[string]int {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT state::text, count(*) FROM river_job WHERE kind LIKE 'warta\_%' AND kind != 'warta_schedule' GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		rows.Scan(&s, &n)
		out[s] = n
	}
	rows.Close()
	return out
}

// outcome is what a finished ingest left in the store.
type outcome struct {
	Documents, Articles, Clustered, Pages, Reports, DistinctReports int
}

func readOutcome(t *testing.T, conn *pgx.Conn) outcome {
	t.Helper()
	var o outcome
	err := conn.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM documents),
		(SELECT count(*) FROM articles),
		(SELECT count(*) FROM articles WHERE data::jsonb ? 'event_id' AND data->>'event_id' != ''),
		(SELECT COALESCE(sum(n), 0) FROM outlet_pages),
		(SELECT count(*) FROM events e, json_array_elements(e.data->'reports') r),
		(SELECT count(DISTINCT (r->>'article_id') || '#' || (r->>'index')) FROM events e, json_array_elements(e.data->'reports') r)`).
		Scan(&o.Documents, &o.Articles, &o.Clustered, &o.Pages, &o.Reports, &o.DistinctReports)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestKillWorkerMidBatch: a worker is killed with SIGKILL while it works
// a batch; another worker rescues its job and finishes. Nothing is lost
// (every document analyzed and clustered, as in a run without the kill)
// and nothing is stored twice (pages counted once, each report once).
func TestKillWorkerMidBatch(t *testing.T) {
	pages := writePages(t, 160)
	ctx := context.Background()

	// The reference: the same pages, worked in process without a fault.
	ref := pgtest.DSN(t)
	runWarta(t, "migrate", "--db", ref)
	runWarta(t, "ingest", pages, "--db", ref, "--batch", "10", "--jobs", "1")
	rconn, err := pgx.Connect(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	defer rconn.Close(ctx)
	want := readOutcome(t, rconn)
	if want.Articles != 160 || want.Clustered == 0 {
		t.Fatalf("reference run: %+v", want)
	}

	dsn := pgtest.DSN(t)
	runWarta(t, "migrate", "--db", dsn)
	runWarta(t, "ingest", pages, "--db", dsn, "--batch", "10", "--no-work")
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var log1 syncBuffer
	w1 := startWarta(t, &log1, "worker", "--db", dsn, "--jobs", "1", "--job-timeout", "20s", "--rescue-after", "21s")
	// Kill it while it analyzes a batch, after at least one batch went
	// through.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		st := jobStates(t, conn)
		var analyzing int
		conn.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'warta_analyze' AND state = 'running'`).Scan(&analyzing)
		if st["completed"] >= 1 && analyzing >= 1 {
			break
		}
		if time.Now().After(deadline) {
			w1.Process.Kill()
			t.Fatalf("no job ran within two minutes: %v\n%s", st, log1.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := w1.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	w1.Wait()
	stuck := jobStates(t, conn)
	t.Logf("killed the worker with jobs %v", stuck)
	if stuck["running"] == 0 {
		t.Fatalf("no job left running by the killed worker: %v", stuck)
	}

	var log2 syncBuffer
	w2 := startWarta(t, &log2, "worker", "--db", dsn, "--jobs", "2", "--job-timeout", "20s", "--rescue-after", "21s")
	defer func() {
		w2.Process.Signal(syscall.SIGTERM)
		w2.Wait()
	}()
	deadline = time.Now().Add(3 * time.Minute)
	for {
		st := jobStates(t, conn)
		open := st["available"] + st["running"] + st["retryable"] + st["scheduled"] + st["pending"]
		if open == 0 {
			if st["discarded"] > 0 {
				t.Fatalf("jobs given up: %v\n%s", st, log2.String())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs not finished after the rescue: %v\n%s", st, log2.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	got := readOutcome(t, conn)
	t.Logf("after the kill: %+v; without: %+v", got, want)
	if got.Documents != want.Documents || got.Articles != want.Articles || got.Pages != want.Pages || got.Clustered != want.Clustered {
		t.Fatalf("after the kill: %+v, want %+v", got, want)
	}
	if got.Reports != got.DistinctReports || got.Reports != want.Reports {
		t.Fatalf("reports: %d stored, %d distinct, %d without the kill", got.Reports, got.DistinctReports, want.Reports)
	}
}

// TestPostgresRestartUnderLoad restarts the PostgreSQL server while a
// worker works: the worker reconnects and finishes every job. It runs a
// server of its own (started with .ci/postgres), so that the restart
// does not disturb the other tests.
func TestPostgresRestartUnderLoad(t *testing.T) {
	pgtest.ServerDSN(t)
	script, err := filepath.Abs("../../.ci/postgres")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "warta-restart-pg-")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(56000 + os.Getpid()%1000)
	out, err := exec.Command(script, "start", dir, port).CombinedOutput()
	if err != nil {
		os.RemoveAll(dir)
		t.Skipf("cannot start a server of this test's own (needs root or the postgres user): %v\n%s", err, out)
	}
	defer exec.Command(script, "stop", dir).Run()
	dsn := strings.TrimSpace(string(out))

	pages := writePages(t, 120)
	ctx := context.Background()
	runWarta(t, "migrate", "--db", dsn)
	runWarta(t, "ingest", pages, "--db", dsn, "--batch", "5", "--no-work")
	var log syncBuffer
	w := startWarta(t, &log, "worker", "--db", dsn, "--jobs", "2", "--retry-base", "500ms")
	defer func() {
		w.Process.Signal(syscall.SIGTERM)
		w.Wait()
	}()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for st := jobStates(t, conn); st["completed"] < 3; st = jobStates(t, conn) {
		if time.Now().After(deadline) {
			t.Fatalf("no progress: %v\n%s", st, log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	before := jobStates(t, conn)
	conn.Close(ctx)
	if out, err := exec.Command(script, "restart", dir).CombinedOutput(); err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	t.Logf("restarted the server with jobs %v", before)
	conn, err = pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	deadline = time.Now().Add(3 * time.Minute)
	for {
		st := jobStates(t, conn)
		if st["available"]+st["running"]+st["retryable"]+st["scheduled"]+st["pending"] == 0 {
			if st["discarded"] > 0 {
				t.Fatalf("jobs given up after the restart: %v\n%s", st, log.String())
			}
			t.Logf("after the restart: %v; the worker retried %d job(s)", st, strings.Count(log.String(), "job failed, will retry"))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs not finished after the restart: %v\n%s", st, log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	got := readOutcome(t, conn)
	if got.Documents != 120 || got.Articles != 120 || got.Pages != 120 || got.Reports != got.DistinctReports {
		t.Fatalf("after the restart: %+v, want 120 documents, articles and pages, no report twice", got)
	}
	var stats warta.Stats
	conn.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&stats.Events)
	t.Logf("outcome %+v, %d events", got, stats.Events)
}
