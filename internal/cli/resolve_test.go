package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/warta-news/warta/internal/query/querytest"
)

// TestResolverEverywhere sends every name of the resolver's table through
// the commands that take an entity: export --entity, alerts add --entity,
// quotes --speaker, timeline --entity and entities. Each must pick the same entity
// and say so.
func TestResolverEverywhere(t *testing.T) {
	dir := t.TempDir()
	m := NewMain()
	m.Config.DataDir = dir
	db, err := m.openSQLite(context.Background(), m.Config.DSN())
	if err != nil {
		t.Fatal(err)
	}
	querytest.Fixture(t, db)
	db.Close()
	for i, tc := range querytest.Cases {
		if tc.Query == "" {
			continue
		}
		t.Run(tc.Query, func(t *testing.T) {
			says := "(" + tc.Want + ")"
			out, stderr, err := run(t, dir, "", "export", "articles", "--entity", tc.Query)
			if tc.Code != "" {
				if err == nil {
					t.Errorf("export --entity %q: no error", tc.Query)
				}
				if _, _, err := run(t, dir, "", "timeline", "--entity", tc.Query); err == nil {
					t.Errorf("timeline --entity %q: no error", tc.Query)
				}
				return
			}
			if err != nil {
				t.Fatalf("export: %v\n%s", err, stderr)
			}
			if n, want := strings.Count(out, "\n"), len(querytest.Articles(tc.Want)); n != want {
				t.Errorf("export: %d articles, want %d", n, want)
			}
			if tc.Query != tc.Want && !strings.Contains(stderr, says) {
				t.Errorf("export does not say it chose %s: %q", tc.Want, stderr)
			}
			if out, stderr, err := run(t, dir, "", "entities", tc.Query); err != nil || !strings.Contains(stderr, says) ||
				!strings.HasPrefix(out, tc.Want+" ") {
				t.Errorf("entities: %v, stderr %q, first line %q; want %s first", err, stderr, firstLine(out), tc.Want)
			}
			if _, stderr, err := run(t, dir, "", "timeline", "--entity", tc.Query); err != nil || !strings.Contains(stderr, says) {
				t.Errorf("timeline: %v, stderr %q, want it to name %s", err, stderr, tc.Want)
			}
			if _, stderr, err := run(t, dir, "", "quotes", "--speaker", tc.Query); err != nil || !strings.Contains(stderr, says) {
				t.Errorf("quotes: %v, stderr %q, want it to name %s", err, stderr, tc.Want)
			}
			name := fmt.Sprintf("alert-%d", i)
			if _, stderr, err := run(t, dir, "", "alerts", "add", name, "--entity", tc.Query); err != nil {
				t.Fatalf("alerts add: %v\n%s", err, stderr)
			}
			out, _, err = run(t, dir, "", "alerts", "list", "--json")
			if err != nil {
				t.Fatal(err)
			}
			var alerts []struct {
				Name     string   `json:"name"`
				Entities []string `json:"entities"`
			}
			if err := json.Unmarshal([]byte(out), &alerts); err != nil {
				t.Fatalf("alerts list --json: %v: %s", err, out)
			}
			for _, a := range alerts {
				if a.Name == name && (len(a.Entities) != 1 || a.Entities[0] != tc.Want) {
					t.Errorf("alert stored with entities %v, want [%s]", a.Entities, tc.Want)
				}
			}
		})
	}
}
