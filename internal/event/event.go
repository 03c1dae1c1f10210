package event

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
)

// Options configure Code.
type Options struct {
	// ReportDate is the date the article reports from ("2021-07-06"): the
	// dateline or publish date. Events told as just happened ("baru saja")
	// take it. Empty means unknown.
	ReportDate string
	// IsCountry tells whether a location entity is a country; "kedua
	// negara" in a bilateral report means the two countries most named.
	// Nil falls back to the countries that people are affiliated with.
	IsCountry func(e *warta.Entity) bool
}

// mention is an entity mention located in the article.
type mention struct {
	ent        *warta.Entity
	para       int
	start, end int
}

type sentence struct {
	para       int
	start, end int // byte offsets in the paragraph
	text       string
	lower      string
}

// holds reports whether m was found in s. Mentions carried over from an
// earlier sentence ("Ia ...", "keduanya") keep the offsets of where they
// were found, which say nothing about s: measuring s.lower with them cut
// past its end (two news-corpus articles lost their analysis to that).
func (s sentence) holds(m mention) bool {
	return m.para == s.para && m.start >= s.start && m.end <= s.end
}

// Code returns the events the article reports, in text order, one per
// sentence at most, merged where two sentences tell the same event (same
// type, actors and date). It reads a.Paragraphs, a.Entities, a.Dates,
// a.Type and a.Kicker.
func Code(a *warta.Article, opt Options) []warta.Event {
	var out []warta.Event
	mentions := collectMentions(a)
	countries := mainCountries(a, opt.IsCountry)
	struck := struckPlaces(a, opt.IsCountry)
	sides := map[string]string{}
	for _, e := range a.Entities {
		switch {
		case e.Type == warta.EntityPerson && e.Affiliation != "":
			sides[e.ID] = e.Affiliation
		case e.Type == warta.EntityLocation:
			sides[e.ID] = e.Name
		}
	}
	if a.Type == "interview" {
		if ev, ok := interview(a, opt); ok {
			out = append(out, ev)
		}
	}
	lastMeeting := -1
	var prev sentence
	var prevIn []mention
	var pairS sentence
	var subject *mention // the first person of the last sentence naming one
	var pairIn []mention // the last sentence naming two people or more
	// discourse is the date of the last dated event told as news: an
	// undated happening in the sentences after it ("Kedua menteri juga
	// membahas ...") took place then, unless the sentence looks back.
	discourse := ""
	if len(opt.ReportDate) >= 10 {
		discourse = opt.ReportDate[:10]
	}
	lastDated, lastGuessed := "", false
	for pi, p := range a.Paragraphs {
		ss := sentences(pi, p)
		for si, s := range ss {
			in := mentionsIn(mentions, s)
			thisIn := in
			trs := findTriggers(s.lower)
			// "Dalam pertemuan tersebut keduanya membahas ..." tells more
			// of the meeting just reported: its topics, not a new meeting.
			if lastMeeting >= 0 && hasAny(s.lower, []string{"pertemuan tersebut", "pertemuan itu", "pertemuan ini", "keduanya membahas"}) {
				out[lastMeeting].Topics = appendNew(out[lastMeeting].Topics, topics(s.lower)...)
				kept := trs[:0]
				for _, f := range trs {
					if f.t.phrase != "pertemuan" {
						kept = append(kept, f)
					}
				}
				trs = kept
			}
			if len(trs) == 0 {
				prev, prevIn = s, thisIn
				if persons(thisIn) >= 2 {
					pairS, pairIn = s, thisIn
				}
				subject = firstPerson(thisIn, subject)
				continue
			}
			// "Kedua menteri bertemu ..." continues the sentence before:
			// its people, place and date are this event's.
			// When the sentence before names fewer than two people ("ujar
			// Retno usai pertemuan."), "keduanya" are the last two named
			// together.
			carried := false
			before, beforeIn := prev, prevIn
			if persons(beforeIn) < 2 && pairIn != nil {
				before, beforeIn = pairS, pairIn
			}
			if persons(in) < 2 && beforeIn != nil && hasAny(s.lower, []string{"kedua ", "keduanya", "mereka", "both "}) {
				in = append(append([]mention(nil), beforeIn...), in...)
				carried = true
			}
			// "Keempatnya ditangkap ...": the suspects told of before,
			// of whom the last person named is one.
			if persons(in) == 0 && subject != nil && hasAny(s.lower, []string{"ketiganya", "keempatnya", "kelimanya", "para tersangka"}) {
				in = append([]mention{*subject}, in...)
			}
			// "Ia bertemu Retno ...": "ia" is the person the sentence
			// before began with.
			if subject != nil && hasPrefixAny(s.lower, "ia ", "dia ", "beliau ") {
				in = append([]mention{*subject}, in...)
				if !carried {
					before, beforeIn, carried = prev, prevIn, true
				}
			}
			prev, prevIn = s, thisIn
			if persons(thisIn) >= 2 {
				pairS, pairIn = s, thisIn
			}
			subject = firstPerson(thisIn, subject)
			for _, ft := range trs {
				tr, at := ft.t, ft.at
				ev := warta.Event{Type: tr.typ, Mode: tr.mode, Status: "done", Sentence: s.text, Paragraph: pi, Actors: []string{}}
				// Plans and hopes are announced before the verb: "rencana
				// kunjungan", "berharap ... berkunjung"; "menandatangani
				// Rencana Konsultasi" names a plan that was signed.
				head := s.lower[:at+len(tr.phrase)]
				switch {
				case hasAny(head, hopedCues):
					ev.Status = "hoped"
				case hasAny(head, plannedCues):
					ev.Status = "planned"
				}
				if hasAny(s.lower, negCues) && ev.Status == "done" {
					ev.Status = "not_done"
				}
				actors := pickActors(tr, s, at, in, countries, a.Outlet, opt.IsCountry)
				// A disaster is known by the places the article is about,
				// not by the hamlet or agency one sentence names: outlets
				// telling one eruption name different villages.
				if tr.typ == "DISASTER" && len(struck) > 0 {
					actors = struck
				}
				need := 2
				if tr.typ == "COERCE" {
					need = 1
				}
				if tr.weak && persons(in) < need {
					continue
				}
				if len(actors) == 0 {
					continue
				}
				// "korban gempa" and "rumah yang rusak akibat gempa" speak
				// of a disaster told elsewhere; one is told where it struck.
				if tr.typ == "DISASTER" && !hasAny(s.lower, disasterCues) {
					continue
				}
				// "sejak krisis Myanmar meletus": crises and wars break
				// out; only a mountain erupts.
				if tr.phrase == "meletus" && !strings.Contains(s.lower, "gunung") {
					continue
				}
				// Asking, refusing and blaming are what news sources do in
				// every other sentence ("meminta", "menolak"); they are
				// events only when the text names who asks whom.
				if len(actors) < 2 && (tr.typ == "REQUEST" || tr.typ == "REJECT" || tr.typ == "ACCUSE") {
					continue
				}
				for _, e := range withEnvoysCountries(actors, a.Entities) {
					ev.Actors = append(ev.Actors, e.Name)
					ev.ActorIDs = append(ev.ActorIDs, e.ID)
				}
				if tr.visit && ev.Status != "done" {
					ev.Mode = "visit_planned"
				}
				if tr.typ == "AID" {
					ev.What, ev.Mode = aidWhat(s.text, s.lower, at, len(tr.phrase))
				}
				if tr.visit && ev.Status == "done" {
					if i := strings.Index(s.lower[at:], " untuk "); i >= 0 {
						ev.What = strings.TrimRight(strings.TrimSpace(s.text[at+i+len(" untuk "):]), ".")
					}
				}
				ev.Date, ev.DateGuessed = eventDate(a, s, ev.Status, opt)
				if len(trs) > 1 {
					// Two happenings in one sentence each take the date
					// nearest to their own verb.
					if d := nearestDate(a, s, s.start+at, ev.Status, opt); d != nil {
						ev.Date, ev.DateGuessed = d, false
					}
				}
				// "Selasa (22/11), sehari setelah gempa melanda": the
				// quake came a day before the day written.
				if n := daysBefore(s.lower[:at]); n > 0 && ev.Date != nil && len(*ev.Date) == 10 {
					if d := nearestDate(a, s, s.start+at, ev.Status, opt); d != nil && datedBefore(a, s, at) {
						if t, err := time.Parse("2006-01-02", *d); err == nil {
							v := t.AddDate(0, 0, -n).Format("2006-01-02")
							ev.Date = &v
						}
					}
				}
				ev.Place = place(s, in)
				if carried {
					if ev.Date == nil {
						ev.Date, ev.DateGuessed = eventDate(a, before, ev.Status, opt)
					}
					if ev.Place == "" {
						ev.Place = place(before, beforeIn)
					}
				}
				// "Retno kembali melakukan diplomasi telepon. Kali ini,
				// Retno berbicara dengan Menlu Iran ... pada Minggu
				// (15/10)": an undated lead whose next sentence names
				// the day and one of its actors is told on in that one.
				if ev.Date == nil && ev.Status == "done" && !carried && si+1 < len(ss) {
					ev.Date = goesOn(a, &ev, ss[si+1], mentionsIn(mentions, ss[si+1]), opt)
				}
				if ev.Date == nil && ev.Status == "done" {
					switch {
					case hasAny(s.lower, thenCues) && lastDated != "":
						d := lastDated
						ev.Date, ev.DateGuessed = &d, lastGuessed
					case hasAny(s.lower, pastCues) || tr.typ == "DISASTER":
					case discourse != "":
						d := discourse
						ev.Date, ev.DateGuessed = &d, true
					}
				}
				// A disaster told after the lead ("sehari setelah gempa")
				// is the background of the news, not its day.
				background := tr.typ == "DISASTER" && len(out) > 0
				if ev.Date != nil && ev.Status == "done" && !background {
					lastDated, lastGuessed = *ev.Date, ev.DateGuessed
					if recent(*ev.Date, opt.ReportDate) {
						discourse = *ev.Date
					}
				}
				ev.Topics = topics(s.lower)
				if i := merge(out, ev, sides); i >= 0 {
					continue
				}
				out = append(out, ev)
				if ev.Type == "CONSULT" && ev.Mode == "meeting" {
					lastMeeting = len(out) - 1
				}
			}
		}
	}
	return out
}

