package eval

import (
	"os"
	"path/filepath"
)

// SharedDir finds ../shared next to the repository (or $WARTA_SHARED), or
// returns "" when it is absent, as in a user's fresh clone.
func SharedDir() string {
	if d := os.Getenv("WARTA_SHARED"); d != "" {
		if _, err := os.Stat(d); err == nil {
			return d
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			s := filepath.Join(d, "..", "shared")
			if _, err := os.Stat(filepath.Join(s, "seeds")); err == nil {
				return s
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
