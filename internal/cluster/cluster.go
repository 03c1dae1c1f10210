package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/text/stem"
)

// DuplicateThreshold is the estimated Jaccard similarity of word 3-grams
// above which two articles are copies of one text. Syndicated copies with a
// new dateline or footer score 0.85-1; independent reports of one event
// score under 0.15 (see minhash_test.go).
const DuplicateThreshold = 0.7

// maxActors bounds the actors an event gathers from its reports.
const maxActors = 6

// StoryWindow is how far apart (in days) two events sharing an actor may be
// and still belong to one story, such as the days of a state visit.
const StoryWindow = 3

// Clusterer links duplicates and groups events, incrementally: each Add
// looks up candidates by key in Store and never scans all stored reports.
// It is not safe for concurrent use; the pipeline calls it from one
// goroutine per batch, in input order, so results do not depend on
// scheduling.
type Clusterer struct {
	Store warta.ClusterStore
	// Model decides whether a report tells a stored event as its main
	// news; nil means the shipped model (ShippedModel).
	Model *Model
	// Stats weigh the terms of profiles; nil means the shipped ones.
	Stats *Stats
	// Now stands in for the publish time of an article that has none,
	// printed or inferred: the time of ingest, after which nothing it
	// reports can have happened.
	Now time.Time
	// Examined counts the stored candidates Add has compared a new article
	// with (signatures and events); benchmarks show it stays flat as the
	// store grows, which the wall clock on a shared machine cannot.
	Examined int

	// related is the nearest event the last main report did not join
	// (joinMain), whose story a new event may take.
	related *warta.EventRecord
	// Profiles, when not nil, keeps each article's profile by ID, for
	// training, which clusters the same articles many times.
	Profiles map[string]*Profile
}

// Add links a to earlier copies of its text, to the events its reports
// belong to, and to a story. It sets a.DuplicateOf, a.Events[i].ID,
// a.EventID and a.StoryID.
func (c *Clusterer) Add(ctx context.Context, a *warta.Article) error {
	if err := c.dedup(ctx, a); err != nil {
		return err
	}
	main := mainEvent(a)
	var mainRec *warta.EventRecord
	for _, i := range order(a, main) {
		ev := &a.Events[i]
		var rec *warta.EventRecord
		var err error
		if i == main && ev.Main {
			rec, err = c.joinMain(ctx, a, i)
		} else {
			rec, err = c.joinEvent(ctx, a, i)
		}
		if err != nil {
			return err
		}
		ev.ID = rec.ID
		if i == main {
			mainRec = rec
		}
		if rec.StoryID == "" {
			if err := c.assignStory(ctx, rec, mainRec); err != nil {
				return err
			}
		}
		ev.StoryID = rec.StoryID
		if err := c.Store.PutEvent(ctx, rec, c.recordKeys(rec)); err != nil {
			return fmt.Errorf("store event %s: %w", rec.ID, err)
		}
	}
	if mainRec != nil {
		a.EventID, a.StoryID = mainRec.ID, mainRec.StoryID
	}
	return nil
}

// Finish gives each article's main event the kind and date its event has
// after the batch: an event's kind is decided over all its reports, so an
// article clustered early learns what the later reports told.
func (c *Clusterer) Finish(ctx context.Context, as []*warta.Article) error {
	for _, a := range as {
		if a.EventID == "" {
			continue
		}
		rec, err := c.Store.Event(ctx, a.EventID)
		if err != nil {
			return fmt.Errorf("read event %s: %w", a.EventID, err)
		}
		for i := range a.Events {
			if a.Events[i].Main && a.Events[i].ID == rec.ID && rec.Type != "" {
				a.Events[i].Type = rec.Type
			}
		}
	}
	return nil
}

// order visits the main event first so the others can join its story.
func order(a *warta.Article, main int) []int {
	if main < 0 {
		return nil
	}
	out := []int{main}
	for i := range a.Events {
		if i != main {
			out = append(out, i)
		}
	}
	return out
}

