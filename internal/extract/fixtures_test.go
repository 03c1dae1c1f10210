package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixtureDir holds the example pages: the pages the README's first command
// ingests are also the extractor's fixtures (written by the warta
// developers in the shape of each outlet). Expected body lines, written by
// hand, are in testdata/expected/<case>.body; the full expected articles
// are testdata/<case>.golden.json.
const fixtureDir = "../../examples/pages"

func loadFixture(t *testing.T, name string) *warta.Document {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	d := &warta.Document{ID: warta.ContentID(raw), Source: name, Format: warta.FormatText, Raw: raw, Text: string(raw), TextFormat: warta.FormatText}
	if strings.HasSuffix(name, ".html") {
		d.Format, d.TextFormat = warta.FormatHTML, warta.FormatHTML
	}
	return d
}

func fixtures(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	if len(out) < 12 {
		t.Fatalf("want at least 12 outlet fixtures, have %d", len(out))
	}
	return out
}

func caseName(file string) string { return strings.TrimSuffix(file, filepath.Ext(file)) }

// TestGolden compares each fixture's article with its golden file; -update
// rewrites them (review the diff like code).
func TestGolden(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range fixtures(t) {
		name := caseName(f)
		seen[name+".golden.json"] = true
		t.Run(name, func(t *testing.T) {
			a, probs := Extract(loadFixture(t, f), Options{})
			a.PublishedAt = a.PublishedAt.UTC()
			got, _ := json.MarshalIndent(struct {
				A *warta.Article  `json:"article"`
				P []warta.Problem `json:"problems"`
			}{a, probs}, "", "  ")
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("no golden file (run go test ./internal/extract -update): %v", err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Fatalf("article differs from %s:\n%s", path, lineDiff(string(want), string(got)))
			}
		})
	}
	// Orphaned goldens mean a fixture was removed without its golden.
	gs, _ := filepath.Glob("testdata/*.golden.json")
	for _, g := range gs {
		if !seen[filepath.Base(g)] {
			t.Errorf("orphaned golden file %s", g)
		}
	}
}

// lineDiff shows the lines that differ between want and got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}

// TestFixtureBodyLines measures line-level precision and recall of the
// body against the hand-written expected lines, per fixture and overall.
func TestFixtureBodyLines(t *testing.T) {
	var tp, fp, fn int
	for _, f := range fixtures(t) {
		exp, err := os.ReadFile(filepath.Join("testdata", "expected", caseName(f)+".body"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want := map[string]bool{}
		for _, l := range strings.Split(strings.TrimSpace(string(exp)), "\n") {
			want[strings.TrimSpace(l)] = true
		}
		a, _ := Extract(loadFixture(t, f), Options{})
		got := map[string]bool{}
		for _, p := range a.Paragraphs {
			got[p] = true
			if want[p] {
				tp++
			} else {
				fp++
				t.Errorf("%s: kept clutter %q", f, p)
			}
		}
		for l := range want {
			if !got[l] {
				fn++
				t.Errorf("%s: lost body line %q", f, l)
			}
		}
	}
	p, r := float64(tp)/float64(max(1, tp+fp)), float64(tp)/float64(max(1, tp+fn))
	t.Logf("fixtures: body line precision %.3f recall %.3f (%d kept, %d clutter kept, %d lost)", p, r, tp, fp, fn)
}

func TestRepetitionAcrossPagesOfAnOutlet(t *testing.T) {
	sidebar := []string{"Rekomendasi Untuk Anda Hari Ini", "Harga Emas Antam Naik Tipis Pagi Ini", "Jadwal Pemadaman Listrik Wilayah Bekasi"}
	page := func(body string) *warta.Document {
		text := "Contoh.id - " + body + " Warga diminta tetap waspada terhadap hujan deras yang diperkirakan masih turun.\nPetugas terus memantau ketinggian air di sejumlah titik sejak pagi.\n" + strings.Join(sidebar, "\n") + "\n"
		return &warta.Document{ID: warta.ContentID([]byte(text)), Source: "x.txt", Format: warta.FormatText, Text: text, TextFormat: warta.FormatText, URL: "https://contoh.id/a"}
	}
	counts := map[uint64]int{}
	for _, s := range sidebar {
		counts[LineHash(s)] = 4
	}
	rep := func(outlet string, hs []uint64) (map[uint64]int, int) { return counts, 5 }
	a, _ := Extract(page("Banjir melanda Bekasi sejak Senin."), Options{Repeats: rep})
	if len(a.Paragraphs) != 2 {
		t.Fatalf("paragraphs = %q: the sidebar repeated on other pages must be dropped", a.Paragraphs)
	}
	boiler := 0
	for _, c := range a.Clutter {
		if c.Kind == warta.ClutterBoilerplate || c.Kind == warta.ClutterList || c.Kind == warta.ClutterFooter {
			boiler++
		}
	}
	if boiler != len(sidebar) {
		t.Fatalf("clutter = %+v", a.Clutter)
	}
}

func FuzzExtract(f *testing.F) {
	ents, _ := os.ReadDir(fixtureDir)
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(fixtureDir, e.Name()))
		f.Add(string(b), strings.HasSuffix(e.Name(), ".html"))
	}
	f.Fuzz(func(t *testing.T, text string, html bool) {
		d := &warta.Document{ID: "f", Source: "f", Format: warta.FormatText, Text: text, TextFormat: warta.FormatText}
		if html {
			d.Format, d.TextFormat = warta.FormatHTML, warta.FormatHTML
		}
		a, _ := Extract(d, Options{})
		if !html {
			// Lines are cleaned as splitLines does.
			norm := strings.Map(lineRune, text)
			for _, p := range a.Paragraphs {
				if !strings.Contains(norm, p) {
					t.Fatalf("paragraph %q is not from the input", p)
				}
			}
		}
	})
}

func BenchmarkExtractText(b *testing.B) {
	ents, _ := os.ReadDir(fixtureDir)
	var docs []*warta.Document
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".txt") {
			raw, _ := os.ReadFile(filepath.Join(fixtureDir, e.Name()))
			docs = append(docs, &warta.Document{ID: "b", Source: e.Name(), Format: warta.FormatText, Text: string(raw), TextFormat: warta.FormatText})
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Extract(docs[i%len(docs)], Options{})
	}
}
