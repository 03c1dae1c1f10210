package pattern

import (
	"regexp"
	"sync"
	"testing"
)

func TestSameAsRegexp(t *testing.T) {
	const expr = `(?i)(\d{1,2})\s+(mei|juni)`
	lazy, eager := New(expr), regexp.MustCompile(expr)
	for _, s := range []string{"Selasa, 6 Mei 2021", "tanpa tanggal", "1 juni dan 2 MEI"} {
		if got, want := lazy.FindAllStringSubmatchIndex(s, -1), eager.FindAllStringSubmatchIndex(s, -1); len(got) != len(want) {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
		if got, want := lazy.ReplaceAllString(s, "<$2>"), eager.ReplaceAllString(s, "<$2>"); got != want {
			t.Errorf("%q: ReplaceAllString %q, want %q", s, got, want)
		}
		if got, want := lazy.Match([]byte(s)), eager.MatchString(s); got != want {
			t.Errorf("%q: Match %v, want %v", s, got, want)
		}
	}
	if lazy.String() != expr {
		t.Errorf("String() = %q", lazy.String())
	}
}

func TestCompilesOnceAcrossGoroutines(t *testing.T) {
	r := New(`a+`)
	var wg sync.WaitGroup
	seen := make([]*regexp.Regexp, 8)
	for i := range seen {
		wg.Add(1)
		go func() { defer wg.Done(); seen[i] = r.Compiled() }()
	}
	wg.Wait()
	for _, c := range seen {
		if c != seen[0] {
			t.Fatal("compiled more than once")
		}
	}
}

func TestCompileAllReportsBadPattern(t *testing.T) {
	New(`(unclosed`)
	if _, err := CompileAll(); err == nil {
		t.Fatal("CompileAll accepted (unclosed")
	}
	mu.Lock()
	all = all[:len(all)-1]
	mu.Unlock()
	if n, err := CompileAll(); err != nil || n < 2 {
		t.Fatalf("CompileAll = %d, %v", n, err)
	}
}
