package entity

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/warta-news/warta/internal/text/stem"
)

// bareRisky are place names that alone are more often something else:
// an English word (Bone), a person's name (Bima Arya), a German word.
var bareRisky = map[string]bool{"Bone": true, "Bima": true, "Ende": true, "Muna": true, "Kendal": true}

// RegencyKnowledge turns a list of Indonesia's regencies and cities (TSV
// with a header: code, province_code, type, name, full_name, ...; the
// gazetteer in ../shared/data/gazetteer/wilayah/regencies.tsv) into rows
// of the knowledge file: one place per name, with "Kabupaten X" and
// "Kota X" as aliases. It is how knowledge/regencies.tsv is made (see
// TestRegenciesFile); the names are facts, the file is ours.
//
// Places the other knowledge files already hold are left to them. A name
// that is also an ordinary word ("Pati", "Agam") or a person's name
// ("Bima") or has three letters or fewer is known only with its
// "Kabupaten"/"Kota": alone it is more often the word than the place.
func RegencyKnowledge(r io.Reader, existing []*known) ([]byte, error) {
	taken := map[string]bool{}
	for _, k := range existing {
		for _, a := range append([]string{k.name}, k.aliases...) {
			taken[fold(a)] = true
		}
	}
	type place struct {
		name  string
		kinds map[string]bool
	}
	places := map[string]*place{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		cols := strings.Split(sc.Text(), "\t")
		if n == 1 {
			continue // header
		}
		if len(cols) < 4 {
			return nil, fmt.Errorf("regencies line %d: want code, province, type, name", n)
		}
		kind, name := strings.TrimSpace(cols[2]), strings.TrimSpace(cols[3])
		if name == "" || kind != "kabupaten" && kind != "kota" {
			continue
		}
		p := places[name]
		if p == nil {
			p = &place{name: name, kinds: map[string]bool{}}
			places[name] = p
		}
		p.kinds[kind] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read regencies: %w", err)
	}
	names := make([]string, 0, len(places))
	for n := range places {
		names = append(names, n)
	}
	sort.Strings(names)
	words := stem.New()
	var b strings.Builder
	b.WriteString("# Indonesia's regencies (kabupaten) and cities (kota) not listed in places.tsv: the names are facts; the list is made from ../shared/data/gazetteer/wilayah/regencies.tsv by RegencyKnowledge (go test ./internal/entity -run TestRegenciesFile -update). A name that is also a common word is known only with its Kabupaten/Kota.\n")
	for _, name := range names {
		p := places[name]
		var aliases []string
		for _, k := range []string{"kabupaten", "kota"} {
			if p.kinds[k] {
				aliases = append(aliases, strings.ToUpper(k[:1])+k[1:]+" "+name)
			}
		}
		if taken[fold(name)] {
			continue
		}
		canonical := name
		if len(name) <= 3 || words.IsWord(strings.ToLower(name)) || bareRisky[name] {
			canonical, aliases = aliases[0], aliases[1:]
		}
		fmt.Fprintf(&b, "loc:%s\tlocation\t%s\t%s\tIndonesia\n", slug(name), canonical, strings.Join(aliases, "|"))
	}
	return []byte(b.String()), nil
}
