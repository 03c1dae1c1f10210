package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestSearchCommand runs `warta search` over the example pages as a
// reader types it: exclusions only, an outlet by its short name, limits
// outside the documented range, a query with no result.
func TestSearchCommand(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, err := run(t, dir, "", "ingest", examplePages(t)); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	all, _, err := run(t, dir, "", "search", "--limit", "200")
	if err != nil || !strings.HasPrefix(all, "13 article(s)") {
		t.Fatalf("all: %v\n%s", err, firstLine(all))
	}
	// search runs warta with the data dir before "--", as a person would.
	search := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		m := NewMain()
		m.Stdout, m.Stderr = &out, &errb
		m.Getenv = func(string) string { return "" }
		err := m.Run(context.Background(), append([]string{"search", "--data-dir", dir}, args...))
		return out.String(), err
	}
	for _, c := range []struct {
		name  string
		args  []string
		first string // the first line, or the usage error
		has   string
	}{
		// Three example pages tell of the KPK; the other ten do not.
		{"exclusions only", []string{"--", "-kpk"}, "10 article(s)", ""},
		{"exclusions after words", []string{"menlu", "--", "-kpk"}, "", ""},
		{"an outlet by its short name", []string{"outlet:kompas", "kunjungan"}, "1 article(s)", "Kompas.com · "},
		{"an outlet flag by its domain", []string{"--outlet", "www.kompas.com", "kunjungan"}, "1 article(s)", "Kompas.com · "},
		{"an outlet by a prefix", []string{"outlet:detik.co", "kunjungan"}, "1 article(s)", "detikcom · "},
		{"an unknown outlet lists the outlets", []string{"outlet:bisnis.com", "kunjungan"}, `usage: no outlet "bisnis.com"; outlets: ANTARA, CNBC Indonesia`, ""},
		{"limit 0", []string{"--limit", "0", "kpk"}, "usage: --limit 0: want 1 to 200", ""},
		{"limit 201", []string{"--limit", "201", "kpk"}, "usage: --limit 201: want 1 to 200", ""},
		{"negative offset", []string{"--offset", "-1", "kpk"}, "usage: --offset -1: want 0 or more", ""},
		{"nothing found", []string{"zzzqqq"}, "0 article(s)", "No article matches."},
		{"past the last page", []string{"--offset", "50", "kpk"}, "3 article(s)", "No results past --offset 50."},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := search(c.args...)
			var ue *UsageError
			if errors.As(err, &ue) {
				out = "usage: " + ue.Msg
			} else if err != nil {
				t.Fatalf("%v", err)
			}
			if c.first != "" && !strings.HasPrefix(out, c.first) {
				t.Errorf("got %q, want it to start with %q", firstLine(out), c.first)
			}
			if !strings.Contains(out, c.has) {
				t.Errorf("output lacks %q:\n%s", c.has, out)
			}
			if c.name == "exclusions only" && strings.Contains(strings.ToLower(out), "kpk") {
				t.Errorf("an article about the KPK was found:\n%s", out)
			}
		})
	}
}

// TestReadmeExampleQuery: the query the README tells a new user to try
// finds articles in the data the README's first command loads.
func TestReadmeExampleQuery(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/api/v1/articles\?q=([^'\s]+)'`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no example query")
	}
	dir := t.TempDir()
	if _, stderr, err := run(t, dir, "", "ingest", examplePages(t)); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	words := strings.Fields(strings.ReplaceAll(string(m[1]), "+", " "))
	out, _, err := run(t, dir, "", append([]string{"search"}, words...)...)
	if err != nil || strings.HasPrefix(out, "0 article") {
		t.Fatalf("README's example query %q finds nothing in examples/pages: %v\n%s", m[1], err, firstLine(out))
	}
}

// TestTimelineCommand: the timeline lists each event by what happened (its
// label, as the pages do) with its kind as a small tag, not by a type code.
func TestTimelineCommand(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, err := run(t, dir, "", "ingest", examplePages(t)); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	out, stderr, err := run(t, dir, "", "timeline", "--entity", "sugiono", "--with", "wang yi")
	if err != nil {
		t.Fatalf("timeline: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "→ Sugiono (per:sugiono)") || !strings.Contains(stderr, "→ Wang Yi (per:wang-yi)") {
		t.Errorf("the resolved entities are not named:\n%s", stderr)
	}
	lines := strings.Split(out, "\n")
	var meeting int
	for i, l := range lines {
		if strings.HasPrefix(l, "2025-05-06 ") {
			meeting = i
		}
	}
	if meeting == 0 || meeting+1 >= len(lines) {
		t.Fatalf("no event on 2025-05-06 after the earlier meeting:\n%s", out)
	}
	first, second := lines[meeting], lines[meeting+1]
	if !strings.HasSuffix(first, " [consult]") || strings.Contains(first, "CONSULT") {
		t.Errorf("event line %q: want a label with a [consult] tag", first)
	}
	if !strings.Contains(second, "Sugiono, Wang Yi") || !strings.Contains(second, "4 report(s)") {
		t.Errorf("facts line %q: want the actors and the report count", second)
	}
}
