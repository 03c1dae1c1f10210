package search

import (
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// ResolveOutlet finds the stored outlet name a reader means: "kompas",
// "kompas.com", "www.kompas.com" and "KOMPAS.COM" all mean "Kompas.com".
// names are the outlets in the store. An exact name (any case) wins; then
// a name equal to the given one without "www." and its domain ending;
// then the only name starting with it. When none or several fit, the
// error (EINVALID) lists the outlets there are, so the reader can pick.
func ResolveOutlet(given string, names []string) (string, error) {
	given = strings.TrimSpace(given)
	if given == "" {
		return "", nil
	}
	for _, n := range names {
		if strings.EqualFold(n, given) {
			return n, nil
		}
	}
	key := outletKey(given)
	var same, prefix []string
	for _, n := range names {
		k := outletKey(n)
		switch {
		case k == key:
			same = append(same, n)
		case key != "" && strings.HasPrefix(k, key):
			prefix = append(prefix, n)
		}
	}
	switch {
	case len(same) == 1:
		return same[0], nil
	case len(same) == 0 && len(prefix) == 1:
		return prefix[0], nil
	}
	cands := append(same, prefix...)
	if len(cands) == 0 {
		cands = append(cands, names...)
	}
	sort.Strings(cands)
	if len(same)+len(prefix) > 1 {
		return "", warta.Errorf(warta.EINVALID, "outlet %q is ambiguous: %s", given, strings.Join(cands, ", "))
	}
	if len(cands) == 0 {
		return "", warta.Errorf(warta.EINVALID, "no outlet %q: the store has no articles yet", given)
	}
	return "", warta.Errorf(warta.EINVALID, "no outlet %q; outlets: %s", given, strings.Join(cands, ", "))
}

// outletKey folds an outlet name for comparison: lower case, without
// "www." and a domain ending, letters and digits only ("SINDOnews.com" →
// "sindonews", "Posmetro Medan" → "posmetromedan").
func outletKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "www.")
	for _, end := range []string{".co.id", ".or.id", ".go.id", ".com", ".co", ".id", ".net", ".org"} {
		if strings.HasSuffix(s, end) && len(s) > len(end) {
			s = s[:len(s)-len(end)]
			break
		}
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// OutletNames lists a store's outlets (its Stats) for ResolveOutlet.
func OutletNames(counts map[string]int) []string {
	var out []string
	for n := range counts {
		if n != "" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
