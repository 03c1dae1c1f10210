package entity

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/warta-news/warta"
)

// The offices table lives beside the knowledge files, not among them: its
// holders are added to the recognizer's names when it loads, but not to
// the tagger's lexicon, so the shipped model stays what training gives.
//
//go:embed knowledge/offices/*.tsv
var officesFS embed.FS

// Holding is one person's time in one office: "Menteri Luar Negeri" of
// "Indonesia", Retno Marsudi, from 27 October 2014 to 21 October 2024.
type Holding struct {
	Office string // "Menteri Luar Negeri", "Ketua", "Gubernur"
	Of     string // the country, province or institution: "Indonesia", "Komisi Pemilihan Umum"
	Name   string // the holder's canonical name
	ID     string // the holder's knowledge ID
	From   time.Time
	To     time.Time // zero while in office; else the first day out of it
}

// Holds tells whether the holding covers day t.
func (h Holding) Holds(t time.Time) bool {
	return !t.Before(h.From) && (h.To.IsZero() || t.Before(h.To))
}

// Span is the holding's dates as "2014-10-27–2024-10-21" (open-ended
// while in office: "2024-10-21–").
func (h Holding) Span() string {
	s := h.From.Format("2006-01-02") + "–"
	if !h.To.IsZero() {
		s += h.To.Format("2006-01-02")
	}
	return s
}

// officeTitle is one way news writes an office ("Menlu", "Kapolri").
type officeTitle struct {
	words  []string
	office string
	of     string // "" when the title says nothing of where
}

// Offices answers who held an office on a day: the quote stage uses it for
// titles without a name ("kata Menlu"), the entity list for roles by year.
type Offices struct {
	holdings []Holding
	byOffice map[string][]int  // office + "\x00" + of → holdings, in time order
	byID     map[string][]int  // holder ID → holdings, in time order
	titles   []officeTitle     // longest first
	places   map[string]string // folded alias of a place or organization → its name
	kinds    map[string]warta.EntityType
	exact    map[string]bool // the places' and organizations' names and aliases as written
}

// international are the bodies whose heads belong to the body, not to a
// country.
var international = map[string]bool{"Perserikatan Bangsa-Bangsa": true, "ASEAN": true, "World Health Organization": true}

// Holdings returns every holding of the table, in file order.
func (o *Offices) Holdings() []Holding { return o.holdings }

// Of returns the offices a person held, in time order.
func (o *Offices) Of(id string) []Holding {
	var out []Holding
	for _, i := range o.byID[id] {
		out = append(out, o.holdings[i])
	}
	return out
}

// Holder returns who held the office of the country or institution on
// day t.
func (o *Offices) Holder(office, of string, t time.Time) (Holding, bool) {
	for _, i := range o.byOffice[office+"\x00"+of] {
		if o.holdings[i].Holds(t) {
			return o.holdings[i], true
		}
	}
	return Holding{}, false
}

// ParseTitle reads a title phrase as news writes it ("Menlu RI",
// "Menteri Luar Negeri Rusia", "Kapolri", "Ketua KPU", "Gubernur Jawa
// Tengah") into the office and the country or institution it belongs to.
// rest is what follows the title and its qualifier (a name, if any).
func (o *Offices) ParseTitle(phrase string) (office, of, rest string, ok bool) {
	ws := strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ").Replace(phrase))
	for _, t := range o.titles {
		if len(ws) < len(t.words) || !equalFold(ws[:len(t.words)], t.words) {
			continue
		}
		office, of = t.office, t.of
		tail := ws[len(t.words):]
		// Qualifiers: a country, province or institution, then perhaps
		// "RI" or "Republik Indonesia" after an institution (Ketua KPU RI).
		for len(tail) > 0 {
			name, n := o.qualifier(tail)
			if n == 0 {
				break
			}
			if of == "" || of == "Indonesia" && name != "Indonesia" {
				of = name
			}
			tail = tail[n:]
		}
		if of == "" {
			of = "Indonesia"
		}
		return office, of, strings.Join(tail, " "), true
	}
	return "", "", "", false
}

