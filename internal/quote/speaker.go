package quote

import (
	"strings"
	"unicode"

	"github.com/warta-news/warta"
)

// resolver turns speaker phrases into canonical entities and remembers the
// last speaker for pronouns.
type resolver struct {
	a            *warta.Article
	last, lastID string
}

// stop words end a speaker phrase: "ujar Retno dalam jumpa pers" → Retno.
var stop = map[string]bool{"dalam": true, "kepada": true, "di": true, "saat": true, "pada": true, "ketika": true,
	"usai": true, "seusai": true, "seperti": true, "sebagaimana": true, "melalui": true, "lewat": true, "dikutip": true,
	"yang": true, "sambil": true, "sebelum": true, "setelah": true, "kemarin": true, "to": true, "in": true, "at": true,
	"on": true, "during": true, "dengan": true}

// attribute finds who said a direct quote and the cue that says so.
func (r *resolver) attribute(q quoted) (name, id, cue string) {
	if m := reAfter.FindStringSubmatch(q.after); m != nil {
		verb := m[1] + m[2]
		if m[2] != "" { // "sambungnya", "ujarnya": the last speaker
			n, i := r.pronoun(q.para)
			return n, i, verb
		}
		who := phrase(m[3])
		if who == "" {
			n, i := r.pronoun(q.para)
			return n, i, verb
		}
		cue = strings.ToLower(m[1]) + " " + who
		if pronouns[strings.ToLower(who)] {
			n, i := r.pronoun(q.para)
			return n, i, cue
		}
		n, i := r.resolve(who, q.para)
		return n, i, cue
	}
	before := strings.TrimSpace(q.before)
	if m := reMenurut.FindStringSubmatch(before); m != nil {
		n, i := r.resolve(phrase(m[1]), q.startPara)
		return n, i, "menurut " + phrase(m[1])
	}
	if loc := reBeforeVerb.FindStringSubmatchIndex(before); loc != nil {
		subject := strings.TrimSpace(before[:loc[0]])
		// The subject is the last name-like phrase before the verb.
		who := lastPhrase(subject)
		cue := strings.TrimSpace(before[loc[0]:loc[1]])
		if who == "" || pronouns[strings.ToLower(who)] {
			n, i := r.pronoun(q.startPara)
			return n, i, cue
		}
		n, i := r.resolve(who, q.startPara)
		return n, i, who + " " + cue
	}
	if strings.HasSuffix(before, ":") {
		who := lastPhrase(strings.TrimSuffix(before, ":"))
		n, i := r.resolve(who, q.startPara)
		return n, i, who + ":"
	}
	return "", "", ""
}

// phrase takes the speaker words at the start of s: up to a stop word or
// punctuation.
func phrase(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		t := strings.TrimRight(w, ".,;:!?)")
		if stop[strings.ToLower(t)] || t == "" {
			break
		}
		out = append(out, t)
		if t != w || len(out) >= 6 {
			break
		}
	}
	return strings.Join(out, " ")
}

// lastPhrase takes the trailing capitalized words of s: "Sementara itu,
// Menlu Retno Marsudi" → "Menlu Retno Marsudi".
func lastPhrase(s string) string {
	ws := strings.Fields(strings.TrimRight(s, ",;: "))
	i := len(ws)
	for i > 0 {
		w := strings.Trim(ws[i-1], ",;:")
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) && !pronouns[strings.ToLower(w)] {
			break
		}
		i--
		if pronouns[strings.ToLower(w)] {
			break
		}
	}
	return strings.Join(ws[i:], " ")
}

// resolve maps a speaker phrase to an entity of the article: one whose
// name or a mention ends the phrase ("Menlu Retno" → Retno Marsudi), else
// the phrase itself with titles kept out.
func (r *resolver) resolve(who string, para int) (string, string) {
	who = strings.TrimSpace(who)
	if who == "" {
		return "", ""
	}
	best := (*warta.Entity)(nil)
	for i := range r.a.Entities {
		e := &r.a.Entities[i]
		if e.Type == warta.EntityLocation {
			continue
		}
		if strings.HasSuffix(who, e.Name) || containsWord(e.Name, lastWord(who)) && e.Type == warta.EntityPerson {
			best = e
			break
		}
		for _, m := range e.Mentions {
			if m.Text != "" && strings.HasSuffix(who, m.Text) {
				best = e
				break
			}
		}
		if best != nil {
			break
		}
	}
	if best != nil {
		return best.Name, best.ID
	}
	// No entity: a capitalized name stands; a common noun phrase
	// ("seorang warga", "Warga" at a sentence start) does not name anyone.
	if commonSpeakers[strings.ToLower(who)] {
		return "", ""
	}
	if r := []rune(who); len(r) > 0 && unicode.IsUpper(r[0]) {
		return who, ""
	}
	return "", ""
}

// pronoun resolves dia/ia/-nya: the last speaker, else the last person
// named before the paragraph.
func (r *resolver) pronoun(para int) (string, string) {
	if r.last != "" {
		return r.last, r.lastID
	}
	var best *warta.Entity
	bestPara := -10
	for i := range r.a.Entities {
		e := &r.a.Entities[i]
		if e.Type != warta.EntityPerson {
			continue
		}
		for _, m := range e.Mentions {
			if m.Paragraph <= para && m.Paragraph >= bestPara {
				best, bestPara = e, m.Paragraph
			}
		}
	}
	if best != nil {
		return best.Name, best.ID
	}
	return "", ""
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

// commonSpeakers are nouns that start sentences as speakers without naming
// anyone.
var commonSpeakers = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`warga pihak polisi petugas pemerintah masyarakat korban saksi pengamat ahli sumber pejabat
		netizen warganet peneliti analis pengacara kuasa hukum keluarga pedagang nelayan petani mahasiswa siswa guru dokter
		penyidik jaksa hakim pelaku tersangka panitia panitera juru bicara narasumber`) {
		m[w] = true
	}
	return m
}()

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func containsWord(s, w string) bool {
	if w == "" {
		return false
	}
	for _, x := range strings.Fields(s) {
		if x == w {
			return true
		}
	}
	return false
}
