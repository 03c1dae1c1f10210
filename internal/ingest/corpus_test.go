package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

// sharedDir finds the shared data directory: $WARTA_SHARED, or ../shared
// next to the repository root (the directory holding go.mod).
func sharedDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("WARTA_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func corpusPath(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(sharedDir(tb), "data", "news-corpus", "click-id", "articles.jsonl.gz")
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("news corpus not found (%v): set WARTA_SHARED or put the shared directory next to the repository", err)
	}
	return path
}

// TestCorpus reads the CLICK-ID news corpus: every line is accounted for,
// and no Mac Roman mojibake survives in the text or the titles.
func TestCorpus(t *testing.T) {
	path := corpusPath(t)
	var n, html, withURL, withOutlet, mangled int
	ids := map[string]bool{}
	problems, err := Walk(context.Background(), []string{path}, nil, Options{}, func(d *warta.Document) error {
		n++
		ids[d.ID] = true
		if d.TextFormat == warta.FormatHTML {
			html++
		}
		if strings.HasPrefix(d.URL, "http") {
			withURL++
		}
		if d.Hints.Outlet != "" {
			withOutlet++
		}
		if strings.Contains(d.Text, "¬†") || strings.Contains(d.Text, "‚Äú") || strings.Contains(d.Text, "‚Äù") || strings.Contains(d.Text, "ÿß") || strings.Contains(d.Hints.Title, "¬†") {
			mangled++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents (%d distinct), %d problems, %d with URL, %d with outlet", n, len(ids), len(problems), withURL, withOutlet)
	// Some 0.5 % of the corpus' records have an empty text (quizzes,
	// galleries); those, and only those, are problems.
	if n+len(problems) != 22136 || len(problems) > 221 {
		t.Errorf("%d documents and %d problems, want 22,136 lines with under 1 %% problems", n, len(problems))
	}
	for _, p := range problems {
		if p.Msg != "record has neither text nor html" || p.Line == 0 {
			t.Errorf("unexpected problem: %v", p)
		}
	}
	if html != 0 || withURL != n || withOutlet != n {
		t.Errorf("%d html, %d with URL, %d with outlet of %d", html, withURL, withOutlet, n)
	}
	if mangled > 0 {
		t.Errorf("%d documents still hold Mac Roman mojibake", mangled)
	}
}

// BenchmarkCorpus reads the compressed news corpus end to end.
func BenchmarkCorpus(b *testing.B) {
	path := corpusPath(b)
	b.ReportAllocs()
	docs := 0
	start := time.Now()
	for b.Loop() {
		_, err := Walk(context.Background(), []string{path}, nil, Options{}, func(*warta.Document) error {
			docs++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(docs)/time.Since(start).Seconds(), "docs/s")
}