// HolderOf resolves a title phrase with no name in it to who held the
// office on day t: "Menlu RI" in July 2021 → Retno Marsudi. A phrase that
// goes on with more words than a qualifier (a name) is not resolved here.
func (o *Offices) HolderOf(phrase string, t time.Time) (Holding, bool) {
	office, of, rest, ok := o.ParseTitle(phrase)
	if !ok || rest != "" || t.IsZero() {
		return Holding{}, false
	}
	return o.Holder(office, of, t)
}

// qualifier matches the longest known place or organization at the start
// of ws, in up to five words.
func (o *Offices) qualifier(ws []string) (string, int) {
	for n := min(5, len(ws)); n > 0; n-- {
		if name, ok := o.places[fold(strings.Join(ws[:n], " "))]; ok {
			return name, n
		}
	}
	return "", 0
}

func equalFold(a, b []string) bool {
	for i := range b {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// loadOffices reads the titles and holders tables. Holders are linked to
// the knowledge file's people by name or alias; one not there is returned
// in extra as a new person, so that the recognizer knows the name.
func loadOffices(ks []*known) (*Offices, []*known, error) {
	o := &Offices{byOffice: map[string][]int{}, byID: map[string][]int{}, places: map[string]string{}, kinds: map[string]warta.EntityType{}, exact: map[string]bool{}}
	people := map[string]*known{}
	for _, k := range ks {
		for _, a := range append([]string{k.name}, k.aliases...) {
			key := fold(a)
			switch k.typ {
			case warta.EntityPerson:
				if people[key] == nil {
					people[key] = k
				}
			case warta.EntityLocation, warta.EntityOrganization:
				if !k.regency {
					o.exact[a] = true
				}
				if _, dup := o.places[key]; !dup && !k.regency {
					o.places[key] = k.name
					o.kinds[key] = k.typ
				}
			}
		}
	}
	err := readTSV("knowledge/offices/titles.tsv", 2, func(line int, f []string) error {
		t := officeTitle{words: strings.Fields(f[0]), office: f[1]}
		if len(f) > 2 {
			t.of = f[2]
		}
		o.titles = append(o.titles, t)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.SliceStable(o.titles, func(i, j int) bool { return len(o.titles[i].words) > len(o.titles[j].words) })
	var extra []*known
	err = readTSV("knowledge/offices/holders.tsv", 4, func(line int, f []string) error {
		h := Holding{Office: f[0], Of: f[1], Name: f[2]}
		var err error
		if h.From, err = time.Parse(time.DateOnly, f[3]); err != nil {
			return fmt.Errorf("from: %w", err)
		}
		if len(f) > 4 && f[4] != "" {
			if h.To, err = time.Parse(time.DateOnly, f[4]); err != nil {
				return fmt.Errorf("to: %w", err)
			}
			if !h.To.After(h.From) {
				return fmt.Errorf("%s ends before it starts", h.Name)
			}
		}
		k := people[fold(h.Name)]
		if k == nil {
			// A holder belongs to the country; governors and heads of
			// Indonesian institutions to Indonesia; heads of international
			// bodies to the body.
			aff := h.Of
			if h.Office == "Gubernur" || !international[h.Of] && o.kinds[fold(h.Of)] == warta.EntityOrganization {
				aff = "Indonesia"
			}
			k = &known{id: "per:" + slug(h.Name), name: h.Name, typ: warta.EntityPerson, affiliation: aff}
			if len(f) > 5 && f[5] != "" {
				k.aliases = strings.Split(f[5], "|")
			}
			k.common = len(f) > 6 && strings.HasPrefix(f[6], "common name")
			people[fold(h.Name)] = k
			extra = append(extra, k)
		}
		h.Name, h.ID = k.name, k.id
		o.holdings = append(o.holdings, h)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for i, h := range o.holdings {
		key := h.Office + "\x00" + h.Of
		o.byOffice[key] = append(o.byOffice[key], i)
		o.byID[h.ID] = append(o.byID[h.ID], i)
	}
	for _, m := range []map[string][]int{o.byOffice, o.byID} {
		for _, is := range m {
			sort.SliceStable(is, func(a, b int) bool { return o.holdings[is[a]].From.Before(o.holdings[is[b]].From) })
		}
	}
	// Overlapping holders of one office are a mistake in the table.
	for key, is := range o.byOffice {
		for n := 1; n < len(is); n++ {
			prev, cur := o.holdings[is[n-1]], o.holdings[is[n]]
			if prev.To.IsZero() || cur.From.Before(prev.To) {
				return nil, nil, fmt.Errorf("offices: %s held by %s and %s at once", strings.ReplaceAll(key, "\x00", " of "), prev.Name, cur.Name)
			}
		}
	}
	return o, extra, nil
}

// readTSV calls fn with the fields of each row of an offices file that is
// not blank or a comment, checking it has at least want fields.
func readTSV(name string, want int, fn func(line int, f []string) error) error {
	b, err := officesFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < want {
			return fmt.Errorf("%s:%d: want at least %d columns, got %d", name, n, want, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if err := fn(n, f); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return nil
}

// genericOffices need a country or institution after them to name one
// office: "Kepala" alone may head anything ("Kepala Seksi ..."), and
// "Presiden" alone may be a football club's.
var genericOffices = map[string]bool{"Ketua": true, "Kepala": true, "Panglima": true, "Gubernur": true, "Sekretaris Jenderal": true,
	"Presiden": true, "Wakil Presiden": true, "Perdana Menteri": true, "Raja": true}

// TitleWords says how many leading words of a phrase are an office title
// with its country or institution ("Menteri Luar Negeri Rusia Sergey
// Lavrov" → 4, "Ketua KPU Hasyim" → 2), or 0 when the phrase does not
// start with one the table knows.
func (o *Offices) TitleWords(phrase string) int {
	office, of, rest, ok := o.ParseTitle(phrase)
	if !ok {
		return 0
	}
	all := len(strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ").Replace(phrase)))
	n := all - len(strings.Fields(rest))
	if genericOffices[office] && of == "Indonesia" && !strings.Contains(phrase, "Indonesia") && !strings.Contains(phrase, "RI") {
		// No institution named: not an office of the table.
		return 0
	}
	return n
}

// HolderNamed finds the one holder, on day t, of an office of one of the
// given countries or institutions whose name holds the word: "Agus" in a
// report on the KPK of September 2019 is Agus Rahardjo, "Anwar" in one on
// the Constitutional Court of 2019 is Anwar Usman. None, or more than one,
// is no answer.
func (o *Offices) HolderNamed(word string, t time.Time, of []string) (Holding, bool) {
	if word == "" || t.IsZero() {
		return Holding{}, false
	}
	in := map[string]bool{}
	for _, x := range of {
		in[x] = true
	}
	var found Holding
	n := 0
	seen := map[string]bool{}
	for _, h := range o.holdings {
		if !in[h.Of] || !h.Holds(t) || seen[h.ID] {
			continue
		}
		for _, w := range strings.Fields(h.Name) {
			if strings.EqualFold(w, word) {
				found, n = h, n+1
				seen[h.ID] = true
				break
			}
		}
	}
	return found, n == 1
}

// IsPlaceOrBody tells whether a phrase is the name of a place or an
// organization the knowledge file knows ("Jawa Timur", "Polda", "KPK"):
// the quote stage cuts such words off the front of a person's name the
// recognizer ran them into.
func (o *Offices) IsPlaceOrBody(phrase string) bool {
	return o.exact[phrase]
}
