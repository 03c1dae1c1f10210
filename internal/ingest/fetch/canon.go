package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// ErrBadURL is wrapped by errors about URLs warta will not fetch: not
// absolute, not http or https, with credentials, without a host.
var ErrBadURL = errors.New("bad URL")

// Normalize parses raw and applies the rules that hold for any URL: scheme
// and host lower case, default port and trailing dot of the host dropped,
// an empty path made "/", dot segments resolved, the fragment dropped. It
// refuses what warta does not fetch. Sources (feeds, sitemaps) are stored
// normalized; articles go through Canonical as well.
func Normalize(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, fmt.Errorf("%w: %q is not absolute (want http:// or https://)", ErrBadURL, raw)
		}
		return nil, fmt.Errorf("%w: scheme %q (want http or https)", ErrBadURL, u.Scheme)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: credentials in %q", ErrBadURL, u.Redacted())
	}
	if u.Opaque != "" {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, raw)
	}
	host, port := u.Hostname(), u.Port()
	host = strings.TrimRight(strings.ToLower(host), ".")
	if host == "" {
		return nil, fmt.Errorf("%w: no host in %q", ErrBadURL, raw)
	}
	if !strings.Contains(host, ":") { // not an IPv6 literal
		if host, err = hostName(host); err != nil {
			return nil, fmt.Errorf("%w: host of %q: %v", ErrBadURL, raw, err)
		}
	}
	if port == "80" && u.Scheme == "http" || port == "443" && u.Scheme == "https" {
		port = ""
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%w: port %q", ErrBadURL, port)
		}
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = escapeQuery(u.RawQuery)
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	if strings.Contains(u.Path, "/.") {
		// ResolveReference removes dot segments; it keeps RawPath in step.
		u = u.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery})
	}
	return u, nil
}

// hostName checks a lower-cased host name, turning an international one
// into its ASCII (punycode) form.
func hostName(host string) (string, error) {
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			a, err := idna.Lookup.ToASCII(host)
			if err != nil {
				return "", err
			}
			host = a
			break
		}
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 {
			return "", errors.New("empty or overlong label")
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return "", fmt.Errorf("character %q", c)
			}
		}
	}
	return host, nil
}

// tracking are query parameters that say how a reader arrived, not what
// they read. A key ending in '*' is a prefix.
var tracking = []string{
	"utm_*", "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
	"igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url",
	"spm", "s_cid", "cmpid", "at_medium", "at_campaign", "oly_enc_id", "oly_anon_id", "vero_id", "wt_mc",
	"amp", "amp_js_v", "amp_gsa", "usqp", "outputtype", "page", "_",
}

func isTracking(key string) bool {
	key = strings.ToLower(key)
	for _, t := range tracking {
		if p, ok := strings.CutSuffix(t, "*"); ok && strings.HasPrefix(key, p) || key == t {
			return true
		}
	}
	return false
}

// mobileHosts are host prefixes of mobile and AMP copies of a site.
var mobileHosts = []string{"m.", "amp.", "mobile."}