// mainEvent is the article's headline event: the one marked main, else
// the first that happened (an interview counts), else the first at all;
// -1 when there is none.
func mainEvent(a *warta.Article) int {
	for i, e := range a.Events {
		if e.Main {
			return i
		}
	}
	for i, e := range a.Events {
		if e.Status == "done" || e.Status == "" {
			return i
		}
	}
	if len(a.Events) > 0 {
		return 0
	}
	return -1
}

func (c *Clusterer) dedup(ctx context.Context, a *warta.Article) error {
	text := a.Title + "\n" + a.Body()
	if len(strings.Fields(text)) < 20 {
		return nil // too short to call anything a copy
	}
	sig := Sign(text)
	bk := sig.BandKeys()
	cands, err := c.Store.NearDuplicates(ctx, bk[:])
	if err != nil {
		return fmt.Errorf("find near-duplicates: %w", err)
	}
	c.Examined += len(cands)
	best, bestSim := -1, 0.0
	for i, cd := range cands {
		if cd.ArticleID == a.ID {
			continue
		}
		other, ok := SignatureFrom(cd.Signature)
		if !ok {
			continue
		}
		if s := Similarity(&sig, &other); s >= DuplicateThreshold && (s > bestSim || s == bestSim && earlier(cd, cands[best])) {
			best, bestSim = i, s
		}
	}
	a.DuplicateOf = ""
	if best >= 0 {
		// Link to the earliest copy: the candidate's own original if it
		// is itself a copy.
		a.DuplicateOf = cands[best].ArticleID
		if cands[best].DuplicateOf != "" {
			a.DuplicateOf = cands[best].DuplicateOf
		}
	}
	return c.Store.PutSignature(ctx, warta.Signed{ArticleID: a.ID, Signature: sig.Bytes(), Published: a.Published, DuplicateOf: a.DuplicateOf}, bk[:])
}

func earlier(a, b warta.Signed) bool { return a.Published < b.Published }

// keys index an event three ways: under each actor alone ("a:", for
// timelines, which list everything), under each actor with its type and
// date ("t:", for joining reports of one event) and, for story openers,
// under each actor with its date ("s:") and each pair ("p:", threads). The dated keys keep the candidates of a new
// report to the events of a few days, so their number does not grow with
// the store: a president meets someone every week, but not every day for
// years in one bucket.
func keys(e *warta.EventRecord) []string {
	var ks []string
	dks := indexDates(e.Date)
	// Only an event that opened its own story is filed under story and
	// thread keys: later events find the opener and join its story, so a
	// busy president's week or a pair's ten-year thread is found with a
	// lookup of one event, not of all of them; and a story stays within
	// StoryWindow days of its opening instead of chaining on for ever.
	opener := e.StoryID == "s-"+strings.TrimPrefix(e.ID, "e-")
	for _, id := range e.ActorIDs {
		ks = append(ks, "a:"+id)
		for _, d := range dks {
			ks = append(ks, "t:"+e.Type+"|"+id+"|"+d)
			if opener && (strings.HasPrefix(id, "per:") || strings.HasPrefix(id, "x:person:")) {
				ks = append(ks, "s:"+id+"|"+d)
			}
		}
	}
	if opener {
		ks = append(ks, threadKeys(e.Type, e.ActorIDs)...)
	}
	return ks
}

// threadKeys ("p:" keys) file an event under each pair of its people and
// organizations with its type: the thread of one pair's meetings over the
// years ("Retno Marsudi and Sergey Lavrov, CONSULT"). A thread grows with
// the pair's history, not with the store. Places and countries are left
// out: everything between two countries is not one story.
func threadKeys(typ string, ids []string) []string {
	var who []string
	for _, id := range ids {
		if !strings.HasPrefix(id, "loc:") && !strings.HasPrefix(id, "x:location:") {
			who = append(who, id)
		}
	}
	sort.Strings(who)
	var ks []string
	for i := range who {
		for j := i + 1; j < len(who); j++ {
			ks = append(ks, "p:"+typ+"|"+who[i]+"|"+who[j])
		}
	}
	return ks
}

// indexDates are the date keys an event is filed under: its date, and for
// a day or month the coarser periods it lies in ("in:2021-07", "in:2021"),
// so that a report dated only "Juli 2021" finds the events of that month.
func indexDates(d string) []string {
	switch len(d) {
	case 10:
		return []string{d, "in:" + d[:7], "in:" + d[:4]}
	case 7:
		return []string{d, "in:" + d[:4]}
	}
	return []string{d}
}