func interview(a *warta.Article, opt Options) (warta.Event, bool) {
	head := a.Kicker + " " + a.Title
	for i := range a.Entities {
		e := &a.Entities[i]
		if e.Type != warta.EntityPerson {
			continue
		}
		names := []string{e.Name}
		for _, m := range e.Mentions {
			names = append(names, m.Text)
		}
		for _, n := range names {
			if n != "" && strings.Contains(head, n) {
				ev := warta.Event{Type: "interview", Mode: "interview", Status: "done", Actors: []string{e.Name},
					ActorIDs: []string{e.ID}, Sentence: strings.TrimSpace(head), Paragraph: 0}
				if opt.ReportDate != "" {
					d := opt.ReportDate
					ev.Date, ev.DateGuessed = &d, true
				}
				return ev, true
			}
		}
	}
	return warta.Event{}, false
}

// merge folds ev into an event already found that it retells and returns
// its index, or -1. The same type, actors and date is the same event; so
// is the same type, mode and day with actors that complete each other
// ("KPK menggelar OTT", then "Rusdi ditangkap"), unless each names a
// different person (Retno meets A, then meets B: two meetings).
func merge(out []warta.Event, ev warta.Event, sides map[string]string) int {
	key := func(e warta.Event) string {
		ids := append([]string(nil), e.ActorIDs...)
		sort.Strings(ids)
		d := ""
		if e.Date != nil {
			d = *e.Date
		}
		return e.Type + "|" + strings.Join(ids, ",") + "|" + d
	}
	k := key(ev)
	for i := range out {
		same := key(out[i]) == k || coarser(out[i], ev)
		if !same && completes(out[i], ev, sides) {
			for j, id := range ev.ActorIDs {
				if !slices.Contains(out[i].ActorIDs, id) {
					out[i].ActorIDs = append(out[i].ActorIDs, id)
					out[i].Actors = append(out[i].Actors, ev.Actors[j])
				}
			}
			same = true
		}
		if same {
			out[i].Topics = appendNew(out[i].Topics, ev.Topics...)
			if out[i].Place == "" {
				out[i].Place = ev.Place
			}
			if ev.Date != nil && (out[i].Date == nil || len(*ev.Date) > len(*out[i].Date)) && same && coarser(out[i], ev) {
				out[i].Date, out[i].DateGuessed = ev.Date, ev.DateGuessed
			}
			// A planned event stays planned when a later sentence hopes for it.
			if out[i].Status == "hoped" && ev.Status == "planned" {
				out[i].Status = "planned"
			}
			return i
		}
	}
	return -1
}

