package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/store/sqlite"
)

// The crash tests kill warta with SIGKILL at random points and run it
// again; the store must end as a clean run leaves it. Short by default
// (a few hundred corpus articles, a few kills); long with
// `go test ./internal/cli -run Crash -args -crash.long` or
// WARTA_CRASH_LONG=1 (docs/reliability.md has the long run's figures).
var crashLong = flag.Bool("crash.long", false, "crash tests: the long run (more documents, 20 kills)")

// crashPlan is the size of a crash test run.
type crashPlan struct {
	docs  int // corpus articles ingested
	batch int // documents per batch
	kills int // SIGKILLs before the run that may finish
}

func planCrash(t *testing.T) crashPlan {
	if testing.Short() {
		t.Skip("builds warta and runs it many times; skipped with -short")
	}
	plan := crashPlan{docs: 600, batch: 100, kills: 4}
	if *crashLong || os.Getenv("WARTA_CRASH_LONG") != "" {
		plan = crashPlan{docs: 4000, batch: 400, kills: 20}
	}
	// WARTA_CRASH_DOCS=all and WARTA_CRASH_BATCH=2000 run the whole corpus
	// in batches as shipped (an hour or more on two busy cores).
	if v := os.Getenv("WARTA_CRASH_DOCS"); v == "all" {
		plan.docs = 1 << 30
	} else if n, err := strconv.Atoi(v); err == nil && n > 0 {
		plan.docs = n
	}
	if n, err := strconv.Atoi(os.Getenv("WARTA_CRASH_BATCH")); err == nil && n > 0 {
		plan.batch = n
	}
	return plan
}

// crashBinary builds warta into dir.
func crashBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build the binary with")
	}
	bin := filepath.Join(t.TempDir(), "warta")
	build := exec.Command(goTool, "build", "-o", bin, "../../cmd/warta")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashCorpus writes the first n news-corpus articles outside the