// probeDates are the date keys under which the events compatible with
// date d are filed: the days within slack of d, and the coarser periods
// containing it; for a month or year, also the events inside it.
func probeDates(d string, slack int) []string {
	switch len(d) {
	case 10:
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return []string{d}
		}
		var out []string
		for k := -slack; k <= slack; k++ {
			out = append(out, t.AddDate(0, 0, k).Format("2006-01-02"))
		}
		return append(out, d[:7], d[:4])
	case 7:
		return []string{d, d[:4], "in:" + d}
	case 4:
		return []string{d, "in:" + d}
	}
	return []string{d}
}

// joinEvent finds the stored event this report tells, or starts one.
func (c *Clusterer) joinEvent(ctx context.Context, a *warta.Article, i int) (*warta.EventRecord, error) {
	ev := a.Events[i]
	date := ""
	if ev.Date != nil {
		date = *ev.Date
	}
	var tkeys []string
	for _, id := range ev.ActorIDs {
		for _, d := range probeDates(date, 1) {
			tkeys = append(tkeys, "t:"+ev.Type+"|"+id+"|"+d)
		}
	}
	cands, err := c.Store.EventCandidates(ctx, tkeys)
	if err != nil {
		return nil, fmt.Errorf("find event candidates: %w", err)
	}
	c.Examined += len(cands)
	var best *warta.EventRecord
	bestScore := 0.0
	for _, rec := range cands {
		if s := match(ev, a.Title, date, rec); s > bestScore {
			best, bestScore = rec, s
		}
	}
	rep := warta.Report{ArticleID: a.ID, Index: i, Outlet: a.Outlet, Title: a.Title, Published: a.Published,
		Sentence: ev.Sentence, DuplicateOf: a.DuplicateOf}
	if best != nil {
		for _, r := range best.Reports {
			if r.ArticleID == a.ID && r.Index == i {
				return best, nil // reprocessing the same report
			}
		}
		best.Reports = append(best.Reports, rep)
		sortReports(best.Reports)
		best.Topics = union(best.Topics, ev.Topics)
		// Outlets name different sides of one happening (the minister,
		// the summit, the bloc); the event keeps all, up to a handful,
		// so that the next report naming any two of them finds it.
		// Only a dated happening told with two of its actors grows so:
		// plans and thin reports would snowball.
		grow := sharedActors(ev.ActorIDs, best.ActorIDs) >= 2 && best.Date != "" && done(best.Status)
		for k, id := range ev.ActorIDs {
			if grow && len(best.ActorIDs) < maxActors && !slices.Contains(best.ActorIDs, id) {
				best.ActorIDs = append(best.ActorIDs, id)
				best.Actors = append(best.Actors, ev.Actors[k])
			}
		}
		if best.Place == "" {
			best.Place = ev.Place
		}
		switch {
		case best.Date != "" && len(date) > len(best.Date) && strings.HasPrefix(date, best.Date):
			best.Date = date // a later report may be more precise
			best.DateGuessed = ev.DateGuessed
		case best.DateGuessed && !ev.DateGuessed && len(date) == len(best.Date):
			best.Date, best.DateGuessed = date, false // or give in words what the first assumed
		}
		return best, nil
	}
	rec := &warta.EventRecord{Type: ev.Type, Mode: ev.Mode, Status: ev.Status, Date: date, DateGuessed: ev.DateGuessed, Place: ev.Place,
		Actors: append([]string{}, ev.Actors...), ActorIDs: append([]string{}, ev.ActorIDs...), Topics: ev.Topics,
		Reports: []warta.Report{rep}}
	h := sha256.Sum256([]byte(ev.Type + "|" + date + "|" + strings.Join(sortedCopy(ev.ActorIDs), ",") + "|" + a.ID + fmt.Sprint(i)))
	rec.ID = "e-" + hex.EncodeToString(h[:6])
	return rec, nil
}

