package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/export"
	"github.com/warta-news/warta/internal/metrics"
)

func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, err := run(t, dir, "", "ingest", examplePages(t)); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	out, _, err := run(t, dir, "", "export", "articles")
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 13 {
		t.Fatalf("articles JSONL: %d lines, want 13", len(lines))
	}
	file := filepath.Join(dir, "out", "a.csv")
	os.MkdirAll(filepath.Dir(file), 0o755)
	if _, stderr, err := run(t, dir, "", "export", "articles", "--format", "csv", "--q", "kpk", "--out", file); err != nil {
		t.Fatalf("export csv: %v\n%s", err, stderr)
	}
	f, _ := os.Open(file)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(export.ArticleColumns, ",") {
		t.Fatalf("KPK articles CSV: %d rows, %v", len(rows), err)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("export file mode %v (%v), want -rw-r--r--", st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "out", ".a.csv.*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	out, _, _ = run(t, dir, "", "export", "gdelt", "--entity", "per:sugiono", "--type", "consult")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 || !strings.Contains(out, "per:wang-yi") {
		t.Fatalf("gdelt for Sugiono's meetings:\n%s", out)
	}
	out, _, _ = run(t, dir, "", "export", "events")
	var ev map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &ev); err != nil || ev["event_id"] == nil || ev["sources"] == nil {
		t.Fatalf("events JSONL: %v %v", ev, err)
	}
	// Nothing matched: the export is empty, and warta says so.
	out, stderr, err := run(t, dir, "", "export", "articles", "--q", "zzzqqq")
	if err != nil || out != "" || !strings.Contains(stderr, "no article matches") {
		t.Errorf("empty export: %v, %q\n%s", err, out, stderr)
	}
	for _, args := range [][]string{{"export"}, {"export", "people"}, {"export", "events", "--type", "FOO"}, {"export", "events", "--format", "csv"}, {"export", "articles", "--q", "from:kemarin"}} {
		_, _, err := run(t, dir, "", args...)
		if code := NewMain().ExitCode(err); code != 2 {
			t.Errorf("warta %v: exit %d (%v), want 2", args, code, err)
		}
	}
}

func TestAlertsCommand(t *testing.T) {
	dir := t.TempDir()
	out, _, err := run(t, dir, "", "alerts", "add", "Sugiono", "--entity", "per:sugiono", "--type", "CONSULT")
	if err != nil || !strings.Contains(out, "alert 1") {
		t.Fatalf("alerts add: %v %s", err, out)
	}
	if _, _, err := run(t, dir, "", "alerts", "add", "Sugiono", "--q", "x"); NewMain().ExitCode(err) != 2 {
		t.Fatalf("same name again: %v", err)
	}
	if _, _, err := run(t, dir, "", "alerts", "add", "everything"); NewMain().ExitCode(err) != 2 {
		t.Fatalf("an alert matching everything: %v", err)
	}
	if _, stderr, err := run(t, dir, "", "ingest", examplePages(t)); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	out, _, _ = run(t, dir, "", "alerts", "list", "--json")
	var as []map[string]any
	if err := json.Unmarshal([]byte(out), &as); err != nil || len(as) != 1 || as[0]["name"] != "Sugiono" {
		t.Fatalf("alerts list: %v %s", err, out)
	}
	if out, _, err := run(t, dir, "", "alerts", "remove", "Sugiono"); err != nil || !strings.Contains(out, "removed") {
		t.Fatalf("alerts remove: %v %s", err, out)
	}
	if _, _, err := run(t, dir, "", "alerts", "remove", "Sugiono"); NewMain().ExitCode(err) != 2 {
		t.Fatalf("remove twice: %v", err)
	}
	if _, _, err := run(t, dir, "", "alerts"); NewMain().ExitCode(err) != 2 {
		t.Fatalf("alerts without subcommand: %v", err)
	}
	// Asking for help is no error.
	for _, h := range []string{"--help", "-h", "help"} {
		out, _, err := run(t, dir, "", "alerts", h)
		if code := NewMain().ExitCode(err); code != 0 || !strings.Contains(out, "add NAME") || !strings.Contains(out, "--backfill") {
			t.Errorf("alerts %s: exit %d (%v)\n%s", h, code, err, out)
		}
	}
	// A type no event has is refused, and the types are listed.
	_, _, err = run(t, dir, "", "alerts", "add", "foo", "--q", "banjir", "--type", "FOO")
	if code := NewMain().ExitCode(err); code != 2 || !strings.Contains(fmt.Sprint(err), "CONSULT") {
		t.Errorf("alerts add --type FOO: exit %d (%v), want 2 listing the types", code, err)
	}
	// A back-filled alert matches the archive at once and says how many.
	out, _, err = run(t, dir, "", "alerts", "add", "KPK", "--q", "kpk", "--backfill")
	if err != nil || !strings.Contains(out, "3 article(s) already stored match") {
		t.Fatalf("alerts add --backfill: %v\n%s", err, out)
	}
	out, _, _ = run(t, dir, "", "alerts", "add", "KPK later", "--q", "kpk")
	if strings.Contains(out, "already stored") {
		t.Errorf("an alert without --backfill matched the archive:\n%s", out)
	}
}