// reserved ids (and, when keep is given, among those it keeps) as JSONL
// and returns its path and the records.
func crashCorpus(t *testing.T, n int, keep ...func(id string) bool) (string, [][]byte) {
	t.Helper()
	shared := eval.SharedDir()
	if shared == "" {
		t.Skip("../shared not found (set WARTA_SHARED): the crash tests ingest news-corpus articles")
	}
	reserved := map[string]bool{}
	ids, err := os.ReadFile(filepath.Join(shared, "data", "news-corpus", "reserved-ids.txt"))
	if err != nil {
		t.Skipf("reserved ids: %v", err)
	}
	for _, l := range strings.Split(string(ids), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			reserved[l] = true
		}
	}
	f, err := os.Open(filepath.Join(shared, "data", "news-corpus", "click-id", "articles.jsonl.gz"))
	if err != nil {
		t.Skipf("news corpus: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	var recs [][]byte
	for sc.Scan() && len(recs) < n {
		var r struct{ ID string }
		if json.Unmarshal(sc.Bytes(), &r) != nil || reserved[r.ID] || len(keep) > 0 && !keep[0](r.ID) {
			continue
		}
		recs = append(recs, append([]byte(nil), sc.Bytes()...))
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, append(bytes.Join(recs, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, recs
}

// crashEnv is the environment of every warta run of a crash test.
func crashEnv(plan crashPlan, extra ...string) []string {
	env := append(os.Environ(), "WARTA_LOG_LEVEL=warn", fmt.Sprintf("WARTA_BATCH_DOCS=%d", plan.batch), "WARTA_WORKERS=2")
	return append(env, extra...)
}

// runWarta runs bin to the end; exit 3 (finished with input problems) is
// success here.
func runWarta(t *testing.T, env []string, args ...string) time.Duration {
	t.Helper()
	took, err := runWartaErr(env, args...)
	if err != nil {
		t.Fatal(err)
	}
	return took
}

func runWartaErr(env []string, args ...string) (time.Duration, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 3) {
		return 0, fmt.Errorf("%s: %w\n%s", strings.Join(args[1:], " "), err, stderr.String())
	}
	return time.Since(start), nil
}

// killAfter starts the command and SIGKILLs it after d, unless it ended
// before. It reports whether the kill came before the end.
func killAfter(t *testing.T, env []string, d time.Duration, args ...string) bool {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return false
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		return true
	}
}

// storePrint is what must be equal between a clean run and an
// interrupted one: every row of the documents and everything derived,
// search hits, and SQLite's own checks.
type storePrint struct {
	Counts    map[string]int
	Hashes    map[string]string
	Search    map[string]string
	Integrity string
}

func (p storePrint) String() string {
	b, _ := json.MarshalIndent(p, "", " ")
	return string(b)
}

// crashQueries are searches whose hits must not change.
var crashQueries = []string{"banjir", "jokowi", "gempa", "kpk", "presiden -jokowi", `"rumah sakit"`}

func printStore(t *testing.T, dir string) storePrint {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := storePrint{Counts: map[string]int{}, Hashes: map[string]string{}, Search: map[string]string{}}
	for name, q := range map[string]string{
		"documents": `SELECT id FROM documents ORDER BY id`,
		"articles":  `SELECT id, outlet, language, published_at, data FROM articles ORDER BY id`,
		"events":    `SELECT id, data FROM events ORDER BY id`,
		"keys":      `SELECT event_id, key FROM event_keys ORDER BY 1, 2`,
		"sigs":      `SELECT article_id, sig, duplicate_of FROM signatures ORDER BY 1`,
		"bands":     `SELECT band_key, article_id FROM lsh_bands ORDER BY 1, 2`,
		"lines":     `SELECT outlet, hash, n FROM outlet_lines ORDER BY 1, 2`,
		"pages":     `SELECT outlet, n FROM outlet_pages ORDER BY 1`,
		"problems":  `SELECT source, line, offset, stage, msg FROM problems ORDER BY 1, 2, 3, 4, 5`,
	} {
		n, h := hashRows(t, db.SQL(), q)
		p.Counts[name], p.Hashes[name] = n, h
	}
	if err := db.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&p.Integrity); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		p.Integrity += "; fts5: " + err.Error()
	}
	s := newSearcher()
	for _, text := range crashQueries {
		q, err := s.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		q.Limit = 200
		res, err := db.SearchArticles(ctx, q)
		if err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.Article.ID)
		}
		p.Search[text] = fmt.Sprintf("%d %s", res.Total, strings.Join(ids, ","))
	}
	return p
}

func hashRows(t *testing.T, db *sql.DB, q string) (int, string) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(any)
	}
	h := sha256.New()
	n := 0
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			fmt.Fprintf(h, "%v\x00", *(v.(*any)))
		}
		h.Write([]byte{'\n'})
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n, hex.EncodeToString(h.Sum(nil))[:16]
}

// samePrint fails the test where got differs from want.
func samePrint(t *testing.T, what string, want, got storePrint) {
	t.Helper()
	if got.Integrity != "ok" {
		t.Errorf("%s: integrity_check = %q", what, got.Integrity)
	}
	if want.String() != got.String() {
		t.Errorf("%s: the store differs from a clean run's\nclean: %s\ngot: %s", what, want, got)
	}
}

// killPoints are n random moments for n runs that resume each other's
// work, which takes about d in one clean run: each run is killed after a
// uniform draw from 0.2 s to 0.2 s + 2d/n, so the kills spread over the
// whole work instead of falling after its end.
func killPoints(rng *rand.Rand, n int, d time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(rng.Int64N(max(1, 2*int64(d)/int64(n)))) + 200*time.Millisecond
	}
	return out
}

func crashRand(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill points from seed %d", seed)
	return rand.New(rand.NewPCG(seed, 1))
}