// match scores how well a report fits a stored event: 0 means it cannot
// be the same event. Type and status must agree; dates must be
// compatible (one day apart at most, or the same month or year at coarser
// granularity); places, when both known, must be equal; and the actors
// must overlap by at least half of the smaller set.
func match(ev warta.Event, title, date string, rec *warta.EventRecord) float64 {
	if ev.Type != rec.Type || done(ev.Status) != done(rec.Status) || !sameMode(ev.Mode, rec.Mode) {
		return 0
	}
	if done(ev.Status) && (date == "" || rec.Date == "") {
		return 0 // an undated happening cannot be told apart from the next one
	}
	if !datesCompatible(date, rec.Date, ev.DateGuessed || rec.DateGuessed) {
		return 0
	}
	// Places name the same spot at different scales ("New York" and
	// "Amerika Serikat", "Kyiv" and "Ukraina"); they tell two events
	// apart only when the dates cannot: the same people do not meet twice
	// on one day in two cities, but do meet again months later elsewhere.
	if ev.Place != "" && rec.Place != "" && ev.Place != rec.Place && (len(date) != 10 || date != rec.Date || ev.Type == "PROTEST") {
		return 0
	}
	shared := sharedActors(ev.ActorIDs, rec.ActorIDs)
	small := min(len(ev.ActorIDs), len(rec.ActorIDs))
	if small == 0 || float64(shared)/float64(small) < 0.5 {
		return 0
	}
	// Each naming a person the other does not is two events: Jokowi
	// receiving Syafii Maarif and, the next day, Song Tao.
	if distinctPeople(ev.ActorIDs, rec.ActorIDs) {
		return 0
	}
	// One shared actor is thin evidence: the KPK does something every
	// day. Such reports join only when their sentences tell the same
	// thing in overlapping words beyond the actors' names; and asking,
	// refusing, blaming and agreeing, which news sources do to the same
	// few institutions all day, need two shared actors.
	// A disaster is told by where it struck: one shared place, one kind
	// of disaster and one written day are one earthquake.
	sameDisaster := ev.Type == "DISASTER" && date == rec.Date && len(date) == 10 && !ev.DateGuessed
	if shared < 2 && !sameDisaster {
		switch ev.Type {
		case "REQUEST", "REJECT", "ACCUSE":
			return 0
		}
		if !similarReports(ev.Sentence, title, ev.Actors, rec.Reports) {
			return 0
		}
	}
	// What is asked, refused, blamed or agreed is the event: the DPR
	// agrees on three bills in a week, and students ask it for something
	// every day. Those reports, and undated plans ("Jokowi akan bertemu
	// ..."), join only when their sentences say the same thing, however
	// many actors they share.
	//
	// Undated ones are the loosest of all ("Jokowi akan bertemu ...",
	// "apabila Jokowi ingin bertemu"): only their own sentences, in
	// enough words, can tie them; a headline about the president's week
	// cannot.
	switch {
	case date == "" || rec.Date == "":
		if !similarSentences(ev.Sentence, ev.Actors, rec.Reports, true) {
			return 0
		}
	case talk(ev):
		if !similarReports(ev.Sentence, title, ev.Actors, rec.Reports) {
			return 0
		}
	}
	return float64(shared) / float64(max(len(ev.ActorIDs), len(rec.ActorIDs)))
}

func sharedActors(a, b []string) int {
	n := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	return n
}

// similarReports reports whether a report tells what one of the event's
// first reports tells: in its sentence (similarSentences) or in the
// headlines of both articles ("Jokowi ke Cianjur, Serahkan Bantuan" and
// "Kunjungi Pengungsi Gempa Cianjur, Jokowi Bagikan Bantuan"), which
// outlets write about the article's news as a whole: two shared roots, a
// third of the shorter headline.
func similarReports(sentence, title string, actors []string, reps []warta.Report) bool {
	return similarSentences(sentence, actors, reps, false) ||
		sharesWords(title, actors, reps, func(r warta.Report) string { return r.Title },
			func(shared, short int) bool { return shared >= 2 && 3*shared >= short })
}

