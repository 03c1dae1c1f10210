package pattern

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled on first use. Its zero value is
// not usable; make one with New.
type Regexp struct {
	expr string
	re   func() *regexp.Regexp
}

var (
	mu  sync.Mutex
	all []*Regexp
)

// New returns a Regexp for expr. A bad expression panics on first use, as
// regexp.MustCompile would have at start-up; CompileAll finds it in tests.
func New(expr string) *Regexp {
	r := &Regexp{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

// CompileAll compiles every Regexp made so far and returns how many there
// are and the first error, so that a test of a program catches a bad
// pattern that no test happens to run.
func CompileAll() (int, error) {
	mu.Lock()
	rs := append([]*Regexp(nil), all...)
	mu.Unlock()
	for _, r := range rs {
		if _, err := regexp.Compile(r.expr); err != nil {
			return len(rs), err
		}
	}
	return len(rs), nil
}

// Compiled returns the compiled expression.
func (r *Regexp) Compiled() *regexp.Regexp { return r.re() }

// String returns the source text of the expression.
func (r *Regexp) String() string { return r.expr }

// MatchString reports whether s contains a match.
func (r *Regexp) MatchString(s string) bool { return r.re().MatchString(s) }

// FindString returns the leftmost match in s, or "".
func (r *Regexp) FindString(s string) string { return r.re().FindString(s) }

// FindStringIndex returns the span of the leftmost match in s, or nil.
func (r *Regexp) FindStringIndex(s string) []int { return r.re().FindStringIndex(s) }

// FindStringSubmatch returns the leftmost match and its groups, or nil.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.re().FindStringSubmatch(s) }

// FindStringSubmatchIndex returns the spans of the leftmost match and its
// groups, or nil.
func (r *Regexp) FindStringSubmatchIndex(s string) []int { return r.re().FindStringSubmatchIndex(s) }

// FindAllString returns up to n successive matches (all when n < 0).
func (r *Regexp) FindAllString(s string, n int) []string { return r.re().FindAllString(s, n) }

// FindAllStringIndex returns the spans of up to n successive matches.
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int { return r.re().FindAllStringIndex(s, n) }

// FindAllStringSubmatch returns up to n successive matches with their groups.
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.re().FindAllStringSubmatch(s, n)
}

// FindAllStringSubmatchIndex returns the spans of up to n successive
// matches and their groups.
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.re().FindAllStringSubmatchIndex(s, n)
}

// ReplaceAllString replaces the matches in s with repl, expanding $1.
func (r *Regexp) ReplaceAllString(s, repl string) string { return r.re().ReplaceAllString(s, repl) }

// ReplaceAllLiteralString replaces the matches in s with repl as it is.
func (r *Regexp) ReplaceAllLiteralString(s, repl string) string {
	return r.re().ReplaceAllLiteralString(s, repl)
}

// ReplaceAllStringFunc replaces each match in s with what f returns for it.
func (r *Regexp) ReplaceAllStringFunc(s string, f func(string) string) string {
	return r.re().ReplaceAllStringFunc(s, f)
}

// Split slices s into the substrings between matches (n as in strings.SplitN).
func (r *Regexp) Split(s string, n int) []string { return r.re().Split(s, n) }

// SubexpIndex returns the index of the group with the given name, or -1.
func (r *Regexp) SubexpIndex(name string) int { return r.re().SubexpIndex(name) }

// Match reports whether b contains a match.
func (r *Regexp) Match(b []byte) bool { return r.re().Match(b) }

// FindIndex returns the span of the leftmost match in b, or nil.
func (r *Regexp) FindIndex(b []byte) []int { return r.re().FindIndex(b) }

// FindSubmatch returns the leftmost match in b and its groups, or nil.
func (r *Regexp) FindSubmatch(b []byte) [][]byte { return r.re().FindSubmatch(b) }

// ReplaceAll replaces the matches in b with repl, expanding $1.
func (r *Regexp) ReplaceAll(b, repl []byte) []byte { return r.re().ReplaceAll(b, repl) }