// coarser tells whether two done events of one type and the same actors
// differ only in that one date contains the other: "pekan lalu" in the
// lead and "Kamis (13/7)" further down are one meeting.
func coarser(a, b warta.Event) bool {
	if a.Type != b.Type || a.Status != "done" || b.Status != "done" || a.Date == nil || b.Date == nil ||
		*a.Date == *b.Date || len(a.ActorIDs) != len(b.ActorIDs) {
		return false
	}
	for _, id := range a.ActorIDs {
		if !slices.Contains(b.ActorIDs, id) {
			return false
		}
	}
	da, db := *a.Date, *b.Date
	return strings.HasPrefix(da, db) || strings.HasPrefix(db, da)
}

// completes tells whether two done events of one article, of the same
// type and mode on the same day, are one happening told in parts.
func completes(a, b warta.Event, sides map[string]string) bool {
	if a.Type != b.Type || a.Mode != b.Mode || a.Status != "done" || b.Status != "done" ||
		a.Date == nil || b.Date == nil || *a.Date != *b.Date || len(*a.Date) != 10 {
		return false
	}
	var onlyA, onlyB []string
	shared := 0
	for _, x := range a.ActorIDs {
		if slices.Contains(b.ActorIDs, x) {
			shared++
		} else {
			onlyA = append(onlyA, x)
		}
	}
	for _, x := range b.ActorIDs {
		if !slices.Contains(a.ActorIDs, x) {
			onlyB = append(onlyB, x)
		}
	}
	// One article's signings of one day are one ceremony told twice: the
	// countries sign ("Indonesia dan China menandatangani MoU"), the
	// leaders witness ("disaksikan Prabowo dan Xi").
	if a.Type == "AGREE" && a.Mode == "signed" && sameSides(a.ActorIDs, b.ActorIDs, sides) {
		return true
	}
	if shared == 0 && len(a.ActorIDs) > 1 && len(b.ActorIDs) > 1 {
		return false
	}
	return !(hasPerson(onlyA) && hasPerson(onlyB))
}

// sameSides tells whether two actor lists stand for the same two or more
// parties: each actor's side is its country (sides maps a person to the
// country the text gives; a place is its own side).
func sameSides(a, b []string, sides map[string]string) bool {
	side := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			if s := sides[id]; s != "" {
				m[s] = true
			}
		}
		return m
	}
	sa, sb := side(a), side(b)
	if len(sa) < 2 || len(sa) != len(sb) {
		return false
	}
	for s := range sa {
		if !sb[s] {
			return false
		}
	}
	return true
}