// similarSentences reports whether s shares enough root words with the
// sentence of one of the event's first reports: three, and a quarter of
// the shorter sentence; or, for short sentences, two that are half of it.
// Strict (for undated reports) asks for three roots that are half of the
// shorter sentence: plans to meet at "Istana, Jakarta" share three words
// without being one plan.
func similarSentences(s string, actors []string, reps []warta.Report, strict bool) bool {
	return sharesWords(s, actors, reps, func(r warta.Report) string { return r.Sentence }, func(shared, short int) bool {
		if strict {
			return shared >= 3 && 2*shared >= short
		}
		return shared >= 3 && 4*shared >= short || shared >= 2 && 2*shared >= short
	})
}

// sharesWords reports whether text shares enough content words (enough
// is told the count and the size of the shorter set) with what field
// gives of one of the event's first three reports; the later ones are
// not used, so an event cannot drift away from what it first was. The
// actors' names do not count: sharing "Joko Widodo" is what made the
// reports candidates.
func sharesWords(text string, actors []string, reps []warta.Report, field func(warta.Report) string, enough func(shared, short int) bool) bool {
	a := contentWords(text)
	for _, n := range actors {
		for w := range contentWords(n) {
			delete(a, w)
		}
	}
	for i, r := range reps {
		if i == 3 {
			break
		}
		b := contentWords(field(r))
		shared := 0
		for w := range a {
			if b[w] {
				shared++
			}
		}
		if enough(shared, min(len(a), len(b))) {
			return true
		}
	}
	return false
}

// contentWords are the lower-cased words of four letters or more that are
// neither function words ("dengan", "akan") nor the verbs that made the
// sentence an event ("bertemu", "meminta"): sharing those says nothing
// about whether two sentences tell the same happening.
//
// Words are compared by their roots ("bergabung" and "gabung"), and a
// dateline ("Jakarta, CNBC Indonesia - ") says where the outlet sits, not
// what happened, so it is left out.
func contentWords(s string) map[string]bool {
	if i := strings.Index(s, " - "); i >= 0 && i < 60 {
		s = s[i+3:]
	} else if i := strings.Index(s, " -- "); i >= 0 && i < 60 {
		s = s[i+4:]
	}
	out := map[string]bool{}
	common := commonWords()
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) < 4 || common[w] {
			continue
		}
		if r := stemmer.Stem(w); len(r) >= 3 && !common[r] {
			out[r] = true
		}
	}
	return out
}

var stemmer = stem.New()

// commonWords is built on first use: stemming its words needs the root
// dictionary, which start-up should not pay for (docs/performance.md).
var commonWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`dengan akan untuk yang dari pada juga telah sudah bahwa dalam para atau oleh kepada
		tidak karena saat setelah sebelum hingga sampai agar supaya namun tetapi masih belum bisa dapat harus lebih
		sebagai secara antara tersebut kata ujar menurut mengatakan menyatakan menyebut menjelaskan
		bertemu menemui pertemuan bertemunya meminta minta mendesak menuntut desakan tuntutan sepakat menyepakati
		kesepakatan disepakati menolak penolakan mengecam kecaman demonstrasi unjuk rasa aksi massa
		presiden menteri ketua pimpinan pemerintah rabu kamis jumat sabtu minggu senin selasa`) {
		m[w] = true
		m[stemmer.Stem(w)] = true
	}
	return m
})

// talk tells whether an event is something said rather than done:
// asking, refusing, blaming, agreeing in words (a signing is done).
func talk(ev warta.Event) bool {
	switch ev.Type {
	case "REQUEST", "REJECT", "ACCUSE":
		return true
	case "AGREE":
		return ev.Mode != "signed"
	}
	return false
}

// distinctPeople tells whether each actor list names a person the other
// does not.
func distinctPeople(a, b []string) bool {
	person := func(id string) bool { return strings.HasPrefix(id, "per:") || strings.HasPrefix(id, "x:person:") }
	onlyIn := func(x, y []string) bool {
		for _, id := range x {
			if person(id) && !slices.Contains(y, id) {
				return true
			}
		}
		return false
	}
	return onlyIn(a, b) && onlyIn(b, a)
}

// sameMode tells whether two modes of one type can be one event: arriving
// on a visit and the meeting the next day are two events of a state
// visit, a meeting and a phone call are never one. An unknown mode fits
// any.
func sameMode(a, b string) bool {
	a, b = strings.TrimSuffix(a, "_planned"), strings.TrimSuffix(b, "_planned")
	return a == "" || b == "" || a == b
}

