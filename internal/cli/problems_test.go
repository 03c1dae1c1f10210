package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProblemsCommand: problems of a run are stored once however often
// the input is read again, and `warta problems` filters them.
func TestProblemsCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "berita.jsonl")
	body := `{"title":"Banjir di Semarang","text":"Banjir merendam ratusan rumah di Semarang, Jawa Tengah, pada Selasa (6/7/2021)."}
bukan json
{}
`
	if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, stderr, err := run(t, dir, "", "ingest", in); err == nil || !strings.Contains(stderr, "problem:") {
			t.Fatalf("ingest: %v, want problems printed\n%s", err, stderr)
		}
	}
	if _, _, err := run(t, dir, "", "reprocess"); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, dir, "", "problems", "--limit", "0")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	seen := map[string]bool{}
	for _, l := range lines {
		key := l[len("2006-01-02 15:04:05  "):]
		if seen[key] {
			t.Errorf("stored twice: %s", key)
		}
		seen[key] = true
	}
	if len(lines) < 2 {
		t.Fatalf("want the two bad lines among the problems:\n%s", out)
	}
	for _, tc := range []struct {
		args []string
		want int // lines
	}{
		{[]string{"--stage", "ingest"}, 2},
		{[]string{"--source", "berita.jsonl"}, len(lines)},
		{[]string{"--source", "nowhere"}, 0},
		{[]string{"--since", time.Now().UTC().Add(24 * time.Hour).Format("2006-01-02")}, 0},
		{[]string{"--until", time.Now().UTC().Add(24 * time.Hour).Format("2006-01-02")}, len(lines)},
	} {
		out, _, err := run(t, dir, "", append([]string{"problems"}, tc.args...)...)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		got := 0
		if s := strings.TrimSpace(out); s != "" {
			got = len(strings.Split(s, "\n"))
		}
		if got != tc.want {
			t.Errorf("problems %v: %d lines, want %d\n%s", tc.args, got, tc.want, out)
		}
	}
	if _, _, err := run(t, dir, "", "problems", "--since", "kemarin"); err == nil {
		t.Error("a bad --since must be a usage error")
	}
}
