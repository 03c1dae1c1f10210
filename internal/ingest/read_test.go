package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name, format, body string
		wantSources        []string
		wantFormats        []warta.Format
		wantProblems       int
	}{
		{"text as told", "text", "{Bukan JSON}\nBanjir merendam Semarang.", []string{"api"}, []warta.Format{warta.FormatText}, 0},
		{"html", "html", "<p>Banjir merendam Semarang.</p>", []string{"api"}, []warta.Format{warta.FormatHTML}, 0},
		{"jsonl with a bad line", "jsonl", "{\"text\":\"Banjir di Semarang.\"}\nbukan json\n{\"text\":\"Gempa di Cianjur.\"}\n",
			[]string{"api:1", "api:3"}, []warta.Format{warta.FormatJSON, warta.FormatJSON}, 1},
		{"sniffed jsonl", "", "{\"text\":\"Banjir di Semarang.\"}\n", []string{"api:1"}, []warta.Format{warta.FormatJSON}, 0},
		{"unknown format", "pdf", "x", nil, nil, 1},
		{"empty", "text", "", nil, nil, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var docs []*warta.Document
			probs, err := Read(context.Background(), "api", strings.NewReader(tc.body), tc.format, Options{}, func(d *warta.Document) error {
				docs = append(docs, d)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != len(tc.wantSources) || len(probs) != tc.wantProblems {
				t.Fatalf("%d docs %v, %d problems %v; want %v and %d problems", len(docs), sources(docs), len(probs), probs, tc.wantSources, tc.wantProblems)
			}
			for i, d := range docs {
				if d.Source != tc.wantSources[i] || d.Format != tc.wantFormats[i] || d.ID == "" {
					t.Errorf("doc %d: source %q format %q id %q", i, d.Source, d.Format, d.ID)
				}
			}
		})
	}
}

func TestFormatOf(t *testing.T) {
	for mt, want := range map[string]string{
		"text/plain; charset=windows-1252": "text",
		"text/html":                        "html",
		"application/x-ndjson":             "jsonl",
		"application/jsonl":                "jsonl",
		"application/json":                 "json",
		"application/warc":                 "warc",
		"application/octet-stream":         "",
		"":                                 "",
	} {
		if got := FormatOf(mt); got != want {
			t.Errorf("FormatOf(%q) = %q, want %q", mt, got, want)
		}
	}
}
