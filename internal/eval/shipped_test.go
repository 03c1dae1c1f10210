package eval

import (
	"path/filepath"
	"testing"
)

// TestShippedDataFromAnyFolder: `warta eval events` names its data
// relative to the repository; run from another folder it reads the copy
// built into the binary ("open internal/eval/testdata/events/gold.json:
// no such file" before).
func TestShippedDataFromAnyFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	g, err := LoadEventsGold("internal/eval/testdata/events")
	if err != nil {
		t.Fatalf("development gold from another folder: %v", err)
	}
	if len(g.Events) == 0 || len(g.Articles) == 0 {
		t.Fatalf("development gold is empty: %d events, %d articles", len(g.Events), len(g.Articles))
	}
	for name := range g.Articles {
		if _, err := readData(filepath.Join("internal/eval/testdata/events", "pages", name)); err != nil {
			t.Fatalf("page %s: %v", name, err)
		}
	}
	if !DataExists("internal/eval/testdata/events-corpus/dev.tsv") {
		t.Fatal("the news-corpus development key is not shipped")
	}
	if _, err := LoadEventKey("internal/eval/testdata/events-corpus/dev.tsv"); err != nil {
		t.Fatal(err)
	}
	// Only the shipped folder is served from the binary.
	if DataExists("some/other/gold.json") || DataExists("internal/eval/testdata/events/nope.json") {
		t.Fatal("a file that is neither on disk nor shipped exists")
	}
}
