package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/pattern"
	"github.com/warta-news/warta/internal/text/stem"
)

// resolver turns speaker phrases into canonical entities. A speaker is a
// person or organization of the article, a name the article writes in
// full, or the holder of an office on the article's day; never a title
// alone, an outlet, a clause or a descriptor ("pria itu").
type resolver struct {
	a   *warta.Article
	opt Options
	// spoke records, per paragraph, the speakers of the quotes attributed
	// there so far, for pronouns in later paragraphs.
	spoke map[int][]speaker
}

// speaker is who said a quote; name "" is nobody (note may still say who:
// "seorang sumber di Kremlin").
type speaker struct {
	name, id string
	note     string
	org      bool // an organization, which pronouns never refer to
}

// stop words end a speaker phrase: "ujar Retno dalam jumpa pers" → Retno.
var stop = map[string]bool{"dalam": true, "kepada": true, "di": true, "saat": true, "pada": true, "ketika": true,
	"usai": true, "seusai": true, "seperti": true, "sebagaimana": true, "melalui": true, "lewat": true, "dikutip": true,
	"yang": true, "sambil": true, "sebelum": true, "setelah": true, "kemarin": true, "to": true, "in": true, "at": true,
	"on": true, "during": true, "dengan": true, "dari": true, "selaku": true, "sebagai": true, "kala": true, "tatkala": true,
	"seraya": true, "menjelang": true, "sesudah": true, "sesaat": true, "sembari": true, "ditemui": true, "tentang": true,
	"mengenai": true, "soal": true, "terkait": true, "for": true, "after": true, "before": true, "when": true, "while": true,
	"told": true, "who": true, "which": true}

// attribute finds who said a direct quote and the cue that says so.
func (r *resolver) attribute(q quoted) (speaker, string) {
	if m := reAfter.FindStringSubmatch(q.after); m != nil {
		verb := m[1] + m[2]
		if m[2] != "" { // "sambungnya", "ujarnya": the nearest person before
			return r.pronoun(q), verb
		}
		who := phrase(m[3])
		if who == "" {
			return r.pronoun(q), verb
		}
		cue := strings.ToLower(m[1]) + " " + who
		sp := r.phraseSpeaker(who, q)
		if sp.name == "" && sp.note != "" && anonymous(strings.ToLower(who)) {
			// Keep all of the description: "seorang sumber di Kremlin".
			sp.note = clause(m[3])
		}
		return sp, cue
	}
	if m := reStatement.FindStringSubmatch(q.after); m != nil {
		// The statement of an institution or person the text names;
		// "bunyi pengumuman itu" names nobody.
		who := phrase(m[1])
		if who == "" || !hasCapital(who) {
			return speaker{note: strings.Trim(clause(m[0]), " ,")}, ""
		}
		return r.phraseSpeaker(who, q), "pernyataan " + who
	}
	if m := reAfterEnglish.FindStringSubmatch(q.after); m != nil {
		// `"...," Lavrov said.` and `"...," he told reporters.`
		who := strings.TrimSpace(m[1])
		return r.phraseSpeaker(who, q), who + " " + strings.ToLower(m[2])
	}
	before := strings.TrimSpace(q.before)
	if m := reMenurut.FindStringSubmatch(before); m != nil {
		who := phrase(m[2])
		return r.phraseSpeaker(who, q), strings.ToLower(m[1]) + " " + who
	}
	if loc := reBeforeVerb.FindStringSubmatchIndex(before); loc != nil {
		subject := strings.TrimSpace(before[:loc[0]])
		// The subject is the last name-like phrase before the verb.
		who := lastPhrase(subject)
		cue := strings.TrimSpace(before[loc[0]:loc[1]])
		if who == "" || pronouns[strings.ToLower(who)] {
			return r.pronoun(q), cue
		}
		return r.phraseSpeaker(who, q), who + " " + cue
	}
	if strings.HasSuffix(before, ":") {
		who := lastPhrase(strings.TrimSuffix(before, ":"))
		if who != "" {
			return r.phraseSpeaker(who, q), who + ":"
		}
	}
	if strings.TrimSpace(q.before) == "" && strings.TrimSpace(strings.Trim(q.after, ` .,"”`)) == "" {
		// A paragraph that is only a quote: the speaker introduced at the
		// end of the paragraph before ("Ia menjelaskan:", "X menambahkan,"),
		// or the one whose quote it continues.
		if prev := q.startPara - 1; prev >= 0 && prev < len(r.a.Paragraphs) {
			p := strings.TrimSpace(r.a.Paragraphs[prev])
			if strings.HasSuffix(p, ":") || reBeforeVerb.MatchString(p) {
				if s := r.subjectOf(prev); s.name != "" {
					return s, "continues"
				}
			}
			if ss := r.spoke[prev]; len(ss) > 0 && ss[len(ss)-1].name != "" && endsWithQuote(p) {
				return ss[len(ss)-1], "continues"
			}
		}
	}
	return speaker{}, ""
}

