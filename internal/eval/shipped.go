package eval

import (
	"embed"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// shipped is the development data warta ships with: the written event
// pages with their gold, and the news-corpus event keys (ids and labels,
// no article text). It is built into the binary so that `warta eval
// events` works from any folder, not only from the repository.
//
//go:embed testdata/events testdata/events-corpus
var shipped embed.FS

// shippedPrefix is where the shipped data lies in the repository; the
// default paths of `warta eval` name it relative to the repository root.
const shippedPrefix = "internal/eval/"

// readData reads a development data file: from disk when it is there,
// else, for a path inside internal/eval/testdata, the copy in the binary.
func readData(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return raw, err
	}
	if rel, ok := shippedName(path); ok {
		if b, serr := shipped.ReadFile(rel); serr == nil {
			return b, nil
		}
	}
	return nil, err
}

// DataExists reports whether readData finds path.
func DataExists(path string) bool {
	if _, err := os.Stat(path); err == nil {
		return true
	}
	rel, ok := shippedName(path)
	if !ok {
		return false
	}
	_, err := fs.Stat(shipped, rel)
	return err == nil
}

// shippedName maps a path ending in internal/eval/testdata/... (or
// starting at testdata/...) to its name in shipped.
func shippedName(path string) (string, bool) {
	p := filepath.ToSlash(filepath.Clean(path))
	if i := strings.LastIndex(p, shippedPrefix+"testdata/"); i >= 0 {
		return p[i+len(shippedPrefix):], true
	}
	if strings.HasPrefix(p, "testdata/") {
		return p, true
	}
	return "", false
}