// hasPerson tells whether any entity ID names a person ("per:" for known
// people, "x:person:" for others).
func hasPerson(ids []string) bool {
	for _, id := range ids {
		if strings.HasPrefix(id, "per:") || strings.HasPrefix(id, "x:person:") {
			return true
		}
	}
	return false
}

func collectMentions(a *warta.Article) []mention {
	var ms []mention
	for i := range a.Entities {
		e := &a.Entities[i]
		for _, m := range e.Mentions {
			ms = append(ms, mention{ent: e, para: m.Paragraph, start: m.Start, end: m.End})
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].para != ms[j].para {
			return ms[i].para < ms[j].para
		}
		return ms[i].start < ms[j].start
	})
	return ms
}

func mentionsIn(ms []mention, s sentence) []mention {
	var out []mention
	for _, m := range ms {
		if m.para == s.para && m.start >= s.start && m.end <= s.end {
			out = append(out, m)
		}
	}
	return out
}

func persons(in []mention) int {
	seen := map[string]bool{}
	for _, m := range in {
		if m.ent.Type == warta.EntityPerson {
			seen[m.ent.ID] = true
		}
	}
	return len(seen)
}

// mainCountries returns the article's two most mentioned countries: "kedua
// negara" and "kita" in a bilateral report mean them.
func mainCountries(a *warta.Article, isCountry func(*warta.Entity) bool) []*warta.Entity {
	return topPlaces(a, func(e *warta.Entity, affiliated bool) int {
		if isCountry != nil && !isCountry(e) || isCountry == nil && !affiliated {
			return 0
		}
		return len(e.Mentions)
	})
}

// struckPlaces are the article's two most mentioned places below a
// country (a regency, a volcano, a city): where a disaster it tells struck.
func struckPlaces(a *warta.Article, isCountry func(*warta.Entity) bool) []*warta.Entity {
	// The dateline ("TRIBUNNEWS.COM, SURABAYA -") says where the report
	// was written, not where the earth shook.
	dateline := 0
	if len(a.Paragraphs) > 0 {
		for _, dash := range []string{" - ", " -- ", " – ", " — "} {
			if i := strings.Index(a.Paragraphs[0], dash); i >= 0 && i < 60 && (dateline == 0 || i < dateline) {
				dateline = i
			}
		}
	}
	return topPlaces(a, func(e *warta.Entity, affiliated bool) int {
		if affiliated || isCountry != nil && isCountry(e) {
			return 0
		}
		n := 0
		for _, m := range e.Mentions {
			if m.Paragraph > 0 || m.Paragraph == 0 && m.Start > dateline {
				n++ // the body's words, not the headline's
			}
		}
		return n
	})
}

// topPlaces returns the article's two places (no buildings) that weigh
// most, heaviest first, ties in the order of the entities; weight is told
// whether a person in the article is affiliated with the place, and 0
// leaves a place out.
func topPlaces(a *warta.Article, weight func(e *warta.Entity, affiliated bool) int) []*warta.Entity {
	affiliated := map[string]bool{}
	for _, e := range a.Entities {
		if e.Affiliation != "" {
			affiliated[e.Affiliation] = true
		}
	}
	w := map[*warta.Entity]int{}
	var locs []*warta.Entity
	for i := range a.Entities {
		e := &a.Entities[i]
		if e.Type != warta.EntityLocation || isBuilding(e.Name) {
			continue
		}
		if w[e] = weight(e, affiliated[e.Name]); w[e] > 0 {
			locs = append(locs, e)
		}
	}
	sort.SliceStable(locs, func(i, j int) bool { return w[locs[i]] > w[locs[j]] })
	if len(locs) > 2 {
		locs = locs[:2]
	}
	return locs
}

