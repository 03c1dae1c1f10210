package event

import (
	"sort"
	"sync"
)

// Types lists every event type the coder can give, sorted: PLOVER's that
// its triggers code and the kinds it adds (DISASTER, DEATH, STATEMENT,
// SUPPORT, ...). Filters and alerts check a type against it, so that
// "--type FOO" is refused rather than silently matching nothing.
func Types() []string {
	typesOnce.Do(func() {
		seen := map[string]bool{}
		add := func(t string) {
			if t != "" && t != "interview" && !seen[t] {
				seen[t] = true
				allTypes = append(allTypes, t)
			}
		}
		for _, tr := range triggers {
			add(tr.typ)
		}
		for t := range typeCues {
			add(t)
		}
		for t := range sectionCues {
			add(t)
		}
		for _, t := range []string{TypeDisaster, TypeAccident, TypeDeath, TypeLegislate, TypeLegal, TypeElection,
			TypeEconomy, TypeSport, TypeEntertainment, TypeStatement, TypeOther} {
			add(t)
		}
		sort.Strings(allTypes)
	})
	return append([]string(nil), allTypes...)
}

var (
	typesOnce sync.Once
	allTypes  []string
)
