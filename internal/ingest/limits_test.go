package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

func gzipped(t *testing.T, b []byte, layers int) []byte {
	t.Helper()
	for range layers {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		b = buf.Bytes()
	}
	return b
}

// TestLimits: hostile inputs end in a bounded number of problems, and
// nesting gzip inside gzip stops at MaxGzipDepth.
func TestLimits(t *testing.T) {
	page := []byte("Banjir merendam Semarang pada Selasa pagi.")
	for _, tc := range []struct {
		name         string
		body         []byte
		wantDocs     int
		wantProblems int
		wantLast     string
	}{
		{"gzip once", gzipped(t, page, 1), 1, 0, ""},
		{"gzip three deep", gzipped(t, page, MaxGzipDepth), 1, 0, ""},
		{"gzip four deep", gzipped(t, page, MaxGzipDepth+1), 0, 1, "more than 3 deep"},
		{"gzip 200 deep", gzipped(t, page, 200), 0, 1, "more than 3 deep"},
		{"empty objects", gzipped(t, bytes.Repeat([]byte("{}\n"), 5000), 1), 0, DefaultMaxProblems + 1,
			"4000 more problems not listed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := 0
			probs, err := Read(context.Background(), "api", bytes.NewReader(tc.body), "", Options{},
				func(*warta.Document) error { docs++; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if docs != tc.wantDocs || len(probs) != tc.wantProblems {
				t.Fatalf("%d documents, %d problems (%v); want %d, %d", docs, len(probs), probs[:min(3, len(probs))], tc.wantDocs, tc.wantProblems)
			}
			if tc.wantLast != "" && !strings.Contains(probs[len(probs)-1].Msg, tc.wantLast) {
				t.Fatalf("last problem %q, want it to say %q", probs[len(probs)-1].Msg, tc.wantLast)
			}
		})
	}
}
