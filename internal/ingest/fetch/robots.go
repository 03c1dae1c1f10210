package fetch

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// Robots is a parsed robots.txt (RFC 9309) as it applies to one crawler.
type Robots struct {
	rules []robotsRule
	// CrawlDelay is the group's Crawl-delay, zero when it gives none.
	CrawlDelay time.Duration
	// Sitemaps are the file's Sitemap: lines, whoever they are for.
	Sitemaps []string
	// DisallowAll is set for a robots.txt that could not be fetched because
	// the server failed (RFC 9309 §2.3.1.4: assume complete disallow).
	DisallowAll bool
	why         string // what went wrong fetching it, for DisallowAll
}

type robotsRule struct {
	allow   bool
	pattern string
}

// maxCrawlDelay caps a site's Crawl-delay; a larger one would stop a
// source for longer than any poll interval.
const maxCrawlDelay = 10 * time.Minute

// ParseRobots reads a robots.txt for the crawler whose product token is
// agent (matched case-insensitively; groups for "*" apply when no group
// names it). Unknown lines and garbage are ignored, as the RFC asks.
func ParseRobots(data []byte, agent string) *Robots {
	agent = strings.ToLower(agent)
	r := &Robots{}
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
		hasDel bool
	}
	var groups []*group
	var cur *group
	inAgents := false // the last line was a user-agent line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	sc.Split(scanLinesAnyEOL)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent", "useragent", "user agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur == nil {
				continue
			}
			if val == "" {
				continue // "Disallow:" with no path allows everything
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: val})
		case "crawl-delay":
			inAgents = false
			if cur == nil {
				continue
			}
			if s, err := strconv.ParseFloat(val, 64); err == nil && s >= 0 && s < 1e6 {
				cur.delay, cur.hasDel = time.Duration(s*float64(time.Second)), true
			}
		case "sitemap":
			if val != "" {
				r.Sitemaps = append(r.Sitemaps, val)
			}
		default:
			inAgents = false
		}
	}
	pick := func(match func(a string) bool) bool {
		found := false
		for _, g := range groups {
			for _, a := range g.agents {
				if match(a) {
					found = true
					r.rules = append(r.rules, g.rules...)
					if g.hasDel && g.delay > r.CrawlDelay {
						r.CrawlDelay = g.delay
					}
					break
				}
			}
		}
		return found
	}
	if !pick(func(a string) bool { return a == agent }) {
		pick(func(a string) bool { return a == "*" })
	}
	r.CrawlDelay = min(r.CrawlDelay, maxCrawlDelay)
	return r
}

// scanLinesAnyEOL splits on LF, CR or CRLF.
func scanLinesAnyEOL(data []byte, atEOF bool) (int, []byte, error) {
	for i, c := range data {
		if c == '\n' {
			return i + 1, data[:i], nil
		}
		if c == '\r' {
			if i+1 < len(data) {
				if data[i+1] == '\n' {
					return i + 2, data[:i], nil
				}
				return i + 1, data[:i], nil
			}
			if atEOF {
				return i + 1, data[:i], nil
			}
			return 0, nil, nil // need more to tell CR from CRLF
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// Allowed reports whether the crawler may fetch path (the escaped path
// with its query, e.g. "/berita/1?x=y"). The longest matching rule wins;
// on a tie Allow wins; no match allows. /robots.txt is always allowed.
func (r *Robots) Allowed(path string) bool {
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	if r.DisallowAll {
		return false
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !matchRobots(rule.pattern, path) {
			continue
		}
		n := len(rule.pattern)
		if n > best || n == best && rule.allow {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// matchRobots matches a robots.txt path pattern: '*' is any run of
// characters, a final '$' anchors the end, anything else matches a prefix.
func matchRobots(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	if len(parts) == 1 {
		return !anchored || pos == len(path)
	}
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return len(path)-pos >= len(p) && strings.HasSuffix(path, p)
		}
		j := strings.Index(path[pos:], p)
		if j < 0 {
			return false
		}
		pos += j + len(p)
	}
	return true
}