// clause is s up to its first comma or full stop.
func clause(s string) string {
	if i := strings.IndexAny(s, ",.;"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// endsWithQuote tells whether a paragraph is a quote with its cue: it
// holds a closing mark, so the next bare quote paragraph goes on with it.
func endsWithQuote(p string) bool { return strings.ContainsAny(p, "\"”") }

// phraseSpeaker resolves the words a cue gives for the speaker.
func (r *resolver) phraseSpeaker(who string, q quoted) speaker {
	who = strings.TrimSpace(strings.Trim(who, ",;:"))
	if who == "" {
		return speaker{}
	}
	lw := strings.ToLower(who)
	first := strings.Fields(lw)[0]
	if pronouns[lw] || pronouns[first] {
		return r.pronoun(q)
	}
	if f := strings.Fields(who); len(f) > 1 && nameConnectors[f[0]] && hasCapital(f[1]) {
		// "da Costa", "van Gaal": a name that starts in lower case.
		return r.named(who, q.para)
	}
	if r0, _ := utf8.DecodeRuneInString(who); !unicode.IsUpper(r0) {
		// A descriptor: "pria itu", "politikus Partai Golkar ini" point back
		// to the person the text is about; "seorang sumber", "warga" name
		// nobody.
		if rest, ok := strings.CutPrefix(who, "pihak "); ok && rest != "" && unicode.IsUpper([]rune(rest)[0]) {
			// "pihak AWS": the organization itself.
			return r.phraseSpeaker(rest, q)
		}
		if name := appositionName(who); name != "" && !relational(lw) {
			// "presiden klub Nabil Husein Said Amin", "aktivis anti
			// korupsi Emerson Yuntho": a description, then the name.
			if e := r.entityIn(name); (e == nil || e.Type == warta.EntityPerson) && !r.isPlace(lastWord(name)) {
				return r.named(name, q.para)
			}
		}
		if anonymous(lw) {
			return speaker{note: who}
		}
		if hasCapital(who) && (relational(lw) || !anaphoric(lw)) {
			// A relation to someone named: "kuasa hukum Raga", "ibu Jefri
			// Nichol", "juru bicara Taliban" speak for or about that one,
			// and are not that one. The article may name them elsewhere.
			if name := r.nameAfterTitle(who, q.para); name != "" {
				return r.named(name, q.para)
			}
			if name := r.nameBefore(who, q.para); name != "" {
				return r.named(name, q.para)
			}
			return speaker{note: who}
		}
		if anaphoric(lw) {
			return r.pronoun(q)
		}
		return speaker{note: who}
	}
	para := q.para
	// Sentence openers run into the phrase ("Diketahui Nafa Urbach",
	// "Sedangkan Bebby") are no part of it.
	for ws := strings.Fields(who); len(ws) > 1; ws = strings.Fields(who) {
		w := trimWord(ws[0])
		if !(affixed(w) || notName[w]) || titleHeads[w] || orgWords[w] {
			break
		}
		who = strings.Join(ws[1:], " ")
	}
	// A person or organization the recognizer found in the phrase.
	if e := r.entityIn(who); e != nil && speakable(e.Name) {
		if t, n := splitTitle(e.Name, r.opt); t != "" && n == "" {
			// The recognizer took a title for a name ("Menpora").
			return r.titled(t, q)
		}
		if e.Type == warta.EntityPerson {
			// By the words the cue gives, so that a short name can still
			// turn out to be someone else than the knowledge file's
			// namesake ("Anwar" in a report on the Constitutional Court).
			if _, n := splitTitle(who, r.opt); n != "" && containsAll(strings.Fields(fold(e.Name)), strings.Fields(fold(n))) {
				return r.named(n, para)
			}
			return r.named(e.Name, para)
		}
		if e.Type == warta.EntityOrganization && !r.outlet(e.Name) && r.describes(who, e) {
			// "Politikus Partai Golkar (ini)", "Kader PDIP": a person the
			// organization describes, not the organization speaking.
			if anaphoric(lw) {
				return r.pronoun(q)
			}
			return r.titled(who, q)
		}
		if e.Type == warta.EntityOrganization && !r.outlet(e.Name) {
			// "Kepala BPBD Jawa Tengah" names the office of an
			// organization, not the organization speaking.
			if f := strings.Fields(e.Name); titleHeads[f[0]] {
				// The recognizer took an office for an organization
				// ("Jaksa Penuntut Umum").
				return r.titled(e.Name, q)
			}
			if title, _ := splitTitle(who, r.opt); title == "" {
				if long := r.definedAs(e.Name); long != "" {
					return speaker{name: long, org: true}
				}
				if n := trimOpeners(e.Name); n != e.Name {
					// "Menurut Pusat Topan Nasional": the recognizer's span
					// took the sentence's first word.
					return speaker{name: n, org: true}
				}
				return speaker{name: e.Name, id: e.ID, org: true}
			}
		}
	}
	if commonSpeakers[lw] || anonymous(lw) {
		return speaker{note: who}
	}
	title, name := splitTitle(who, r.opt)
	if name != "" {
		return r.named(name, para)
	}
	if title != "" {
		return r.titled(title, q)
	}
	if anaphoric(lw) {
		return r.pronoun(q)
	}
	return r.named(who, para)
}

// named resolves a name as the cue writes it ("Agus", "Febri Diansyah"):
// the article's person whose name holds every word of it, else the
// longest form of it the article writes ("Agus Wibowo"), else itself when
// it looks like a name.
func (r *resolver) named(name string, para int) speaker {
	return r.namedOnce(name, para, true)
}

// namedOnce is named; expand says whether to look for a fuller form.
func (r *resolver) namedOnce(name string, para int, expand bool) speaker {
	name = cleanName(strings.Trim(name, " ,;:"))
	if name == "" || r.outlet(name) {
		return speaker{}
	}
	words := strings.Fields(fold(name))
	var best *warta.Entity
	for i := range r.a.Entities {
		e := &r.a.Entities[i]
		if e.Type == warta.EntityLocation || !speakable(e.Name) {
			continue
		}
		if !containsAll(strings.Fields(fold(e.Name)), words) && !mentionIs(e, name) {
			continue
		}
		if best == nil || rank(e) > rank(best) || rank(e) == rank(best) && len(e.Name) > len(best.Name) {
			best = e
		}
	}
	full := ""
	if expand {
		full = r.longestForm(name)
	}
	if full == "" && len(words) == 1 && (best == nil || len(strings.Fields(best.Name)) == 1 || best.Affiliation != "" && !r.names(best.Affiliation)) {
		// One word the article never writes in full: an office holder of
		// an institution or country the article names, on its day.
		if s, ok := r.holderNamed(name); ok {
			return s
		}
	}
	if best != nil {
		bn := cleanName(best.Name)
		if best.Type == warta.EntityPerson {
			bn = r.nameOnly(bn)
			// A name the recognizer did not know, run into words before
			// the one the cue starts with ("Korupsi Febri Diansyah" for
			// "kata Febri Diansyah"): from the cue's word on.
			if cut := fromWord(bn, strings.Fields(name)[0]); strings.HasPrefix(best.ID, "x:") && cut != "" && cut != bn && len(strings.Fields(name)) >= 1 && len(strings.Fields(cut)) >= 2 {
				bn = cut
			}
		} else if only := fromWord(bn, strings.Fields(name)[0]); only != "" && only != bn && nameWord(strings.Fields(name)[0]) {
			// "Komisi III DPR RI Nasir Djamil", typed an organization,
			// ends with the person the cue names.
			return speaker{name: only}
		}
		if best.Type != warta.EntityPerson || len(strings.Fields(bn)) >= len(strings.Fields(full)) {
			if bn != best.Name {
				// "Marsekal Hadi Tjahjanto": the name without the rank,
				// as its own entity if the article has it.
				for i := range r.a.Entities {
					if r.a.Entities[i].Name == bn {
						return speaker{name: bn, id: r.a.Entities[i].ID}
					}
				}
				return speaker{name: bn}
			}
			return speaker{name: best.Name, id: best.ID, org: best.Type == warta.EntityOrganization}
		}
	}
	if full != "" {
		if full != name {
			if s := r.namedOnce(full, para, false); s.name != "" && len(s.name) >= len(full) {
				return s
			}
		}
		return speaker{name: full}
	}
	if r0, _ := utf8.DecodeRuneInString(name); unicode.IsUpper(r0) && len(words) <= 5 {
		if long := r.definedAs(name); long != "" {
			if f := strings.Fields(long); titleHeads[f[0]] {
				// "Jaksa Penuntut Umum (JPU)": an office, not a name.
				return speaker{note: long}
			}
			return speaker{name: cleanName(long), org: !honorificStart(long)}
		}
		return speaker{name: name}
	}
	return speaker{}
}

// definedAs finds the long name an acronym stands for where the article
// defines it: "Indonesia Corruption Watch (ICW)" for "ICW".
func (r *resolver) definedAs(acr string) string {
	if len(acr) < 2 || strings.ToUpper(acr) != acr || strings.ContainsAny(acr, " .") {
		return ""
	}
	for _, p := range append([]string{r.a.Title}, r.a.Paragraphs...) {
		i := strings.Index(p, "("+acr+")")
		if i < 0 {
			continue
		}
		ws := strings.Fields(p[:i])
		k := len(ws)
		for k > 0 && len(ws)-k < 8 {
			w := trimWord(ws[k-1])
			r0, _ := utf8.DecodeRuneInString(w)
			if w == "" || strings.ContainsAny(ws[k-1], ",.;:") || !unicode.IsUpper(r0) && !longConnectors[w] {
				break
			}
			k--
		}
		// Not the words that open the sentence or name someone's office
		// ("Peneliti Indonesia Corruption Watch").
		for k < len(ws)-2 && (longConnectors[ws[k]] || titleHeads[trimWord(ws[k])] || affixed(trimWord(ws[k]))) {
			k++
		}
		if len(ws)-k >= 2 {
			return strings.Join(ws[k:], " ")
		}
	}
	return ""
}

// trimOpeners drops the words that open a sentence ("Menurut",
// "Sementara") from the front of a name of two words or more.
func trimOpeners(name string) string {
	ws := strings.Fields(name)
	for len(ws) > 2 && (notName[ws[0]] || affixed(ws[0])) && !orgWords[ws[0]] {
		ws = ws[1:]
	}
	return strings.Join(ws, " ")
}

// honorificStart tells whether a long form starts with a person's
// honorific ("Prof Bungaran Antonius Simanjuntak (BAS)").
func honorificStart(s string) bool {
	f := strings.Fields(s)
	return len(f) > 0 && (honorific[f[0]] || ranks[f[0]])
}

// longConnectors join the words of an institution's long name.
var longConnectors = set(`dan untuk di of and for the de`)

// longestForm finds the fullest way the article writes a name: "Agus" →
// "Agus Wibowo" where the text says "Kepala Pusat Data Agus Wibowo".
// Capitalized words that are titles, ranks or sentence openers are not
// part of a name.
func (r *resolver) longestForm(name string) string {
	want := strings.Fields(name)
	if len(want) == 0 {
		return ""
	}
	best := ""
	// The body, then the headline; in a Title Case headline a name is
	// extended rightwards only, and by one word at most.
	texts := append(append([]string{}, r.a.Paragraphs...), r.a.Title)
	for ti, p := range texts {
		head := ti == len(texts)-1
		ws := strings.Fields(p)
		for i := 0; i+len(want) <= len(ws); i++ {
			ok := true
			for k, w := range want {
				if trimWord(ws[i+k]) != w {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			// Extend left and right over capitalized name words.
			lo, hi := i, i+len(want)
			most := 5
			if head {
				if len(want) > 1 {
					continue
				}
				most = len(want) + 1
			}
			if strings.HasPrefix(ws[i], "(") {
				// "Joko Widodo (Jokowi)": a name of its own in brackets.
				continue
			}
			if !strings.ContainsAny(ws[hi-1], ",.;:)\"”") {
				for hi < len(ws) && hi-lo < most && nameWord(ws[hi]) && !r.otherName(trimWord(ws[hi]), want) && !(head && stemmer.IsWord(strings.ToLower(trimWord(ws[hi])))) {
					hi++
					if strings.ContainsAny(ws[hi-1], ",.;:)\"”") {
						break
					}
				}
			}
			// Leftwards only over a run of name words that no title,
			// rank or institution word starts ("Menteri Luar Negeri
			// Sugiono" does not make "Negeri" a name).
			run := lo
			for run > 0 && lo-run < 4 && (nameWord(ws[run-1]) || titleHeads[trimWord(ws[run-1])] || ranks[trimWord(ws[run-1])] || orgWords[trimWord(ws[run-1])]) &&
				!strings.ContainsAny(ws[run-1], ",.;:(\"“") {
				run--
			}
			clean := run < lo
			if run > 0 && !strings.ContainsAny(ws[run-1], ",.;:(\"“") {
				// The capitals go on further left ("Pemberantasan Korupsi
				// Febri"): an institution's name, not the person's.
				// An acronym ends a title ("... KLHK Rasio Ridho Sani").
				if r0, _ := utf8.DecodeRuneInString(ws[run-1]); unicode.IsUpper(r0) && strings.ToUpper(ws[run-1]) != ws[run-1] {
					clean = false
				}
			}
			for k := run; k < lo; k++ {
				if !nameWord(ws[k]) || orgWords[trimWord(ws[k])] {
					clean = false
				}
			}
			if clean && !head && lo-run <= 2 && hi-run <= 5 {
				lo = run
			}
			var parts []string
			for _, w := range ws[lo:hi] {
				parts = append(parts, trimWord(w))
			}
			cand := strings.Join(parts, " ")
			if len(parts) > len(strings.Fields(best)) {
				best = cand
			}
		}
	}
	if len(strings.Fields(best)) <= len(want) {
		return ""
	}
	return best
}

// nameWord tells whether a word of running text may be part of a person's
// name: capitalized, and not a title, rank, honorific, month, day or word
// that opens sentences.
func nameWord(w string) bool {
	t := trimWord(w)
	r0, _ := utf8.DecodeRuneInString(t)
	if t == "" || !unicode.IsUpper(r0) {
		return false
	}
	if notName[t] || titleHeads[t] || ranks[t] || honorific[t] || degrees[t] || innerCapital(t) || affixed(t) {
		return false
	}
	// All capitals is an acronym (BNPB, KJRI, BAS), not a name.
	if utf8.RuneCountInString(t) >= 2 && strings.ToUpper(t) == t && !strings.Contains(t, ".") {
		return false
	}
	return true
}

func trimWord(w string) string { return strings.Trim(w, ",.;:()\"“”'‘’!?") }

// titled resolves a title without a name ("Menpora", "Kapolres", "Juru
// Bicara KPK"): the person the article names with that title, else the
// holder of the office on the article's day, else nobody.
func (r *resolver) titled(title string, q quoted) speaker {
	if name := r.nameAfterTitle(title, q.para); name != "" {
		return r.named(name, q.para)
	}
	// The holder on the day only for a title that names one office
	// ("Menlu", "Kapolri", "Presiden RI"), not a bare "Presiden".
	if r.opt.Holder != nil && !r.a.PublishedAt.IsZero() && (r.opt.TitleWords == nil || r.opt.TitleWords(title) > 0) {
		if name, id, ok := r.opt.Holder(title, r.a.PublishedAt); ok {
			return speaker{name: name, id: id}
		}
	}
	// The head of an institution nobody names speaks for it: "kata
	// Kepala BMKG" → BMKG.
	if e := r.entityIn(title); e != nil && e.Type == warta.EntityOrganization && !r.outlet(e.Name) {
		return speaker{name: e.Name, id: e.ID, note: title, org: true}
	}
	return speaker{note: title}
}

// nameAfterTitle finds the title written with a name elsewhere in the
// article ("Menpora Imam Nahrawi", "Juru Bicara KPK, Febri Diansyah"),
// nearest to the quote's paragraph first, earlier paragraphs before later
// ones.
func (r *resolver) nameAfterTitle(title string, para int) string {
	order := make([]int, 0, len(r.a.Paragraphs)+1)
	for p := min(para, len(r.a.Paragraphs)-1); p >= 0; p-- {
		order = append(order, p)
	}
	for p := para + 1; p < len(r.a.Paragraphs); p++ {
		order = append(order, p)
	}
	for _, pi := range order {
		p := r.a.Paragraphs[pi]
		for off := 0; ; {
			i := strings.Index(p[off:], title)
			if i < 0 {
				break
			}
			off += i + len(title)
			if name := r.nameAt(p[off:]); name != "" {
				return name
			}
		}
	}
	return ""
}

// nameBefore finds a name written just before the descriptor, with a
// comma between: "Muhajir, kuasa hukum Raga".
func (r *resolver) nameBefore(desc string, para int) string {
	for _, p := range r.a.Paragraphs {
		for off := 0; ; {
			i := strings.Index(p[off:], ", "+desc)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(desc) + 2
			ws := strings.Fields(p[:at])
			var out []string
			for k := len(ws) - 1; k >= 0 && len(out) < 4 && nameWord(ws[k]) && !strings.ContainsAny(ws[k], ",.;:"); k-- {
				out = append([]string{trimWord(ws[k])}, out...)
			}
			if len(out) > 0 {
				return strings.Join(out, " ")
			}
		}
	}
	return ""
}

// otherName tells whether w is by itself how the article names an entity
// ("Jokowi"): a name of its own, not the end of another.
func (r *resolver) otherName(w string, of []string) bool {
	for i := range r.a.Entities {
		e := &r.a.Entities[i]
		if containsAll(strings.Fields(e.Name), of) && containsWord(e.Name, w) {
			continue // the same person's own last name ("Gara")
		}
		for _, m := range e.Mentions {
			if m.Text == w {
				return true
			}
		}
	}
	return false
}

// appositionName is the run of name words that ends a descriptor, if it
// has one: "pembalap andalan PRCT Aiman Cahyadi" → "Aiman Cahyadi".
func appositionName(desc string) string {
	ws := strings.Fields(desc)
	i := len(ws)
	for i > 0 && (nameWord(ws[i-1]) || i < len(ws) && nameConnectors[ws[i-1]]) {
		i--
	}
	if i == len(ws) || i == 0 {
		return ""
	}
	return strings.Join(ws[i:], " ")
}

// relational tells whether a descriptor names someone by their relation
// to another ("ibu Jefri Nichol", "kuasa hukum Raga"): the one named is
// not the one speaking.
func relational(lw string) bool {
	for _, w := range []string{"ibu", "ayah", "bapak", "istri", "suami", "anak", "adik", "kakak", "putri", "putra", "keluarga",
		"kuasa", "pengacara", "juru", "jubir", "ajudan", "rekan", "teman", "sahabat", "kekasih", "pacar", "orang",
		"tim", "pihak", "kerabat", "tetangga", "ibunda", "ayahanda", "menantu", "mertua", "cucu", "kakek", "nenek"} {
		for _, f := range strings.Fields(lw) {
			if f == w {
				return true
			}
		}
	}
	return false
}

// hasCapital tells whether a phrase holds a capitalized word.
func hasCapital(s string) bool {
	for _, w := range strings.Fields(s) {
		if r0, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r0) {
			return true
		}
	}
	return false
}

// nameAt reads a name at the start of s, after commas, qualifiers in
// capitals, ranks and honorifics: ", Komisaris Besar Bastoni Purnama".
func (r *resolver) nameAt(s string) string {
	ws := strings.Fields(s)
	if len(ws) > 0 && (ws[0] == "," || !strings.HasPrefix(ws[0], ",") && strings.HasPrefix(s, ",")) {
		ws = ws[1:]
	}
	i := 0
	if len(ws) > 0 && strings.IndexAny(ws[0][:1], ",-)") == 0 {
		// "Menlu, Retno", "(Menpora) Imam Nahrawi", "Kapolres - Budi".
		ws[0] = strings.TrimLeft(ws[0], ",-)")
		if ws[0] == "" {
			i++
		}
	}
	// The region or institution of the office ("Kapolres Aceh Selatan
	// AKBP Dedy Sadsono"), then ranks and honorifics.
	for i < len(ws) && (r.isPlace(trimWord(ws[i])) || ranks[trimWord(ws[i])] || honorific[trimWord(ws[i])]) {
		i++
	}
	var out []string
	for ; i < len(ws) && len(out) < 4; i++ {
		w := ws[i]
		if !nameWord(w) && !(len(out) > 0 && nameConnectors[w]) {
			break
		}
		out = append(out, trimWord(w))
		if strings.ContainsAny(w, ",.;:)\"”") && !strings.HasSuffix(w, ".") || strings.HasSuffix(w, ",") {
			break
		}
	}
	for len(out) > 0 && nameConnectors[out[len(out)-1]] {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, " ")
}

// pronoun resolves dia/ia/beliau/-nya and descriptors: the nearest person
// before the quote. In the quote's own paragraph, the subject of the text
// before it; then, paragraph by paragraph back, the speaker of a quote
// there or the first person the paragraph names outside quotes (its
// subject, not the last name read); finally the person the headline names.
func (r *resolver) pronoun(q quoted) speaker {
	if s := r.subjectBefore(q.startPara, len(q.before)); s.name != "" {
		return s
	}
	for p := q.startPara - 1; p >= 0 && p >= q.startPara-8; p-- {
		if ss := r.spoke[p]; len(ss) > 0 {
			for i := len(ss) - 1; i >= 0; i-- {
				if ss[i].name != "" {
					return ss[i]
				}
			}
		}
		if s := r.subjectOf(p); s.name != "" {
			return s
		}
	}
	// Named only later in the paragraph: `ia berkata "..." di depan warga,
	// kata Sugiono`.
	if s := r.subjectOf(q.startPara); s.name != "" {
		return s
	}
	return r.subjectOf(-1)
}

// subjectOf is the first person a paragraph names outside quotes (-1: the
// headline), or who its titles name.
func (r *resolver) subjectOf(para int) speaker {
	return r.subjectBefore(para, -1)
}

// subjectBefore is the first person named outside quotes in the paragraph
// before byte offset end (all of it when end < 0).
func (r *resolver) subjectBefore(para, end int) speaker {
	text := r.a.Title
	if para >= 0 {
		if para >= len(r.a.Paragraphs) {
			return speaker{}
		}
		text = r.a.Paragraphs[para]
	}
	if end < 0 || end > len(text) {
		end = len(text)
	}
	// The subject of a speech verb ("Surya Paloh mengaku", "Endang
	// Djumali menambahkan") is the best guess; else the first person named.
	if m := reSubjectVerb.FindAllStringSubmatchIndex(text[:end], -1); m != nil {
		for _, loc := range m {
			if insideQuote(text, loc[2]) {
				continue
			}
			who := lastPhrase(text[loc[2]:loc[3]])
			if who == "" || pronouns[strings.ToLower(who)] {
				continue
			}
			if s := r.phraseSpeaker(who, quoted{para: para, startPara: para, before: text[:loc[2]]}); s.name != "" && !s.org {
				return s
			}
		}
	}
	var best *warta.Entity
	bestAt := end
	for i := range r.a.Entities {
		e := &r.a.Entities[i]
		if e.Type != warta.EntityPerson || !speakable(e.Name) {
			continue
		}
		for _, m := range e.Mentions {
			if m.Paragraph != para || m.Start >= bestAt || m.End > end || m.Start < 0 || insideQuote(text, m.Start) {
				continue
			}
			best, bestAt = e, m.Start
		}
	}
	if best != nil {
		return r.named(best.Name, para)
	}
	return speaker{}
}

// reSubjectVerb finds a capitalized subject right before a speech verb.
var reSubjectVerb = pattern.New(`((?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w.'’-]*),?\s+(?:mengatakan|mengaku|menjelaskan|menyebut|menyebutkan|menegaskan|mengungkapkan|menambahkan|melanjutkan|memaparkan|menerangkan|menyatakan|menuturkan|berkata|menilai|bercerita|membeberkan|mengakui|said|says|told|added)\b`)

// rank orders the entities a name may be: a person before an
// organization, and one the article writes in full before one it names
// only by a part ("Anwar Usman" written out beats a knowledge file's
// "Anwar Ibrahim" reached through "Anwar" alone).
func rank(e *warta.Entity) int {
	n := 0
	if e.Type == warta.EntityPerson {
		n += 2
	}
	for _, m := range e.Mentions {
		if len(strings.Fields(m.Text)) >= len(strings.Fields(e.Name)) {
			n++
			break
		}
	}
	return n
}

// describes tells whether a phrase puts a word that is no title (a
// noun such as "Politikus", "Kader", "Aktivis") before the organization
// it names: the phrase describes a member, who is not the organization.
func (r *resolver) describes(who string, e *warta.Entity) bool {
	ws := strings.Fields(who)
	if len(ws) < 2 || titleHeads[ws[0]] || ws[0] == "pihak" || ranks[ws[0]] {
		return false
	}
	for _, m := range append([]string{e.Name}, mentionTexts(e)...) {
		if m != "" && strings.HasPrefix(who, m) {
			return false
		}
	}
	return true
}

func mentionTexts(e *warta.Entity) []string {
	var out []string
	for _, m := range e.Mentions {
		out = append(out, m.Text)
	}
	return out
}

// holderNamed asks the offices table for the one holder, on the article's
// day, of an office of an organization or place the article names, whose
// name holds the word.
func (r *resolver) holderNamed(word string) (speaker, bool) {
	if r.opt.HolderNamed == nil || r.a.PublishedAt.IsZero() {
		return speaker{}, false
	}
	var of []string
	for i := range r.a.Entities {
		if e := &r.a.Entities[i]; e.Type != warta.EntityPerson {
			of = append(of, e.Name)
		}
	}
	name, id, ok := r.opt.HolderNamed(word, r.a.PublishedAt, of)
	return speaker{name: name, id: id}, ok
}

// names tells whether the article names an entity called name.
func (r *resolver) names(name string) bool {
	for i := range r.a.Entities {
		if r.a.Entities[i].Name == name {
			return true
		}
	}
	return false
}

// nameOnly keeps the person's name out of a name the recognizer ran
// into the words before it: "KJRI Jeddah Endang Djumali" → "Endang
// Djumali", "Kementerian Pemuda dan Olahraga Gatot S Dewa Broto" → "Gatot
// S Dewa Broto", "YouTube Atta" → "Atta". The name is what follows the
// last word that cannot be part of one: an acronym, an institution's word,
// a place the article names, a word with an inner capital, a preposition.
func (r *resolver) nameOnly(name string) string {
	ws := strings.Fields(name)
	cut := -1
	for i, w := range ws[:len(ws)-1] {
		t := trimWord(w)
		if r.opt.Known != nil && i+1 < len(ws)-1 && r.opt.Known(t+" "+trimWord(ws[i+1])) {
			// "Jawa Timur Frans Barung Mangera": a known place of two words.
			cut = i + 1
			continue
		}
		if r.opt.Known != nil && r.opt.Known(t) {
			cut = i
			continue
		}
		if !nameWord(t) && !nameConnectors[t] || orgWords[t] || innerCapital(t) || r.isPlace(t) || affixed(t) {
			cut = i
		}
	}
	for len(ws) > cut+2 && notName[trimWord(ws[len(ws)-1])] {
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws[cut+1:], " ")
}

// affixed tells whether a capitalized word is an Indonesian word with
// affixes ("Diketahui", "Sedangkan", "Perhubungan"): a sentence opener or
// an office, never a given name, which are roots ("Budi", "Bunga").
func affixed(w string) bool {
	l := strings.ToLower(w)
	if len(l) < 6 || !stemmer.IsWord(stemmer.Stem(l)) {
		return false
	}
	return stemmer.Stem(l) != l
}

var stemmer = stem.New()

// fromWord is name from its word w on ("" if w is not in it).
func fromWord(name, w string) string {
	ws := strings.Fields(name)
	for i, x := range ws {
		if x == w {
			return strings.Join(ws[i:], " ")
		}
	}
	return ""
}

// innerCapital tells whether a word has a capital after its first letter
// ("YouTube", "iPhone"): a brand, not a name.
func innerCapital(w string) bool {
	for i, c := range w {
		if i > 0 && unicode.IsUpper(c) {
			return strings.ToUpper(w) != w
		}
	}
	return false
}

// isPlace tells whether the article names w as (the last word of) a place.
func (r *resolver) isPlace(w string) bool {
	for i := range r.a.Entities {
		e := &r.a.Entities[i]
		if e.Type != warta.EntityLocation {
			continue
		}
		if containsWord(e.Name, w) {
			return true
		}
		for _, m := range e.Mentions {
			if containsWord(m.Text, w) {
				return true
			}
		}
	}
	return false
}

func containsWord(s, w string) bool {
	for _, x := range strings.Fields(s) {
		if trimWord(x) == w {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// speakable tells whether an entity's name can be a speaker's: it starts
// with a capital and holds no clause ("dan Umrah Arab Saudi" cannot).
func speakable(name string) bool {
	r0, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r0) || unicode.IsDigit(r0)
}

// cleanName drops ranks, honorifics and degrees around a name: "Marsekal
// Hadi Tjahjanto" → "Hadi Tjahjanto", "Ferry Harahap SIk" → "Ferry
// Harahap".
func cleanName(name string) string {
	ws := strings.Fields(name)
	for len(ws) > 1 && (ranks[trimWord(ws[0])] || honorific[trimWord(ws[0])] || honorific[ws[0]]) {
		ws = ws[1:]
	}
	for len(ws) > 1 && (degrees[trimWord(ws[len(ws)-1])] || degrees[ws[len(ws)-1]]) {
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws, " ")
}

// insideQuote tells whether byte offset off of p lies between quote marks.
func insideQuote(p string, off int) bool {
	open := false
	for i, c := range p {
		if i >= off {
			break
		}
		switch c {
		case '“', '„':
			open = true
		case '”':
			open = false
		case '"':
			open = !open
		}
	}
	return open
}

// entityIn returns the article's person or organization whose mention or
// name ends the phrase ("Menlu Retno" → Retno Marsudi; "kata Kremlin").
func (r *resolver) entityIn(who string) *warta.Entity {
	var best *warta.Entity
	bestLen := 0
	for i := range r.a.Entities {
		e := &r.a.Entities[i]
		if e.Type == warta.EntityLocation {
			continue
		}
		forms := []string{e.Name}
		for _, m := range e.Mentions {
			forms = append(forms, m.Text)
		}
		for _, f := range forms {
			if f == "" || !strings.HasSuffix(who, f) || len(f) <= bestLen {
				continue
			}
			// Whole words only: "Agus" does not end "Bagus".
			if k := len(who) - len(f); k > 0 && who[k-1] != ' ' {
				continue
			}
			best, bestLen = e, len(f)
		}
	}
	return best
}

// outlet tells whether a name is the article's outlet or a web address
// ("Kompas.com"): outlets report speech, they do not speak in it.
func (r *resolver) outlet(name string) bool {
	l := strings.ToLower(name)
	if strings.HasSuffix(l, ".com") || strings.HasSuffix(l, ".id") || strings.HasSuffix(l, ".co") || strings.Contains(l, "www.") {
		return true
	}
	o := strings.ToLower(r.a.Outlet)
	if o == "" {
		return false
	}
	o = strings.TrimPrefix(o, "www.")
	if i := strings.IndexByte(o, '.'); i > 0 {
		o = o[:i]
	}
	return strings.ReplaceAll(l, " ", "") == o
}

// splitTitle splits a phrase into an office title and the name after it:
// "Menlu Retno" → "Menlu", "Retno"; "Kapolres" → "Kapolres", "".
func splitTitle(who string, opt Options) (title, name string) {
	ws := strings.Fields(who)
	if len(ws) == 0 {
		return "", ""
	}
	n := 0
	if opt.TitleWords != nil {
		n = opt.TitleWords(who)
	}
	if n == 0 && titleHeads[ws[0]] {
		// A generic title: its head, then capitalized words and
		// connectors naming the office, as long as what follows is not a
		// name the article knows. Without better knowledge, all of it.
		n = len(ws)
		// A trailing run of name words after an all-capitals qualifier or
		// a known institution word is the name: "Kapolres AKBP Andi M
		// Dicky" → name "Andi M Dicky".
		for i := 1; i < len(ws); i++ {
			if ranks[ws[i]] {
				n = i
				break
			}
		}
	}
	if n == 0 {
		return "", who
	}
	rest := ws[n:]
	for len(rest) > 0 && (ranks[rest[0]] || honorific[rest[0]]) {
		rest = rest[1:]
	}
	return strings.Join(ws[:n], " "), strings.Join(rest, " ")
}

// phrase takes the speaker words at the start of s: up to a stop word,
// punctuation, or the first lower-case word after a name ("Thareq
// menjelaskan" → Thareq).
func phrase(s string) string {
	var out []string
	lower := false
	for i, w := range strings.Fields(s) {
		if j := strings.IndexAny(w, ",;:!?)"); j > 0 {
			// "dia.,_x000D_": what follows the punctuation is debris.
			w = w[:j+1]
		}
		t := strings.TrimRight(w, ".,;:!?)")
		if strings.HasSuffix(w, ".") && abbrev(t+".") {
			t = t + "."
		}
		if stop[strings.ToLower(t)] || t == "" {
			break
		}
		r0, _ := utf8.DecodeRuneInString(t)
		isLower := !unicode.IsUpper(r0) && !unicode.IsDigit(r0)
		if i == 0 {
			lower = isLower
		} else if !lower && isLower && !nameConnectors[t] && !(t == "dan" && nextCap(s, i)) {
			break
		}
		out = append(out, t)
		if t != w && !abbrev(w) || len(out) >= 9 {
			break
		}
	}
	for len(out) > 0 && nameConnectors[out[len(out)-1]] {
		out = out[:len(out)-1]
	}
	return strings.Join(out, " ")
}

// abbrev tells whether a word with a full stop is an initial or an
// abbreviation inside a name ("S.", "H.M.", "Jr.").
func abbrev(w string) bool {
	t := strings.TrimSuffix(w, ".")
	if t == "" || strings.ContainsAny(t, ",;:") {
		return false
	}
	if t == "Jr" || t == "Sr" || t == "St" {
		return true
	}
	r0, _ := utf8.DecodeRuneInString(t)
	// One letter ("S."), or letters with stops between ("H.M.").
	if !unicode.IsUpper(r0) {
		return false
	}
	for _, seg := range strings.Split(t, ".") {
		if n := utf8.RuneCountInString(seg); n == 0 || n > 2 {
			return false
		}
	}
	return utf8.RuneCountInString(t) == 1 || strings.Contains(t, ".")
}

// lastPhrase takes the trailing capitalized words of s: "Sementara itu,
// Menlu Retno Marsudi" → "Menlu Retno Marsudi".
func lastPhrase(s string) string {
	ws := strings.Fields(strings.TrimRight(s, ",;: "))
	i := len(ws)
	for i > 0 {
		w := strings.Trim(ws[i-1], ",;:")
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) && !pronouns[strings.ToLower(w)] && !(i < len(ws) && nameConnectors[w]) {
			break
		}
		i--
		if pronouns[strings.ToLower(w)] || strings.HasSuffix(ws[i], ",") && i < len(ws)-1 {
			if strings.HasSuffix(ws[i], ",") {
				i++
			}
			break
		}
	}
	for i < len(ws) && nameConnectors[ws[i]] {
		i++
	}
	return strings.Join(ws[i:], " ")
}

// anonymous tells whether a phrase describes an unnamed source: "seorang
// sumber", "sumber di Kremlin", "a source", "warga setempat".
func anonymous(lw string) bool {
	f := strings.Fields(lw)
	if len(f) == 0 {
		return false
	}
	switch f[0] {
	case "seorang", "salah", "sumber", "a", "an", "one", "sejumlah", "beberapa", "para", "pihak", "warga", "officials", "sources":
		return true
	}
	for _, w := range f {
		if w == "sumber" || w == "source" || w == "sources" || w == "narasumber" {
			return true
		}
	}
	return false
}

// anaphoric tells whether a descriptor points back to someone already
// named: "pria itu", "politikus Partai Golkar ini", "the minister".
func anaphoric(lw string) bool {
	f := strings.Fields(lw)
	if len(f) == 0 {
		return false
	}
	switch f[len(f)-1] {
	case "itu", "ini", "tersebut":
		return true
	}
	switch f[0] {
	case "pria", "wanita", "perempuan", "lelaki", "laki-laki", "sang", "the", "mantan", "politikus", "politisi", "pemain", "pesinetron", "aktor", "aktris", "penyanyi", "ibu", "bapak", "ayah", "istri", "suami", "putra", "putri", "pengusaha", "presenter", "komedian", "pelatih", "legislator", "jenderal":
		return true
	}
	return false
}

// commonSpeakers are nouns that start sentences as speakers without naming
// anyone.
var commonSpeakers = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`warga pihak polisi petugas pemerintah masyarakat korban saksi pengamat ahli sumber pejabat
		netizen warganet peneliti analis pengacara kuasa hukum keluarga pedagang nelayan petani mahasiswa siswa guru dokter
		penyidik jaksa hakim pelaku tersangka panitia panitera juru bicara narasumber orator`) {
		m[w] = true
	}
	return m
}()

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	// titleHeads start office titles that are not names.
	titleHeads = set(`Menteri Menko Menlu Mendagri Menhan Menkeu Menkes Menag Mendag Menpora Mensesneg Seskab Mensos Menhub
		Mentan Menaker Menperin Mendikbud Mendikbudristek Menkominfo Menkumham Presiden Wapres Wakil Ketua Kepala Direktur
		Dirut Dirjen Sekretaris Sekjen Juru Jubir Kapolri Kapolda Kapolres Kapolresta Kapolrestabes Kapolsek Wakapolri
		Wakapolda Wakapolres Kasat Kasatreskrim Kasubdit Kabid Kabag Kasi Kadis Panglima Pangdam Danrem Dandim Kasad Kasal
		Kasau Komandan Gubernur Wagub Bupati Wabup Wali Walikota Wawali Camat Lurah Kades Anggota Komisioner Staf Kabareskrim
		Kadiv Karo Kapuspen Kapendam Duta Dubes Konjen Konsul Jaksa Hakim Ketum Plt Pj Penjabat Pelaksana Deputi Asisten
		Kasubag Manajer Manager Koordinator Pelatih Pengamat Peneliti Rektor Dekan Dosen Sekda Sekretariat Kabag Pimpinan
		Direktorat Jenderal President Prime Minister Minister Secretary Spokesman Spokeswoman Spokesperson Chairman Director
		Chief Head Governor Ambassador Senator`)
	// ranks and honorifics come between a title and a name.
	ranks = set(`AKBP AKP Kompol Iptu Ipda Aiptu Aipda Bripka Brigpol Bripda Briptu Kombes Kombespol Brigjen Irjen Komjen
		Jenderal Pol Polisi Komisaris Besar Ajun Inspektur Letjen Mayjen Laksda Laksdya Laksma Marsda Marsdya Marsma
		Kolonel Letkol Mayor Kapten Lettu Letda Serka Sertu Kopda Laksamana Marsekal TNI Purn Purnawirawan`)
	honorific = set(`Bapak Ibu Pak Bu Sdr Saudara Saudari dr dr. Dr Dr. Prof Prof. Haji Hj Hj. H H. KH KH. Kiai Ustaz
		Ustazah Syekh Mr Mr. Mrs Mrs. Ms Ms. Tuan Nyonya Ir Ir. Drs Drs. HM H.M. Sir`)
	// notName are capitalized words of running text that are no part of a
	// name.
	notName = set(`Kata Ujar Ucap Menurut Sementara Namun Tetapi Tapi Selain Sebelumnya Kemudian Lalu Saat Ketika Dalam
		Di Ke Dari Pada Untuk Dan Yang Ini Itu Ia Dia Mereka Kami Kita Saya Aku Beliau Senin Selasa Rabu Kamis Jumat Sabtu
		Minggu Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember Jakarta Indonesia
		RI The A He She They It Baca Juga Foto Video Bagi Oleh Bersama Kepada Tentang Sejak Official Channel Adalah Sedangkan Profesor Promotor Kelakar Tokoh Humas
		Pengamat Aktivis Artis Aktris Aktor Penyanyi Pesinetron Presenter Komedian Pelatih Kuasa Hukum Ibunda Ayahanda
		Istri Suami Putri Putra Anak Adik Kakak Diketahui Dikatakan Disebutkan Dijelaskan Adapun Selanjutnya Kendati
		Meski Meskipun Walau Walaupun Bahkan Kini Kala Begitu Lebih Apalagi Terlebih`)
	nameConnectors = set(`bin binti al Al van de der von da dos`)
	// orgWords are words of institutions' names, never of people's.
	orgWords = set(`Kementerian Negeri Luar Dalam Badan Komisi Dinas Dewan Majelis Mahkamah Partai Universitas Institut Lembaga
		Bank Kepolisian Pemerintah Pemkot Pemprov Pemkab Komite Yayasan Asosiasi Kedutaan Kedubes Konsulat KBRI KJRI
		Polda Polres Polsek Kodam Kejaksaan Pengadilan Umum Negara Agung Pusat Daerah Provinsi Kota Kabupaten Group Grup
		Tbk PT CV Corp Inc Ltd Holding Holdings Conference Club FC Foundation Institute University Company`)
	// degrees follow names: "Ferry Harahap SIK", "Budi, S.H.".
	degrees = set(`SH S.H. SH. MH M.H. MH. SIK SIk S.IK S.I.K. MSi M.Si M.Si. MM M.M. SE S.E. ST S.T. MA M.A. PhD Ph.D. SPd S.Pd
		S.Pd. MKes M.Kes MBA Jr Jr. Sr`)
)

func fold(s string) string {
	return strings.ToLower(strings.NewReplacer("'", "", "’", "", ".", " ", "-", " ").Replace(s))
}

// containsAll tells whether every word of want is among have.
func containsAll(have, want []string) bool {
	if len(want) == 0 {
		return false
	}
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// mentionIs tells whether the entity is mentioned as exactly name.
func mentionIs(e *warta.Entity, name string) bool {
	for _, m := range e.Mentions {
		if m.Text == name {
			return true
		}
	}
	return false
}

// interviewee is the person an interview is with: named in its kicker or
// headline.
func (r *resolver) interviewee() *warta.Entity {
	for i := range r.a.Entities {
		e := &r.a.Entities[i]
		if e.Type != warta.EntityPerson {
			continue
		}
		for _, m := range e.Mentions {
			if m.Paragraph < 0 {
				return e
			}
		}
		if strings.Contains(r.a.Kicker+" "+r.a.Title, e.Name) {
			return e
		}
	}
	return nil
}

// nextCap tells whether the word after the i-th of s is capitalized.
func nextCap(s string, i int) bool {
	f := strings.Fields(s)
	if i+1 >= len(f) {
		return false
	}
	r0, _ := utf8.DecodeRuneInString(f[i+1])
	return unicode.IsUpper(r0)
}