// TestServeWrites runs the server with a token: a page posted to
// /api/v1/ingest is analyzed, matched by an alert, shows in its feed and in
// /metrics, and can be deleted; without the token nothing changes.
func TestServeWrites(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := run(t, dir, "", "alerts", "add", "banjir", "--q", "banjir"); err != nil {
		t.Fatal(err)
	}
	m := NewMain()
	m.Stdout, m.Stderr = io.Discard, io.Discard
	m.Getenv = func(k string) string { return map[string]string{"WARTA_TOKEN": "s3cret"}[k] }
	base, stop := startServe(t, m, 60*time.Second, "--data-dir", dir)
	call := func(method, path, token, ctype, body string) (int, []byte) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	page := "Semarang - Banjir merendam 350 rumah warga di Kota Semarang, Jawa Tengah, Selasa (7/1/2025). \"Air mulai naik sejak sore,\" kata Kepala BPBD Endro Wibowo.\n"
	if code, _ := call("POST", "/api/v1/ingest", "", "text/plain", page); code != 401 {
		t.Fatalf("ingest without token: %d", code)
	}
	code, b := call("POST", "/api/v1/ingest", "s3cret", "text/plain", page)
	var res struct {
		Read, New int
		Articles  []struct{ ID string }
	}
	if err := json.Unmarshal(b, &res); code != 200 || err != nil || res.New != 1 || len(res.Articles) != 1 {
		t.Fatalf("ingest: %d %s", code, b)
	}
	id := res.Articles[0].ID
	// The alert matches in the background, poked by the ingest.
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, feed := call("GET", "/api/v1/alerts/1/feed.atom", "", "", "")
		if strings.Contains(string(feed), id) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed never showed the new article:\n%s", feed)
		}
		time.Sleep(20 * time.Millisecond)
	}
	code, b = call("GET", "/metrics", "", "", "")
	samples, err := metrics.Parse(bytes.NewReader(b))
	if code != 200 || err != nil {
		t.Fatalf("metrics: %d %v", code, err)
	}
	found := false
	for _, s := range samples {
		if s.Name == "warta_http_requests_total" && s.Labels["route"] == "/api/v1/ingest" && s.Labels["status"] == "200" && s.Value == 1 {
			found = true
		}
	}
	if !found {
		t.Fatalf("no request count for the ingest:\n%s", b)
	}
	if code, _ := call("DELETE", "/api/v1/articles/"+id, "s3cret", "", ""); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if code, _ := call("GET", "/api/v1/articles/"+id, "", "", ""); code != 404 {
		t.Fatalf("deleted article: %d", code)
	}
	code, b = call("GET", "/api/v1/export?what=articles&format=csv", "", "", "")
	if code != 200 || !strings.HasPrefix(string(b), "id,published") {
		t.Fatalf("export over HTTP: %d %.80s", code, b)
	}
	if code, _ := call("GET", "/healthz", "", "", ""); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve shutdown: %v", err)
	}
}

func TestConfigRedactsToken(t *testing.T) {
	var out bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &out, io.Discard
	m.Getenv = func(k string) string { return map[string]string{"WARTA_TOKEN": "s3cret"}[k] }
	if err := m.Run(context.Background(), []string{"config", "--data-dir", t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "s3cret") || !strings.Contains(out.String(), `"token": "REDACTED"`) {
		t.Fatalf("warta config shows the token:\n%s", out.String())
	}
}

// TestIngestQueue checks the /metrics queue gauge: it counts documents
// read and not yet stored while an ingest runs, and is back at zero after.
func TestIngestQueue(t *testing.T) {
	m := NewMain()
	m.Stdout, m.Stderr = io.Discard, io.Discard
	m.Config.DataDir = t.TempDir()
	store, err := m.openStore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var seen []int64
	walk := func(fn func(*warta.Document) error) ([]warta.Problem, error) {
		for i := range 3 {
			raw := []byte(fmt.Sprintf("Banjir merendam Semarang, berita %d.", i))
			if err := fn(&warta.Document{ID: warta.ContentID(raw), Source: "q.txt", Format: warta.FormatText, Raw: raw,
				Text: string(raw), TextFormat: warta.FormatText}); err != nil {
				return nil, err
			}
			seen = append(seen, m.ingestQueue().Value())
		}
		return nil, nil
	}
	sum, err := m.ingestFrom(context.Background(), store, walk, ingestOptions{})
	if err != nil || sum.created != 3 {
		t.Fatalf("ingest: %v %+v", err, sum)
	}
	if fmt.Sprint(seen) != "[1 2 3]" || m.ingestQueue().Value() != 0 {
		t.Fatalf("queue while reading %v, after %d; want [1 2 3] and 0", seen, m.ingestQueue().Value())
	}
}
