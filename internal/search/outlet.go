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
	key := warta.OutletKey(given)
	var same, prefix []string
	for _, n := range names {
		k := warta.OutletKey(n)
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