func isBuilding(name string) bool {
	for _, p := range []string{"Gedung ", "Istana ", "Hotel ", "Kantor ", "Wisma ", "Balai ", "Masjid ", "Bandara ", "Pelabuhan ", "Stadion "} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// pickActors chooses who acted, in coding order (actor first, recipient
// after).
//
// The outlet ("CNBC Indonesia" in its own dateline) never acts, and in the
// default case places act only when they are countries: "di Jakarta" is
// where, not who.
func pickActors(tr *trigger, s sentence, at int, in []mention, countries []*warta.Entity, outlet string, isCountry func(*warta.Entity) bool) []*warta.Entity {
	var out []*warta.Entity
	if outlet != "" {
		o := strings.ToLower(outlet)
		kept := in[:0:0]
		for _, m := range in {
			n := strings.ToLower(m.ent.Name)
			if n == o || strings.HasPrefix(o, n+".") || strings.HasPrefix(n, o) {
				continue
			}
			kept = append(kept, m)
		}
		in = kept
	}
	// Whoever is named after "kata"/"ujar" speaks about the event; the
	// spokesperson does not arrest anyone.
	if i := speechCue(s.lower); i >= 0 {
		kept := in[:0:0]
		for _, m := range in {
			if m.start < s.start+i {
				kept = append(kept, m)
			}
		}
		agent := false
		for _, m := range kept {
			agent = agent || m.ent.Type != warta.EntityLocation
		}
		if !agent {
			// "Kami menahan para tersangka," kata Juru Bicara KPK
			// Yudi: "kami" is the speaker's institution.
			for _, m := range in {
				if m.ent.Type == warta.EntityOrganization && m.start >= s.start+i {
					kept = append(kept, m)
				}
			}
		}
		in = kept
	}
	add := func(e *warta.Entity) {
		for _, x := range out {
			if x.ID == e.ID {
				return
			}
		}
		out = append(out, e)
	}
	trigEnd := s.start + at + len(tr.phrase)
	trigStart := s.start + at
	switch {
	case tr.visit:
		// The visitor: a person or organization right after the trigger
		// ("kunjungan Presiden Putin"), else the last one before it.
		for _, m := range in {
			if s.holds(m) && m.start >= trigEnd && m.start-trigEnd <= 40 && m.ent.Type != warta.EntityLocation {
				// "kunjungan Presiden Putin", not "kunjungan ke Indonesia
				// dan bertemu Sugiono": the visitor comes before any
				// destination or second clause.
				if gap := " " + s.lower[trigEnd-s.start:m.start-s.start]; strings.Contains(gap, " ke ") || strings.Contains(gap, " dan ") {
					break
				}
				add(m.ent)
				break
			}
		}
		if len(out) == 0 {
			// A mention carried over ("Ia mengunjungi ...") was named
			// before this sentence, so before the trigger too.
			for i := len(in) - 1; i >= 0; i-- {
				if (in[i].end <= trigStart || !s.holds(in[i])) && in[i].ent.Type != warta.EntityLocation {
					add(in[i].ent)
					break
				}
			}
		}
		if dest := after(s, in, trigEnd, " ke "); dest != nil {
			add(dest)
		}
	case tr.typ == "AID":
		// The giver: the person or organization nearest before the verb
		// (not the dateline's city), else whoever comes first.
		for i := len(in) - 1; i >= 0; i-- {
			if in[i].end <= trigStart && in[i].ent.Type != warta.EntityLocation {
				add(in[i].ent)
				break
			}
		}
		if len(out) == 0 {
			for _, m := range in {
				if m.end <= trigStart {
					add(m.ent)
					break
				}
			}
		}
		for _, prep := range []string{" ke ", " kepada ", " untuk ", " bagi ", " to "} {
			if r := after(s, in, trigEnd, prep); r != nil {
				add(r)
				break
			}
		}
	case tr.typ == "DISASTER" || tr.typ == "PROTEST" && len(in) > 0 && persons(in) == 0:
		// Struck places; a crowd without a named organizer is known by
		// where it marched.
		for _, m := range in {
			if m.ent.Type == warta.EntityOrganization {
				add(m.ent)
			}
		}
		for _, m := range in {
			if m.ent.Type == warta.EntityLocation && !isBuilding(m.ent.Name) && len(out) < 2 {
				add(m.ent)
			}
		}
	case tr.typ == "AGREE" && !hasAny(s.lower, []string{"kedua menteri", "kedua pemimpin", "kedua kepala negara", "keduanya"}) && (strings.Contains(s.lower, "kedua negara") || strings.Contains(s.lower, " kita ") || strings.Contains(s.lower, "dua negara")) && len(countries) == 2:
		add(countries[0])
		add(countries[1])
	default:
		// Participants: people first, in text order; then organizations and
		// places when fewer than two people are named.
		for _, m := range in {
			if m.ent.Type == warta.EntityPerson {
				add(m.ent)
			}
		}
		if len(out) < 2 {
			for _, m := range in {
				// "bertemu Retno di Kementerian Luar Negeri": a venue.
				if m.ent.Type == warta.EntityOrganization && !venue(s, m) {
					add(m.ent)
				}
			}
		}
		if len(out) < 2 {
			for _, m := range in {
				if m.ent.Type == warta.EntityLocation && !isBuilding(m.ent.Name) && !inPlaceClause(s, m) && (isCountry == nil || isCountry(m.ent)) {
					add(m.ent)
				}
			}
		}
	}
	if len(out) > 4 {
		out = out[:4]
	}
	return out
}

// speechCue returns the offset of the attribution ("..., kata Yudi") in a
// lower-cased sentence, or -1.
func speechCue(lower string) int {
	best := -1
	for _, v := range []string{"kata ", "ujar ", "ucap ", "tutur ", "jelas ", "ungkap ", "imbuh ", "sebut "} {
		// After a comma, inside or outside the closing quote.
		for _, c := range []string{", " + v, ",\" " + v, ",” " + v} {
			if i := strings.Index(lower, c); i >= 0 && (best < 0 || i < best) {
				best = i
			}
		}
	}
	if i := strings.Index(lower, " kata juru bicara "); i >= 0 && (best < 0 || i < best) {
		best = i
	}
	return best
}

// after returns the first non-building location mentioned after prep,
// which must follow the trigger.
func after(s sentence, in []mention, from int, prep string) *warta.Entity {
	i := strings.Index(s.lower[from-s.start:], prep)
	if i < 0 {
		return nil
	}
	pos := from + i + len(prep)
	for _, m := range in {
		if s.holds(m) && m.start >= pos && m.start-pos <= 30 && !isBuilding(m.ent.Name) {
			return m.ent
		}
	}
	return nil
}

// inPlaceClause reports whether m stands in a "di ..." place phrase.
// venue tells whether mention m follows "di" directly.
func venue(s sentence, m mention) bool {
	if !s.holds(m) {
		return false
	}
	head := strings.TrimRight(s.lower[:m.start-s.start], " ")
	return strings.HasSuffix(head, " di") || head == "di"
}

func inPlaceClause(s sentence, m mention) bool {
	i := strings.Index(s.lower, " di ")
	return i >= 0 && s.holds(m) && m.start >= s.start+i
}

// place is the last location named in the sentence's "di ..." clause,
// skipping buildings: "di Gedung Pancasila, Kemenlu RI, Jakarta" → Jakarta.
func place(s sentence, in []mention) string {
	i := strings.Index(s.lower, " di ")
	if i < 0 {
		return ""
	}
	from := s.start + i
	best := ""
	for _, m := range in {
		// Mentions carried over from the sentence before lie outside s.
		if m.para != s.para || m.start < from || m.end > s.end || m.ent.Type != warta.EntityLocation || isBuilding(m.ent.Name) {
			continue
		}
		// Stop at the first clause break after the place phrase's start
		// beyond a comma-separated address.
		gap := s.text[max(0, m.start-s.start-3):max(0, m.start-s.start)]
		if best != "" && !strings.ContainsAny(gap, ",") {
			break
		}
		best = m.ent.Name
	}
	return best
}

// usableDate returns the date value of mention d when it can date an event
// of sentence s: inside the sentence, a day, month, year or time (ranges
// name periods, not when something happened), and for planned or hoped
// events after the report.
func usableDate(d warta.DateMention, s sentence, status string, opt Options) (string, bool) {
	if d.Paragraph != s.para || d.Value == nil || d.Start < s.start || d.End > s.end {
		return "", false
	}
	switch d.Granularity {
	case warta.GranularityDay, warta.GranularityMonth, warta.GranularityYear, warta.GranularityTime:
	case warta.GranularityRange:
		// "pekan lalu" (last week) dates a happening to its month; longer
		// ranges ("selama 2014-2018") are periods, not when it happened.
		if m, ok := weekMonth(*d.Value); ok && status == "done" {
			return m, true
		}
		return "", false
	default:
		return "", false
	}
	v := *d.Value
	if len(v) > 10 {
		v = v[:10]
	}
	if status != "done" && (opt.ReportDate == "" || v <= opt.ReportDate) {
		return "", false
	}
	return v, true
}

// weekMonth returns the month of a range of a week or less within one
// month ("2023-07-10/2023-07-16" → "2023-07").
func weekMonth(v string) (string, bool) {
	from, to, ok := strings.Cut(v, "/")
	if !ok || len(from) != 10 || len(to) != 10 || from[:7] != to[:7] {
		return "", false
	}
	a, err1 := time.Parse("2006-01-02", from)
	b, err2 := time.Parse("2006-01-02", to)
	if err1 != nil || err2 != nil || b.Sub(a) > 7*24*time.Hour || b.Before(a) {
		return "", false
	}
	return from[:7], true
}

// nearestDate is the usable date of sentence s closest to byte offset pos
// (in paragraph coordinates), or nil.
func nearestDate(a *warta.Article, s sentence, pos int, status string, opt Options) *string {
	var best *string
	bestDist := -1
	for _, d := range a.Dates {
		v, ok := usableDate(d, s, status, opt)
		if !ok {
			continue
		}
		dist := d.Start - pos
		if dist < 0 {
			dist = pos - d.End
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = &v, dist
		}
	}
	return best
}

// eventDate picks the event's date: the first usable date in the sentence;
// "baru saja" means the report's date.
// withEnvoysCountries adds, after an ambassador, the country he speaks
// for when the article names it: summoning China's ambassador is an act
// towards China.
func withEnvoysCountries(actors []*warta.Entity, ents []warta.Entity) []*warta.Entity {
	out := actors
	for _, e := range actors {
		r := strings.ToLower(e.Role)
		if e.Type != warta.EntityPerson || e.Affiliation == "" || !strings.Contains(r, "duta besar") && !strings.Contains(r, "dubes") {
			continue
		}
		for i := range ents {
			c := &ents[i]
			if c.Name == e.Affiliation && c.Type == warta.EntityLocation && !slices.ContainsFunc(out, func(x *warta.Entity) bool { return x.ID == c.ID }) {
				out = append(slices.Clip(out), c)
			}
		}
	}
	return out
}

// firstPerson returns the first person mentioned in in, else last.
func firstPerson(in []mention, last *mention) *mention {
	for i := range in {
		if in[i].ent.Type == warta.EntityPerson {
			return &in[i]
		}
	}
	return last
}

func hasPrefixAny(s string, ps ...string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// daysBefore reads "sehari setelah" / "dua hari setelah" / "tiga hari
// pascagempa" just before a trigger: how many days the happening lies
// before the day the sentence names; 0 when it does not say.
func daysBefore(head string) int {
	head = strings.TrimRight(head, " ")
	for _, c := range []string{" setelah", " sesudah", " pasca", " usai"} {
		rest, ok := strings.CutSuffix(head, c)
		if !ok {
			continue
		}
		for n, w := range []string{"sehari", "dua hari", "tiga hari", "empat hari", "lima hari"} {
			if strings.HasSuffix(rest, w) && (len(rest) == len(w) || !isWordByte(rest, len(rest)-len(w)-1, true)) {
				return n + 1
			}
		}
	}
	return 0
}

// datedBefore tells whether the date nearest to the trigger at byte at of
// s is written before it.
func datedBefore(a *warta.Article, s sentence, at int) bool {
	pos := s.start + at
	best, dist := -1, -1
	for i, d := range a.Dates {
		if d.Paragraph != s.para || d.Start < s.start || d.End > s.end || d.Value == nil {
			continue
		}
		x := d.Start - pos
		if x < 0 {
			x = pos - d.End
		}
		if dist < 0 || x < dist {
			best, dist = i, x
		}
	}
	return best >= 0 && a.Dates[best].End <= pos
}

// goesOn returns the written date of sentence next when it tells more of
// ev, an undated event: next names one of ev's actors; the people next
// names join ev's actors while ev has fewer than two.
func goesOn(a *warta.Article, ev *warta.Event, next sentence, in []mention, opt Options) *string {
	d, guessed := eventDate(a, next, ev.Status, opt)
	if d == nil || guessed {
		return nil
	}
	// "Hal itu disampaikan Menlu Sugiono ...": the next sentence points
	// back, and who it names said or did what the lead tells.
	ws := strings.Fields(next.lower)
	back := len(ws) > 2 && (ws[1] == "itu" || ws[1] == "tersebut" || ws[1] == "ini")
	shared := false
	for _, m := range in {
		if slices.Contains(ev.ActorIDs, m.ent.ID) {
			shared = true
		}
	}
	if !shared && !back {
		return nil
	}
	for _, m := range in {
		if (len(ev.ActorIDs) < 2 || back) && m.ent.Type == warta.EntityPerson && !slices.Contains(ev.ActorIDs, m.ent.ID) {
			ev.Actors = append(ev.Actors, m.ent.Name)
			ev.ActorIDs = append(ev.ActorIDs, m.ent.ID)
		}
	}
	return d
}

// guessed is true for the latter.
func eventDate(a *warta.Article, s sentence, status string, opt Options) (date *string, guessed bool) {
	for _, d := range a.Dates {
		if v, ok := usableDate(d, s, status, opt); ok {
			return &v, false
		}
	}
	if status == "done" && opt.ReportDate != "" && hasAny(s.lower, nowCues) {
		d := opt.ReportDate
		return &d, true
	}
	return nil, false
}

// topics returns the sector words named after a topic cue, in text order.
func topics(lower string) []string {
	from := -1
	for _, c := range topicCues {
		if i := strings.Index(lower, c); i >= 0 && (from < 0 || i < from) {
			from = i + len(c)
		}
	}
	if from < 0 {
		return nil
	}
	clause := lower[from:]
	type hit struct {
		at  int
		sec string
	}
	var hits []hit
	for _, sec := range sectors {
		if i := indexWord(clause, sec); i >= 0 {
			hits = append(hits, hit{i, sec})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	var out []string
	for _, h := range hits {
		out = append(out, h.sec)
	}
	return out
}

func aidWhat(text, lower string, at, n int) (what, mode string) {
	rest := text[at+n:]
	lrest := lower[at+n:]
	end := len(rest)
	for _, stop := range []string{" ke ", " kepada ", " untuk ", " bagi ", " pada ", ","} {
		if i := strings.Index(lrest, stop); i >= 0 && i < end {
			end = i
		}
	}
	what = strings.TrimSpace(rest[:end])
	lw := strings.ToLower(what)
	switch {
	case hasAny(lw, []string{"obat", "medis", "vaksin", "masker", "alat kesehatan", "ventilator"}):
		mode = "medical"
	case hasAny(lw, []string{"dana", "uang", "rp", "dolar", "hibah"}):
		mode = "financial"
	case hasAny(lw, []string{"senjata", "alutsista", "pasukan"}):
		mode = "military"
	default:
		mode = "humanitarian"
	}
	return what, mode
}

// findTrigger returns the earliest trigger in the sentence and its byte
// offset; at one position the longest phrase wins.
func findTrigger(lower string) (*trigger, int) {
	var best *trigger
	bestAt := -1
	for i := range triggers {
		t := &triggers[i]
		at := indexWord(lower, t.phrase)
		if at < 0 {
			continue
		}
		if bestAt < 0 || at < bestAt || at == bestAt && len(t.phrase) > len(best.phrase) {
			best, bestAt = t, at
		}
	}
	return best, bestAt
}

// found is a trigger at a byte offset of a sentence.
type found struct {
	t  *trigger
	at int
}

// findTriggers returns the triggers of a sentence in text order, one per
// kind of event: "melakukan kunjungan ke Jakarta dan bertemu Retno" is a
// visit and a meeting, "bertemu ... dan menandatangani" a meeting and a
// signing. A trigger inside a longer one found at the same place
// ("pertemuan" in "pertemuan bilateral") does not count again.
func findTriggers(lower string) []found {
	var all []found
	for i := range triggers {
		t := &triggers[i]
		if at := indexWord(lower, t.phrase); at >= 0 && !takesThing(t, lower[at+len(t.phrase):]) {
			all = append(all, found{t, at})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].at != all[j].at {
			return all[i].at < all[j].at
		}
		return len(all[i].t.phrase) > len(all[j].t.phrase)
	})
	var out []found
	end := -1
	kinds := map[string]bool{}
	for _, f := range all {
		if f.at < end {
			continue // inside the trigger before
		}
		end = f.at + len(f.t.phrase)
		kind := f.t.typ + "|" + f.t.mode
		if f.t.visit {
			kind = f.t.typ + "|visit"
		}
		if kinds[kind] {
			continue
		}
		kinds[kind] = true
		out = append(out, f)
	}
	return out
}

// takesThing tells whether "menerima" receives a thing, not a visitor:
// "menerima suap Rp 14,7 miliar" is no meeting.
func takesThing(t *trigger, rest string) bool {
	if t.phrase != "menerima" {
		return false
	}
	ws := strings.Fields(rest)
	for i := 0; i < len(ws) && i < 2; i++ {
		w := strings.Trim(ws[i], ",.;:\"'()")
		if i == 0 && (w == "telah" || w == "sudah") {
			continue
		}
		if receivedThings[w] || strings.HasPrefix(w, "rp") {
			return true
		}
	}
	return false
}

var receivedThings = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`uang suap gratifikasi dana surat hadiah laporan bantuan penghargaan keluhan masukan
		aduan pengaduan pesan gaji tunjangan hasil putusan vonis sanksi hukuman honor fee setoran duit sumbangan donasi
		kiriman paket berkas dokumen usulan permohonan data informasi tawaran undangan gelar mandat`) {
		m[w] = true
	}
	return m
}()

// recent reports whether date d lies within a week up to the report date:
// the news the article is about, not the background it recalls.
func recent(d, report string) bool {
	if len(d) != 10 || len(report) < 10 {
		return false
	}
	td, err1 := time.Parse("2006-01-02", d)
	tr, err2 := time.Parse("2006-01-02", report[:10])
	if err1 != nil || err2 != nil {
		return false
	}
	diff := tr.Sub(td).Hours() / 24
	return diff >= 0 && diff <= 7
}

// indexWord finds phrase in s at word boundaries.
func indexWord(s, phrase string) int {
	off := 0
	for {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return -1
		}
		i += off
		j := i + len(phrase)
		beforeOK := i == 0 || !isWordByte(s, i-1, true)
		afterOK := j >= len(s) || !isWordByte(s, j, false)
		if beforeOK && afterOK {
			return i
		}
		off = i + 1
	}
}