// TestCrashIngest: `warta ingest` killed at random points and run again
// ends with the store of one clean run.
func TestCrashIngest(t *testing.T) {
	plan := planCrash(t)
	bin := crashBinary(t)
	corpus, _ := crashCorpus(t, plan.docs)
	env := crashEnv(plan)
	clean := t.TempDir()
	took := runWarta(t, env, bin, "ingest", "--data-dir", clean, corpus)
	want := printStore(t, clean)
	t.Logf("clean run: %s, %v", took, want.Counts)
	if want.Counts["articles"] == 0 || want.Counts["events"] == 0 {
		t.Fatalf("the clean run stored nothing to compare: %v", want.Counts)
	}
	dir := t.TempDir()
	rng := crashRand(t)
	killed := 0
	for i, d := range killPoints(rng, plan.kills, took) {
		if killAfter(t, env, d, bin, "ingest", "--data-dir", dir, corpus) {
			killed++
		}
		if i == plan.kills/2 {
			// Halfway, one check that an interrupted store is sound.
			if got := printStore(t, dir); got.Integrity != "ok" {
				t.Fatalf("after %d kills: integrity_check = %q", killed, got.Integrity)
			}
		}
	}
	rerun := runWarta(t, env, bin, "ingest", "--data-dir", dir, corpus)
	t.Logf("%d of %d runs killed before they ended; the last run took %s", killed, plan.kills, rerun)
	samePrint(t, "ingest after kills", want, printStore(t, dir))
}