func done(status string) bool { return status == "done" || status == "" }

// datesCompatible tells whether two event dates can be one day. Days
// written in both reports must be equal: the KPK's sting on Wednesday
// night and the detention it announced on Thursday are two events. A day
// taken from the report itself (guessed) may be one off, as a night's
// event is reported the next morning.
func datesCompatible(a, b string, guessed bool) bool {
	if a == "" || b == "" {
		return a == b
	}
	if len(a) == 10 && len(b) == 10 {
		if !guessed {
			return a == b
		}
		return dayDiff(a, b) <= 1
	}
	// Different granularity: the coarser must contain the finer.
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.HasPrefix(b, a)
}

func dayDiff(a, b string) int {
	ta, err1 := time.Parse("2006-01-02", a)
	tb, err2 := time.Parse("2006-01-02", b)
	if err1 != nil || err2 != nil {
		return 1 << 20
	}
	d := int(ta.Sub(tb).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

// assignStory puts a new event into a story: the article's main event's
// story when close in time (or planned), else the story of a stored event
// sharing an actor within StoryWindow days, else a new story.
func (c *Clusterer) assignStory(ctx context.Context, rec, main *warta.EventRecord) error {
	if main != nil && main != rec && main.StoryID != "" && (rec.Date == "" || main.Date == "" || near(rec.Date, main.Date)) {
		rec.StoryID = main.StoryID
		return nil
	}
	// A new main event joins the story of the event the model found
	// nearest, when near enough (StoryThreshold) and within StoryWindow
	// days: the same topic's next happening. Sharing an institution is
	// not enough: the KPK does something every day.
	if main == rec && len(rec.Centroid) > 0 {
		if r := c.related; r != nil && r.StoryID != "" && (rec.Date == "" || r.Date == "" || near(rec.Date, r.Date)) {
			rec.StoryID = r.StoryID
			return nil
		}
	}
	var akeys []string
	for _, id := range rec.ActorIDs {
		if !strings.HasPrefix(id, "per:") && !strings.HasPrefix(id, "x:person:") {
			continue // organizations and places act every day: no story of their own
		}
		for _, d := range probeDates(rec.Date, StoryWindow) {
			akeys = append(akeys, "s:"+id+"|"+d)
		}
	}
	cands, err := c.Store.EventCandidates(ctx, akeys)
	if err != nil {
		return fmt.Errorf("find story candidates: %w", err)
	}
	c.Examined += len(cands)
	sort.Slice(cands, func(i, j int) bool { return cands[i].ID < cands[j].ID })
	for _, cd := range cands {
		if cd.ID != rec.ID && cd.StoryID != "" && rec.Date != "" && cd.Date != "" && near(rec.Date, cd.Date) {
			rec.StoryID = cd.StoryID
			return nil
		}
	}
	// A thread: the story opened by an earlier event of the same type
	// between the same two people or organizations, however long ago.
	// Only story openers are filed under thread keys (see keys).
	if pk := threadKeys(rec.Type, rec.ActorIDs); len(pk) > 0 {
		cands, err := c.Store.EventCandidates(ctx, pk)
		if err != nil {
			return fmt.Errorf("find thread candidates: %w", err)
		}
		c.Examined += len(cands)
		sort.Slice(cands, func(i, j int) bool { return cands[i].ID < cands[j].ID })
		for _, cd := range cands {
			if cd.ID != rec.ID && cd.StoryID != "" && done(cd.Status) && done(rec.Status) {
				rec.StoryID = cd.StoryID
				return nil
			}
		}
	}
	rec.StoryID = "s-" + strings.TrimPrefix(rec.ID, "e-")
	return nil
}

// near reports whether two dates lie within StoryWindow days; a month or
// year matches any day inside it.
func near(a, b string) bool {
	if len(a) == 10 && len(b) == 10 {
		return dayDiff(a, b) <= StoryWindow
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.HasPrefix(b, a)
}

func sortReports(rs []warta.Report) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Published < rs[j].Published })
}

func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		found := false
		for _, y := range out {
			if x == y {
				found = true
			}
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

func sortedCopy(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}
