package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/warta-news/warta/internal/pattern"
)

// initBudget is the most a package linked into warta may allocate in its
// package initialisation. Everything a command needs beyond that is built
// on first use, so that `warta version` or `warta search` does not pay for
// language tables, dictionaries and patterns it never touches
// (docs/performance.md, "Start-up").
const initBudget = 1_000_000

// initExceptions are packages allowed over initBudget, each with the
// bytes GODEBUG=inittrace=1 showed when it was let in. None today: the
// last ones (go-dateparser's locale tables, 95 MB; go-domdistiller's word
// counter, 1.7 MB; warta's own patterns and stemming dictionary, 1.4 and
// 3.2 MB) are gone or lazy.
var initExceptions = map[string]int{}

// TestInitAllocations builds warta as it ships and reads the bytes each
// package allocates in its initialisation from the runtime's own trace of
// a `warta version` run. Allocation, unlike time, is the same on a busy
// machine as on a quiet one, so this can fail for no reason but the code.
func TestInitAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "warta")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build the binary with")
	}
	build := exec.Command(goTool, "build", "-trimpath", "-o", bin, "../../cmd/warta")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("warta version: %v\n%s", err, stderr.String())
	}
	inits := parseInitTrace(stderr.String())
	if len(inits) < 50 {
		t.Fatalf("read %d package initialisations from the trace, want the whole program's:\n%s", len(inits), stderr.String())
	}
	total := 0
	for _, in := range inits {
		total += in.bytes
		limit := initBudget
		if ex, ok := initExceptions[in.pkg]; ok {
			limit = ex
		}
		if in.bytes > limit {
			t.Errorf("package %s allocates %d bytes (%d allocations) in its initialisation, more than %d: build what it needs on first use (sync.OnceValue, internal/pattern)", in.pkg, in.bytes, in.allocs, limit)
		}
	}
	t.Logf("%d packages allocate %d bytes in their initialisation", len(inits), total)
}

func TestParseInitTrace(t *testing.T) {
	got := parseInitTrace("warta dev\ninit runtime @0.01 ms, 0.12 ms clock, 0 bytes, 0 allocs\n" +
		"init github.com/x/y @37 ms, 500 ms clock, 95073080 bytes, 388377 allocs\ninit broken line\n")
	want := []packageInit{{"runtime", 0, 0}, {"github.com/x/y", 95073080, 388377}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("parseInitTrace = %+v, want %+v", got, want)
	}
}

// TestPatternsCompile compiles every lazily compiled pattern of every
// package the CLI links, so that a bad one fails here and not on the first
// page that reaches it.
func TestPatternsCompile(t *testing.T) {
	n, err := pattern.CompileAll()
	if err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Fatalf("compiled %d patterns, want every package's (extract alone has 36)", n)
	}
}