// TestCrashReprocess: `warta reprocess` killed at random points resumes,
// from the next `warta reprocess` or `warta ingest`, and ends as one
// clean reprocess.
func TestCrashReprocess(t *testing.T) {
	plan := planCrash(t)
	bin := crashBinary(t)
	corpus, _ := crashCorpus(t, plan.docs)
	env := crashEnv(plan)
	base := t.TempDir()
	runWarta(t, env, bin, "ingest", "--data-dir", base, corpus)
	raw, err := os.ReadFile(filepath.Join(base, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	clean, dir := t.TempDir(), t.TempDir()
	for _, d := range []string{clean, dir} {
		if err := os.WriteFile(filepath.Join(d, "warta.db"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	took := runWarta(t, env, bin, "reprocess", "--data-dir", clean)
	want := printStore(t, clean)
	t.Logf("clean reprocess: %s, %v", took, want.Counts)
	rng := crashRand(t)
	killed := 0
	for _, d := range killPoints(rng, plan.kills, took) {
		if killAfter(t, env, d, bin, "reprocess", "--data-dir", dir) {
			killed++
		}
	}
	// An ingest of nothing new finishes the interrupted reprocess first.
	runWarta(t, env, bin, "ingest", "--data-dir", dir, corpus)
	t.Logf("%d of %d reprocess runs killed before they ended", killed, plan.kills)
	samePrint(t, "reprocess after kills", want, printStore(t, dir))
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveProc is a running `warta serve`.
type serveProc struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

func startServeProc(t *testing.T, env []string, bin, dir string) *serveProc {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--no-fetch", "--data-dir", dir, "--addr", addr)
	cmd.Env = append(env, "WARTA_TOKEN=crash-test-token")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, base: "http://" + addr, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	for deadline := time.Now().Add(60 * time.Second); ; {
		if resp, err := http.Get(p.base + "/healthz"); err == nil {
			resp.Body.Close()
			return p
		}
		select {
		case err := <-p.done:
			t.Fatalf("serve ended before listening: %v\n%s", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not listen within a minute\n%s", stderr.String())
		}
	}
}

// post sends one JSONL body to POST /api/v1/ingest and returns the status:
// 0 when the request went out and no answer came, -1 when the server
// could not be reached at all.
func (p *serveProc) post(body []byte) int {
	req, _ := http.NewRequest("POST", p.base+"/api/v1/ingest?source=crash", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer crash-test-token")
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := http.DefaultClient.Do(req)
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return -1
	}
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// postAll sends the records in bodies of per records, in order.
func (p *serveProc) postAll(t *testing.T, recs [][]byte, per int) {
	t.Helper()
	for i := 0; i < len(recs); i += per {
		body := append(bytes.Join(recs[i:min(i+per, len(recs))], []byte("\n")), '\n')
		if st := p.post(body); st != http.StatusOK {
			t.Fatalf("POST records %d-%d: status %d", i, min(i+per, len(recs)), st)
		}
	}
}

// TestCrashServe: `warta serve` SIGKILLed or SIGTERMed while clients POST
// the corpus; the clients post everything again after each restart, and
// the store ends as one clean series of posts leaves it. A SIGTERM must
// answer the client in flight and exit 0.
func TestCrashServe(t *testing.T) {
	plan := planCrash(t)
	bin := crashBinary(t)
	_, recs := crashCorpus(t, plan.docs)
	env := crashEnv(plan)
	per := 2 * plan.batch // bodies of two batches each
	clean := t.TempDir()
	srv := startServeProc(t, env, bin, clean)
	start := time.Now()
	srv.postAll(t, recs, per)
	took := time.Since(start)
	srv.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-srv.done; err != nil {
		t.Fatalf("serve after SIGTERM: %v", err)
	}
	want := printStore(t, clean)
	t.Logf("clean posts: %s, %v", took, want.Counts)

	dir := t.TempDir()
	rng := crashRand(t)
	answers := map[int]int{} // status → SIGTERMs during which a POST got it
	for i, d := range killPoints(rng, plan.kills, took) {
		srv := startServeProc(t, env, bin, dir)
		answered := make(chan int, 1)
		go func() {
			// Posts until one fails: the server is gone.
			for j := 0; j < len(recs); j += per {
				body := append(bytes.Join(recs[j:min(j+per, len(recs))], []byte("\n")), '\n')
				if st := srv.post(body); st != http.StatusOK {
					answered <- st
					return
				}
			}
			answered <- http.StatusOK
		}()
		time.Sleep(d)
		term := i%2 == 1
		if term {
			srv.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case err := <-srv.done:
				if err != nil {
					t.Errorf("serve after SIGTERM during a POST: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("serve still running 30 s after SIGTERM")
			}
			st := <-answered
			if st == 0 {
				t.Errorf("SIGTERM during a POST: the client got no answer")
			}
			answers[st]++
		} else {
			srv.cmd.Process.Kill()
			<-srv.done
			<-answered
		}
	}
	t.Logf("%d SIGKILLs, %d SIGTERMs; last status of the client at each SIGTERM (-1: between posts): %v", plan.kills-plan.kills/2, plan.kills/2, answers)
	srv = startServeProc(t, env, bin, dir)
	srv.postAll(t, recs, per)
	srv.cmd.Process.Signal(syscall.SIGTERM)
	<-srv.done
	samePrint(t, "serve after kills", want, printStore(t, dir))
}

// TestConcurrentIngest: two `warta ingest` of the same input at once into
// one fresh store both succeed and leave the store of one clean run (the
// second used to exit 0 with new=0 while the first was still analyzing,
// and first runs raced on the migrations).
func TestConcurrentIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds warta and runs it; skipped with -short")
	}
	plan := crashPlan{docs: 400, batch: 100}
	bin := crashBinary(t)
	corpus, _ := crashCorpus(t, plan.docs)
	env := crashEnv(plan)
	clean := t.TempDir()
	runWarta(t, env, bin, "ingest", "--data-dir", clean, corpus)
	want := printStore(t, clean)
	dir := t.TempDir()
	done := make(chan struct{}, 2)
	for range 2 {
		go func() {
			defer func() { done <- struct{}{} }()
			if _, err := runWartaErr(env, bin, "ingest", "--data-dir", dir, corpus); err != nil {
				t.Error(err)
			}
		}()
	}
	<-done
	<-done
	samePrint(t, "two ingests at once", want, printStore(t, dir))
}
