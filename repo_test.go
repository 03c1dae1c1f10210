package warta_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// goPackages maps each directory holding Go files to its non-test files.
func goPackages(t *testing.T) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			pkgs[filepath.Dir(path)] = append(pkgs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// TestPackageDocs checks that every package has exactly one package doc
// comment, and that it lives in doc.go (or main.go for commands).
func TestPackageDocs(t *testing.T) {
	for dir, files := range goPackages(t) {
		var docs []string
		for _, f := range files {
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ParseComments|parser.PackageClauseOnly)
			if err != nil {
				t.Fatal(err)
			}
			if af.Doc != nil {
				docs = append(docs, f)
				if want := "Package " + af.Name.Name + " "; af.Name.Name != "main" && !strings.HasPrefix(af.Doc.Text(), want) {
					t.Errorf("%s: package doc should start with %q", f, want)
				}
			}
		}
		if len(docs) != 1 {
			t.Errorf("%s: %d package doc comments (%v), want exactly 1", dir, len(docs), docs)
		}
	}
}

// TestStageImports enforces the one-way data flow: stage packages never
// reach for the store, the server, the CLI or the network.
func TestStageImports(t *testing.T) {
	stages := []string{"internal/extract", "internal/langid", "internal/text", "internal/date", "internal/entity",
		"internal/quote", "internal/event", "internal/cluster", "internal/search", "internal/ingest"}
	forbidden := []string{"/internal/store", "/internal/api", "/internal/ui", "/internal/server", "/internal/cli",
		"/internal/pipeline", "net/http"}
	// Fetching is the ingest transports' job; they alone may use net/http,
	// and are otherwise held to the same rule: the crawler reaches the
	// store only through warta's interfaces and a sink it is given. The
	// WARC reader uses net/http only to parse archived HTTP responses.
	transports := []string{"internal/ingest/crawl", "internal/ingest/feed", "internal/ingest/sitemap", "internal/ingest/fetch", "internal/ingest/warc"}
	for dir, files := range goPackages(t) {
		slash := filepath.ToSlash(dir)
		isStage, isTransport := false, false
		for _, s := range stages {
			if slash == s || strings.HasPrefix(slash, s+"/") {
				isStage = true
			}
		}
		for _, s := range transports {
			if slash == s || strings.HasPrefix(slash, s+"/") {
				isTransport = true
			}
		}
		if !isStage {
			continue
		}
		for _, f := range files {
			for _, path := range importsOf(t, f) {
				for _, bad := range forbidden {
					if isTransport && bad == "net/http" {
						continue
					}
					if path == bad || strings.HasSuffix(path, bad) || strings.Contains(path, bad+"/") {
						t.Errorf("%s imports %s: stage packages must not depend on %s", f, path, bad)
					}
				}
			}
		}
	}
}

// importsOf lists the import paths of a Go file.
func importsOf(t *testing.T, file string) []string {
	t.Helper()
	af, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, imp := range af.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		out = append(out, path)
	}
	return out
}

// TestIngestComesFirst keeps ingest (files and live sources alike) ahead of
// the analysis stages: it produces documents and never reaches forward
// into extraction or analysis, so fetched pages take the same path as
// files.
func TestIngestComesFirst(t *testing.T) {
	later := []string{"/internal/extract", "/internal/langid", "/internal/text", "/internal/date", "/internal/entity",
		"/internal/quote", "/internal/event", "/internal/cluster", "/internal/search"}
	for dir, files := range goPackages(t) {
		slash := filepath.ToSlash(dir)
		if slash != "internal/ingest" && !strings.HasPrefix(slash, "internal/ingest/") {
			continue
		}
		for _, f := range files {
			for _, path := range importsOf(t, f) {
				for _, bad := range later {
					if strings.HasSuffix(path, bad) || strings.Contains(path, bad+"/") {
						t.Errorf("%s imports %s: ingest comes before %s", f, path, bad)
					}
				}
			}
		}
	}
}

// TestServingLayers keeps the product's questions in one place: the web
// pages, the CLI and alerts ask internal/query, never the API's handlers,
// and the query layer serves them without knowing of HTTP or pages. Before
// this held, the pages and the CLI called api.Entities and api.Timeline,
// and each surface grew its own way of reading a name.
func TestServingLayers(t *testing.T) {
	rules := []struct {
		dir       string
		forbidden []string
	}{
		{"internal/ui", []string{"/internal/api"}},
		{"internal/alert", []string{"/internal/api", "/internal/ui"}},
		{"internal/query", []string{"/internal/api", "/internal/ui", "/internal/cli", "/internal/server", "net/http"}},
	}
	pkgs := goPackages(t)
	for _, rule := range rules {
		files, ok := pkgs[filepath.FromSlash(rule.dir)]
		if !ok {
			t.Errorf("%s: no Go files; the rule guards nothing", rule.dir)
			continue
		}
		for _, f := range files {
			for _, path := range importsOf(t, f) {
				for _, bad := range rule.forbidden {
					if path == bad || strings.HasSuffix(path, bad) {
						t.Errorf("%s imports %s: %s must not depend on %s", f, path, rule.dir, bad)
					}
				}
			}
		}
	}
}