func isWordByte(s string, i int, before bool) bool {
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(s[:i+1])
	} else {
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func appendNew(xs []string, ys ...string) []string {
	for _, y := range ys {
		found := false
		for _, x := range xs {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			xs = append(xs, y)
		}
	}
	return xs
}

// sentences splits a paragraph at ". ", "? ", "! " followed by a capital
// letter or a quote, outside abbreviations, keeping offsets.
func sentences(para int, p string) []sentence {
	var out []sentence
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		j := i + 1
		for j < len(p) && (p[j] == '"' || p[j] == '\'' || p[j] == ')') {
			j++
		}
		if j >= len(p) || p[j] != ' ' {
			continue
		}
		k := j + 1
		if k < len(p) {
			r, _ := utf8.DecodeRuneInString(p[k:])
			if !unicode.IsUpper(r) && r != '"' && r != '“' {
				continue
			}
		}
		if c == '.' && isAbbrev(p[start:i]) {
			continue
		}
		out = append(out, mk(para, p, start, j))
		start = k
	}
	if start < len(p) {
		out = append(out, mk(para, p, start, len(p)))
	}
	return out
}

func mk(para int, p string, s, e int) sentence {
	return sentence{para: para, start: s, end: e, text: p[s:e], lower: asciiLower(p[s:e])}
}

// asciiLower lower-cases ASCII letters only, so that byte offsets found in
// the lower-cased text are valid in the original (strings.ToLower may
// change the length of some non-ASCII letters).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func isAbbrev(before string) bool {
	i := strings.LastIndexAny(before, " (")
	w := strings.ToLower(before[i+1:])
	switch w {
	case "dr", "prof", "h", "hj", "no", "jl", "st", "dll", "dsb", "rp", "tgl", "mr", "mrs", "ir", "drs", "kh", "sdr", "a.n", "u.s", "bpk":
		return true
	}
	return len(w) == 1 && unicode.IsUpper(rune(before[len(before)-1]))
}
