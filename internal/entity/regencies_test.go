package entity

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite knowledge/regencies.tsv from the shared gazetteer")

// TestRegenciesFile checks that knowledge/regencies.tsv is what
// RegencyKnowledge makes of the shared gazetteer (-update rewrites it).
func TestRegenciesFile(t *testing.T) {
	src := filepath.Join(sharedForTest(t), "data", "gazetteer", "wilayah", "regencies.tsv")
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ks, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	var others []*known
	for _, k := range ks {
		if !k.regency {
			others = append(others, k)
		}
	}
	got, err := RegencyKnowledge(f, others)
	if err != nil {
		t.Fatal(err)
	}
	const path = "knowledge/regencies.tsv"
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from what the gazetteer gives: run go test ./internal/entity -run TestRegenciesFile -update", path)
	}
	for _, line := range strings.Split(string(got), "\n") {
		if strings.HasPrefix(line, "loc:bone\t") && !strings.Contains(line, "\tKabupaten Bone\t") {
			t.Errorf("an ordinary word stands alone as a place: %s", line)
		}
	}
}

// sharedForTest finds ../shared (or $WARTA_SHARED) or skips.
func sharedForTest(t testing.TB) string {
	t.Helper()
	for _, d := range []string{os.Getenv("WARTA_SHARED"), filepath.Join("..", "..", "..", "shared")} {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "data", "gazetteer")); err == nil {
			return d
		}
	}
	t.Skip("../shared not found (set WARTA_SHARED): skipping the regencies file check")
	return ""
}