// Canonical returns the URL an article is fetched from and known by: the
// Normalize rules, then the rules that make the variants of one article
// one URL:
//
//   - tracking parameters (utm_*, fbclid, gclid, ...) are dropped;
//   - AMP and mobile copies lead to the article: an "m.", "amp." or
//     "mobile." host prefix, an "amp" first or last path segment, and
//     amp= or outputType=amp parameters are dropped;
//   - pages of a multi-page article lead to its first page: page=N is
//     dropped, and so is a last path segment of one to three digits after
//     a slug (Okezone, RM.id: /judul-berita/2).
//
// The remaining parameters keep their order. PageOf tells which page raw
// was.
func Canonical(raw string) (*url.URL, error) {
	u, err := Normalize(raw)
	if err != nil {
		return nil, err
	}
	if host := u.Hostname(); net.ParseIP(host) == nil {
		for _, p := range mobileHosts {
			if rest, ok := strings.CutPrefix(host, p); ok && strings.Contains(rest, ".") {
				u.Host = strings.Replace(u.Host, host, rest, 1)
				break
			}
		}
	}
	segs := strings.Split(u.EscapedPath(), "/") // segs[0] == ""
	if len(segs) > 2 && strings.EqualFold(segs[1], "amp") {
		segs = append(segs[:1], segs[2:]...)
	}
	if n := len(segs); n > 2 && strings.EqualFold(segs[n-1], "amp") {
		segs = segs[:n-1]
	} else if n > 2 && segs[n-1] == "" && strings.EqualFold(segs[n-2], "amp") && n > 3 {
		segs = append(segs[:n-2], "")
	}
	if _, ok := pageSegment(segs); ok {
		segs = segs[:len(segs)-1]
	}
	setEscapedPath(u, strings.Join(segs, "/"))
	if u.RawQuery != "" {
		var kept []string
		for _, kv := range strings.Split(u.RawQuery, "&") {
			if kv == "" {
				continue
			}
			k, _, _ := strings.Cut(kv, "=")
			if uk, err := url.QueryUnescape(k); err == nil {
				k = uk
			}
			if isTracking(k) {
				continue
			}
			kept = append(kept, kv)
		}
		u.RawQuery = strings.Join(kept, "&")
	}
	u.ForceQuery = false
	return u, nil
}

// pageSegment reports whether the last path segment is a page number of a
// multi-page article: one to three digits after a slug (a segment with a
// hyphen and letters, at least eight characters), as in
// /read/2025/05/06/337/3134567/judul-berita/2.
func pageSegment(segs []string) (int, bool) {
	n := len(segs)
	if n < 3 {
		return 0, false
	}
	last, prev := segs[n-1], segs[n-2]
	if len(last) == 0 || len(last) > 3 {
		return 0, false
	}
	page, err := strconv.Atoi(last)
	if err != nil || page < 1 || last[0] == '0' {
		return 0, false
	}
	if len(prev) < 8 || !strings.Contains(prev, "-") || !strings.ContainsFunc(prev, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}) {
		return 0, false
	}
	return page, true
}

// PageOf returns the page number a URL names for a multi-page article: the
// page= parameter or a trailing /N after a slug; 1 when it names none.
func PageOf(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return 1
	}
	if p := u.Query().Get("page"); p != "" {
		if n, err := strconv.Atoi(p); err == nil && n >= 1 {
			return n
		}
	}
	if n, ok := pageSegment(strings.Split(u.EscapedPath(), "/")); ok {
		return n
	}
	return 1
}

// Key returns the identity of an article: its canonical URL as a string
// with http and https counted as one, a leading "www." dropped, a trailing
// slash dropped and the parameters sorted. Keys are for comparing and for
// the store's record of fetched URLs; Canonical is what gets fetched.
func Key(raw string) (string, error) {
	u, err := Canonical(raw)
	if err != nil {
		return "", err
	}
	u.Scheme = "https"
	u.Host = strings.TrimPrefix(u.Host, "www.")
	if p := u.EscapedPath(); len(p) > 1 && strings.HasSuffix(p, "/") {
		setEscapedPath(u, strings.TrimRight(p, "/"))
	}
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		sort.Strings(parts)
		u.RawQuery = strings.Join(parts, "&")
	}
	return u.String(), nil
}

// setEscapedPath sets u's path from its escaped form, keeping the escaping
// the site used.
func setEscapedPath(u *url.URL, escaped string) {
	if escaped == "" {
		escaped = "/"
	}
	p, err := url.PathUnescape(escaped)
	if err != nil {
		u.Path, u.RawPath = escaped, ""
		return
	}
	u.Path = p
	u.RawPath = ""
	if u.EscapedPath() != escaped {
		u.RawPath = escaped
	}
}

// escapeQuery percent-encodes the bytes a query should not hold raw
// (spaces, controls, quotes, non-ASCII), leaving existing escapes and the
// site's own spelling alone.
func escapeQuery(q string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	dirty := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c > ' ' && c < 0x7f && !strings.ContainsRune("\"<>\\^`{|}", rune(c)) {
			if dirty {
				b.WriteByte(c)
			}
			continue
		}
		if !dirty {
			b.WriteString(q[:i])
			dirty = true
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	if !dirty {
		return q
	}
	return b.String()
}
