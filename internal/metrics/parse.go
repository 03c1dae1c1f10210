package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Sample is one parsed line of the text format.
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
}

var (
	nameRe  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelRe = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// Parse reads the text exposition format strictly enough to catch what a
// scraper would reject: every sample belongs to a family announced by a
// TYPE line, names and label names are valid, label values are quoted and
// escaped, values are numbers, and a histogram's buckets are cumulative
// and end at +Inf with its count. Tests use it on what Writer wrote.
func Parse(r io.Reader) ([]Sample, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	types := map[string]string{}
	var out []Sample
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "# "); ok {
			f := strings.SplitN(rest, " ", 3)
			if len(f) < 3 || (f[0] != "HELP" && f[0] != "TYPE") || !nameRe.MatchString(f[1]) {
				return nil, fmt.Errorf("line %d: bad comment %q", n, line)
			}
			if f[0] == "TYPE" {
				switch f[2] {
				case "counter", "gauge", "histogram", "summary", "untyped":
				default:
					return nil, fmt.Errorf("line %d: unknown type %q", n, f[2])
				}
				if types[f[1]] != "" {
					return nil, fmt.Errorf("line %d: second TYPE for %s", n, f[1])
				}
				types[f[1]] = f[2]
			}
			continue
		}
		s, err := parseSample(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		family := s.Name
		if types[family] == "" {
			for _, suf := range []string{"_bucket", "_sum", "_count"} {
				if base, ok := strings.CutSuffix(s.Name, suf); ok && types[base] == "histogram" {
					family = base
				}
			}
		}
		if types[family] == "" {
			return nil, fmt.Errorf("line %d: %s has no TYPE line before it", n, s.Name)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, checkHistograms(out, types)
}

func parseSample(line string) (Sample, error) {
	s := Sample{Labels: map[string]string{}}
	i := strings.IndexAny(line, "{ ")
	if i < 0 {
		return s, fmt.Errorf("no value in %q", line)
	}
	s.Name = line[:i]
	if !nameRe.MatchString(s.Name) {
		return s, fmt.Errorf("bad metric name %q", s.Name)
	}
	rest := line[i:]
	if rest[0] == '{' {
		rest = rest[1:]
		for {
			if strings.HasPrefix(rest, "}") {
				rest = rest[1:]
				break
			}
			eq := strings.Index(rest, `="`)
			if eq < 0 {
				return s, fmt.Errorf("bad labels in %q", line)
			}
			name := rest[:eq]
			if !labelRe.MatchString(name) {
				return s, fmt.Errorf("bad label name %q", name)
			}
			rest = rest[eq+2:]
			var val strings.Builder
			closed := false
			for j := 0; j < len(rest); j++ {
				c := rest[j]
				if c == '\\' && j+1 < len(rest) {
					switch rest[j+1] {
					case '\\':
						val.WriteByte('\\')
					case '"':
						val.WriteByte('"')
					case 'n':
						val.WriteByte('\n')
					default:
						return s, fmt.Errorf("bad escape in %q", line)
					}
					j++
					continue
				}
				if c == '"' {
					rest = rest[j+1:]
					closed = true
					break
				}
				val.WriteByte(c)
			}
			if !closed {
				return s, fmt.Errorf("unterminated label value in %q", line)
			}
			if _, dup := s.Labels[name]; dup {
				return s, fmt.Errorf("label %s twice in %q", name, line)
			}
			s.Labels[name] = val.String()
			rest = strings.TrimPrefix(rest, ",")
		}
	}
	if !strings.HasPrefix(rest, " ") {
		return s, fmt.Errorf("no space before the value in %q", line)
	}
	f := strings.Fields(rest)
	if len(f) < 1 || len(f) > 2 {
		return s, fmt.Errorf("bad value in %q", line)
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return s, fmt.Errorf("bad value %q", f[0])
	}
	s.Value = v
	return s, nil
}

// checkHistograms checks that each histogram series' buckets rise and that
// the +Inf bucket equals its count.
func checkHistograms(samples []Sample, types map[string]string) error {
	type series struct {
		last  float64
		inf   float64
		count float64
		seen  bool
	}
	all := map[string]*series{}
	key := func(s Sample, base string) string {
		var parts []string
		for k, v := range s.Labels {
			if k != "le" {
				parts = append(parts, k+"="+v)
			}
		}
		sort.Strings(parts)
		return base + "{" + strings.Join(parts, ",") + "}"
	}
	for _, s := range samples {
		for base, typ := range types {
			if typ != "histogram" {
				continue
			}
			switch s.Name {
			case base + "_bucket":
				k := key(s, base)
				sr := all[k]
				if sr == nil {
					sr = &series{last: math.Inf(-1)}
					all[k] = sr
				}
				if s.Value < sr.last {
					return fmt.Errorf("%s: buckets not cumulative", k)
				}
				sr.last = s.Value
				if s.Labels["le"] == "+Inf" {
					sr.inf, sr.seen = s.Value, true
				}
			case base + "_count":
				k := key(s, base)
				if all[k] == nil {
					return fmt.Errorf("%s: count before buckets", k)
				}
				all[k].count = s.Value
			}
		}
	}
	for k, sr := range all {
		if !sr.seen || sr.inf != sr.count {
			return fmt.Errorf("%s: +Inf bucket %v, count %v", k, sr.inf, sr.count)
		}
	}
	return nil
}
