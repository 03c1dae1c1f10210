package cluster

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/event"
)

//go:embed model/events.json
var shippedModel []byte

var (
	modelOnce sync.Once
	shippedM  *Model
	modelErr  error
)

// ShippedModel returns the event model shipped in the binary (`warta
// train events` reproduces it), read on first use.
func ShippedModel() (*Model, error) {
	modelOnce.Do(func() {
		var m Model
		if err := json.Unmarshal(shippedModel, &m); err != nil {
			modelErr = fmt.Errorf("read event model: %w", err)
			return
		}
		if len(m.Features) != len(Features) || len(m.Trees) == 0 && len(m.Weights) != len(Features) {
			modelErr = fmt.Errorf("event model has %d features, the code %d: retrain it (warta train events)", len(m.Features), len(Features))
			return
		}
		shippedM = &m
	})
	return shippedM, modelErr
}

// centroid is an event's summary of the reports that tell it as their
// main news: the sums of their profile vectors and the counts of their
// people, numbers, dates, types, outlets and languages. A new report is
// compared with it, never with every report.
type centroid struct {
	N      int            `json:"n"`
	Title  Vec            `json:"title,omitempty"`
	Lead   Vec            `json:"lead,omitempty"`
	Body   Vec            `json:"body,omitempty"`
	Ents   Vec            `json:"ents,omitempty"`
	People map[string]int `json:"people,omitempty"`
	Head   map[string]int `json:"head,omitempty"` // people of the headlines
	// HeadActors and Speakers count the reports' headline people and
	// organizations and their quoted speakers (Profile).
	HeadActors map[string]int `json:"head_actors,omitempty"`
	Speakers   map[string]int `json:"speakers,omitempty"`
	Subjects   map[string]int `json:"subjects,omitempty"`
	HeadSpeak  map[string]int `json:"head_speakers,omitempty"`
	HeadVerbs  map[string]int `json:"head_verbs,omitempty"`
	Nums       map[string]int `json:"nums,omitempty"`
	Dates      map[string]int `json:"dates,omitempty"` // written main-event dates
	Guessed    map[string]int `json:"guessed,omitempty"`
	Types      map[string]int `json:"types,omitempty"`
	// TypeScores sum the reports' normalized kind scores.
	TypeScores map[string]float64 `json:"type_scores,omitempty"`
	Outlets    map[string]int     `json:"outlets,omitempty"`
	Langs      map[string]int     `json:"langs,omitempty"`
	First      time.Time          `json:"first,omitzero"`
	Last       time.Time          `json:"last,omitzero"`
	// Members are the first reports' own headline and lead vectors and
	// publish times: a report of one happening is close to one of its
	// reports, in words and in time, where a big event's sums blur.
	Members []member `json:"members,omitempty"`
	// Tokens are the index tokens of the reports (top entities and
	// headline roots), kept so that the event is filed under them for
	// every day it is reported on.
	Tokens []string `json:"tokens,omitempty"`

	// norms are the lengths of the vectors above (prepare), so that
	// comparing a report with the centroid walks only the report's terms.
	norms centroidNorms
}

type centroidNorms struct {
	title, lead, body, ent float64
	members                [][2]float64 // title, lead of each member
}

// prepare computes the vectors' lengths; called whenever they change.
func (c *centroid) prepare() {
	c.norms = centroidNorms{title: norm(c.Title), lead: norm(c.Lead), body: norm(c.Body), ent: norm(c.Ents),
		members: make([][2]float64, len(c.Members))}
	for i, m := range c.Members {
		c.norms.members[i] = [2]float64{norm(m.Title), norm(m.Lead)}
	}
}

// member is one report as a centroid keeps it.
type member struct {
	Title Vec       `json:"t,omitempty"`
	Lead  Vec       `json:"l,omitempty"`
	Pub   time.Time `json:"p,omitzero"`
}

// Caps that keep a centroid small however many reports join.
const (
	centroidTerms  = 80
	centroidTokens = 16
	maxMembers     = 24
	memberTerms    = 12
)

func decodeCentroid(raw json.RawMessage) *centroid {
	if len(raw) == 0 {
		return nil
	}
	var c centroid
	if json.Unmarshal(raw, &c) != nil {
		return nil
	}
	c.prepare()
	return &c
}

func (c *centroid) encode() json.RawMessage {
	b, _ := json.Marshal(c)
	return b
}

// add folds one report's profile into the centroid.
func (c *centroid) add(p *Profile) {
	c.N++
	c.Title = addVec(c.Title, p.Title, centroidTerms)
	c.Lead = addVec(c.Lead, p.Lead, centroidTerms)
	c.Body = addVec(c.Body, p.Body, centroidTerms)
	c.Ents = addVec(c.Ents, p.Ents, centroidTerms)
	c.People = addCounts(c.People, p.People...)
	c.Head = addCounts(c.Head, p.HeadPeople...)
	c.HeadActors = addCounts(c.HeadActors, p.HeadActors...)
	c.Speakers = addCounts(c.Speakers, p.Speakers...)
	if p.Subject != "" {
		c.Subjects = addCounts(c.Subjects, p.Subject)
	}
	c.HeadSpeak = addCounts(c.HeadSpeak, p.HeadSpeakers...)
	c.HeadVerbs = addCounts(c.HeadVerbs, p.HeadVerbs...)
	c.Nums = addCounts(c.Nums, p.Nums...)
	if p.Date != "" {
		if p.DateWritten {
			c.Dates = addCounts(c.Dates, p.Date)
		} else {
			c.Guessed = addCounts(c.Guessed, p.Date)
		}
	}
	if p.Type != "" {
		c.Types = addCounts(c.Types, p.Type)
	}
	if len(p.TypeScores) > 0 && c.TypeScores == nil {
		c.TypeScores = map[string]float64{}
	}
	for k, v := range p.TypeScores {
		c.TypeScores[k] = math.Round((c.TypeScores[k]+v)*1000) / 1000
	}
	if p.Outlet != "" {
		c.Outlets = addCounts(c.Outlets, p.Outlet)
	}
	if p.Lang != "" {
		c.Langs = addCounts(c.Langs, p.Lang)
	}
	if !p.Pub.IsZero() {
		if c.First.IsZero() || p.Pub.Before(c.First) {
			c.First = p.Pub
		}
		if p.Pub.After(c.Last) {
			c.Last = p.Pub
		}
	}
	if len(c.Members) < maxMembers {
		c.Members = append(c.Members, member{Title: copyTop(p.Title, memberTerms), Lead: copyTop(p.Lead, memberTerms), Pub: p.Pub})
	}
	for _, t := range p.tokens() {
		if len(c.Tokens) >= centroidTokens {
			break
		}
		if !contains(c.Tokens, t) {
			c.Tokens = append(c.Tokens, t)
		}
	}
	c.prepare()
}

func copyTop(v Vec, max int) Vec {
	out := make(Vec, len(v))
	for t, w := range v {
		out[t] = w
	}
	return out.top(max)
}

func addVec(sum, v Vec, max int) Vec {
	if sum == nil {
		sum = Vec{}
	}
	for t, w := range v {
		sum[t] += w
	}
	return sum.top(max)
}

func addCounts(m map[string]int, keys ...string) map[string]int {
	if len(keys) == 0 {
		return m
	}
	if m == nil {
		m = map[string]int{}
	}
	for _, k := range keys {
		m[k]++
	}
	return m
}

// top returns the most counted key (ties: the smallest), "" for none.
func top(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

// date is the event's date: the written date most reports give, else the
// date most of them were reported as of.
func (c *centroid) date() (string, bool) {
	if d := top(c.Dates); d != "" {
		return d, true
	}
	return top(c.Guessed), false
}

// tokens are what a report is indexed and looked up by: its heaviest
// entities and headline roots. A report of the same happening from
// another outlet shares at least one of them.
func (p *Profile) tokens() []string {
	var out []string
	for _, t := range heaviest(p.Ents, 4) {
		out = append(out, "e:"+t)
	}
	for _, t := range heaviest(p.Title, 4) {
		out = append(out, "w:"+t)
	}
	return out
}

func heaviest(v Vec, n int) []string {
	ts := make([]string, 0, len(v))
	for t := range v {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return v[ts[i]] > v[ts[j]] || v[ts[i]] == v[ts[j]] && ts[i] < ts[j] })
	if len(ts) > n {
		ts = ts[:n]
	}
	return ts
}

// Features are what the event model weighs when it asks whether a report
// tells an event: similarities of the sub-vectors, agreement of people,
// numbers, dates and type, and the time between them.
var Features = []string{
	"bias", "cos_title", "cos_lead", "cos_body", "cos_ents", "cos_cross",
	"nums_shared", "date_same", "date_conflict", "gap_days",
	"type_same", "people_shared", "people_conflict", "head_conflict", "same_outlet", "other_lang",
	"title_nearest", "lead_nearest", "gap_hours",
	"speaker_shared", "speaker_conflict", "actor_conflict",
	"subject_same", "subject_other",
	"title_uncovered", "core_missing", "anchor_title", "anchor_lead",
	"head_speaker_new", "verb_shared", "verb_conflict",
}

// features computes the model's inputs for report p against event c.
func features(p *Profile, c *centroid) []float64 {
	f := make([]float64, len(Features))
	f[0] = 1
	pn, cn := p.vecNorms(), &c.norms
	if len(cn.members) != len(c.Members) {
		c.prepare() // a centroid built in memory (training) before its first comparison
	}
	f[1] = cosineN(p.Title, c.Title, pn.title, cn.title)
	f[2] = cosineN(p.Lead, c.Lead, pn.lead, cn.lead)
	f[3] = cosineN(p.Body, c.Body, pn.body, cn.body)
	f[4] = cosineN(p.Ents, c.Ents, pn.ent, cn.ent)
	f[5] = math.Max(cosineN(p.Title, c.Lead, pn.title, cn.lead), cosineN(p.Lead, c.Title, pn.lead, cn.title))
	shared := 0
	for _, n := range p.Nums {
		if c.Nums[n] > 0 {
			shared++
		}
	}
	f[6] = math.Min(float64(shared), 3) / 3
	if d, written := c.date(); d != "" && p.Date != "" {
		switch {
		case d == p.Date:
			f[7] = 1
		case written && p.DateWritten:
			f[8] = 1
		}
	}
	// The report nearest in time, and the nearest in headline and lead
	// words, among the event's first reports.
	gap := -1.0
	for k, m := range c.Members {
		f[16] = math.Max(f[16], cosineN(p.Title, m.Title, pn.title, cn.members[k][0]))
		f[17] = math.Max(f[17], cosineN(p.Lead, m.Lead, pn.lead, cn.members[k][1]))
		if !p.Pub.IsZero() && !m.Pub.IsZero() {
			g := math.Abs(p.Pub.Sub(m.Pub).Hours())
			if gap < 0 || g < gap {
				gap = g
			}
		}
	}
	if gap < 0 && !p.Pub.IsZero() && !c.Last.IsZero() {
		gap = math.Abs(p.Pub.Sub(c.Last).Hours())
	}
	if gap >= 0 {
		f[9] = math.Log1p(gap / 24)
		f[18] = math.Log1p(gap) / 5
	}
	// Who speaks: one occasion's reports quote the same people.
	if len(p.Speakers) > 0 && len(c.Speakers) > 0 {
		shared := false
		for _, id := range p.Speakers {
			if c.Speakers[id] > 0 {
				shared = true
			}
		}
		if shared {
			f[19] = 1
		} else {
			f[20] = 1
		}
	}
	// Who the headline names, organizations included: a new one the
	// event never named, while the event's usual one is missing.
	newActor, lostActor := false, false
	for _, id := range p.HeadActors {
		if c.HeadActors[id] == 0 && c.Ents[id] == 0 {
			newActor = true
		}
	}
	for id, n := range c.HeadActors {
		if 2*n > c.N && p.Ents[id] == 0 {
			lostActor = true
		}
	}
	if newActor && lostActor {
		f[21] = 1
	}
	// What the report's headline says that the event's reports never
	// said ("RUU SDA" beside "Revisi UU KPK" on one plenary day), and what
	// most of its headlines say that the report does not.
	covered := 0.0
	for t, w := range p.Title {
		if c.Title[t] > 0 || c.Lead[t] > 0 {
			covered += float64(w) * float64(w)
		}
	}
	if len(p.Title) > 0 {
		f[24] = 1 - covered
	}
	core := map[string]int{}
	for _, m := range c.Members {
		for t := range m.Title {
			core[t]++
		}
	}
	nCore, missing := 0, 0
	for t, n := range core {
		if 2*n > len(c.Members) && len(c.Members) >= 2 {
			nCore++
			if p.Title[t] == 0 && p.Lead[t] == 0 && p.Body[t] == 0 {
				missing++
			}
		}
	}
	if nCore > 0 {
		f[25] = float64(missing) / float64(nCore)
	}
	// The event's first report: what it was opened by, which later reports
	// cannot drift away from.
	if len(c.Members) > 0 {
		f[26] = cosineN(p.Title, c.Members[0].Title, pn.title, cn.members[0][0])
		f[27] = cosineN(p.Lead, c.Members[0].Lead, pn.lead, cn.members[0][1])
	}
	// A headline giving the floor to someone the event's headlines never
	// quoted: a reaction, not the happening.
	for _, id := range p.HeadSpeakers {
		if c.HeadSpeak[id] == 0 {
			f[28] = 1
		}
	}
	// What the headline says was done.
	if len(p.HeadVerbs) > 0 && len(c.HeadVerbs) > 0 {
		shared := 0
		for _, v := range p.HeadVerbs {
			if c.HeadVerbs[v] > 0 {
				shared++
			}
		}
		if shared > 0 {
			f[29] = float64(shared) / float64(len(p.HeadVerbs))
		} else {
			f[30] = 1
		}
	}
	// Who the lead names first: the same doer, or one the event's reports
	// never named first nor in their headlines.
	if p.Subject != "" && len(c.Subjects) > 0 {
		switch {
		case c.Subjects[p.Subject] > 0:
			f[22] = 1
		case c.HeadActors[p.Subject] == 0:
			f[23] = 1
		}
	}
	if p.Type != "" && c.Types[p.Type]*2 >= c.N {
		f[10] = 1
	}
	sharedP := 0
	for _, id := range p.People {
		if c.People[id] > 0 {
			sharedP++
		}
	}
	if sharedP > 0 {
		f[11] = 1
	} else if len(p.People) > 0 && len(c.People) > 0 {
		f[12] = 1
	}
	// The headlines each name a person the other's do not: who acted
	// differs, whatever else the two share.
	newHead := false
	for _, id := range p.HeadPeople {
		if c.People[id] == 0 {
			newHead = true
		}
	}
	lostHead := false
	for id, n := range c.Head {
		if 2*n >= c.N && !contains(p.People, id) {
			lostHead = true
		}
	}
	if newHead && lostHead {
		f[13] = 1
	}
	if c.Outlets[p.Outlet] > 0 {
		f[14] = 1
	}
	if p.Lang != "" && c.Langs[p.Lang] == 0 {
		f[15] = 1
	}
	return f
}

// Model is the learned event model: a logistic regression over Features
// that gives the probability that a report tells an event, and the
// threshold below which a report opens an event of its own.
type Model struct {
	Features []string `json:"features"`
	// Weights of a logistic regression, or, when Trees are set, Base and
	// the boosted trees whose sum is the log-odds.
	Weights   []float64 `json:"weights,omitempty"`
	Base      float64   `json:"base,omitempty"`
	Trees     []Tree    `json:"trees,omitempty"`
	Threshold float64   `json:"threshold"`
	// Trained says what the model was trained on, for reading.
	Trained string `json:"trained,omitempty"`
}

// Prob is the model's probability that feature vector f is a match.
func (m *Model) Prob(f []float64) float64 {
	if len(m.Trees) > 0 {
		z := m.Base
		for _, t := range m.Trees {
			z += t.eval(f)
		}
		return 1 / (1 + math.Exp(-z))
	}
	z := 0.0
	for i, w := range m.Weights {
		if i < len(f) {
			z += w * f[i]
		}
	}
	return 1 / (1 + math.Exp(-z))
}

// dayKeys are the index keys of tokens on the given days.
func dayKeys(days []string, tokens []string) []string {
	out := make([]string, 0, len(days)*len(tokens))
	for _, d := range days {
		for _, t := range tokens {
			out = append(out, "m:"+d+"|"+t)
		}
	}
	return out
}

// probeDays are the days whose events a report is compared with: the days
// around its publication (reports follow a happening by up to a few days)
// and around its main event's date.
func probeDays(p *Profile) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t time.Time, from, to int) {
		for k := from; k <= to; k++ {
			d := t.AddDate(0, 0, k).Format("2006-01-02")
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	if !p.Pub.IsZero() {
		add(p.Pub.In(wib), -3, 1)
	}
	if t, err := time.Parse("2006-01-02", p.Date); err == nil {
		add(t, -1, 1)
	}
	return out
}

// fileDays are the days an event is filed under: each report's publish
// day and the event's date.
func (c *centroid) fileDays() []string {
	seen := map[string]bool{}
	var out []string
	add := func(d string) {
		if d != "" && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	for t := c.First.In(wib); !c.First.IsZero() && !t.After(c.Last.In(wib).Add(24*time.Hour)); t = t.Add(24 * time.Hour) {
		if d := t.Format("2006-01-02"); d <= c.Last.In(wib).Format("2006-01-02") {
			add(d)
		}
		if len(out) > 14 {
			break
		}
	}
	for d := range c.Dates {
		add(d)
	}
	for d := range c.Guessed {
		add(d)
	}
	sort.Strings(out)
	return out
}

func hasPrefixAny(s string, ps ...string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// joinMain finds the stored event whose reports tell what the article
// tells as its main news, by the model, or starts one.
func (c *Clusterer) joinMain(ctx context.Context, a *warta.Article, i int) (*warta.EventRecord, error) {
	st, m, err := c.model()
	if err != nil {
		return nil, err
	}
	p := c.Profiles[a.ID]
	if p == nil {
		p = NewProfile(a, st)
		if c.Profiles != nil {
			c.Profiles[a.ID] = p
		}
	}
	if p.Pub.IsZero() && !c.Now.IsZero() {
		p.Pub = c.Now
		if p.Date == "" {
			p.Date = c.Now.In(wib).Format("2006-01-02")
		}
	}
	cands, err := c.Store.EventCandidates(ctx, dayKeys(probeDays(p), p.tokens()))
	if err != nil {
		return nil, fmt.Errorf("find event candidates: %w", err)
	}
	c.Examined += len(cands)
	var best *warta.EventRecord
	bestP := 0.0
	for _, rec := range cands {
		cen := c.centroidOf(rec)
		if cen == nil {
			continue
		}
		for _, r := range rec.Reports {
			if r.ArticleID == a.ID && r.Index == i {
				return rec, nil // reprocessing the same report
			}
		}
		// Two written days are two happenings, whatever the words share:
		// the same people meet again, a saga moves a step a day.
		if d, written := cen.date(); written && p.DateWritten && d != p.Date {
			continue
		}
		if pr := m.Prob(features(p, cen)); pr > bestP || pr == bestP && best != nil && rec.ID < best.ID {
			best, bestP = rec, pr
		}
	}
	ev := a.Events[i]
	rep := warta.Report{ArticleID: a.ID, Index: i, Outlet: a.Outlet, Title: a.Title, Published: a.Published,
		Sentence: ev.Sentence, DuplicateOf: a.DuplicateOf, Main: true}
	// A near miss is no report of the event but of the same story: a
	// reaction, the next step, another angle of the day (StoryThreshold).
	c.related = nil
	if best != nil && bestP >= StoryThreshold*m.Threshold {
		c.related = best
	}
	if best == nil || bestP < m.Threshold {
		cen := &centroid{}
		cen.add(p)
		date := ""
		if ev.Date != nil {
			date = *ev.Date
		}
		typ := ev.Type
		if t := event.DecideType(cen.TypeScores); t != "" {
			typ = t
		}
		rec := &warta.EventRecord{Type: typ, Mode: ev.Mode, Status: ev.Status, Date: date, DateGuessed: ev.DateGuessed,
			Place: ev.Place, Title: a.Title, Actors: append([]string{}, ev.Actors...), ActorIDs: append([]string{}, ev.ActorIDs...),
			Topics: ev.Topics, Reports: []warta.Report{rep}}
		h := sha256.Sum256([]byte("main|" + a.ID + fmt.Sprint(i)))
		rec.ID = "e-" + hex.EncodeToString(h[:6])
		c.setCentroid(rec, cen)
		return rec, nil
	}
	best.Reports = append(best.Reports, rep)
	sortReports(best.Reports)
	bestCen := decodeCentroid(best.Centroid) // a copy of its own: the cached one is shared
	bestCen.add(p)
	c.setCentroid(best, bestCen)
	best.Topics = union(best.Topics, ev.Topics)
	for k, id := range ev.ActorIDs {
		if len(best.ActorIDs) < maxActors && !slices.Contains(best.ActorIDs, id) && k < len(ev.Actors) {
			best.ActorIDs = append(best.ActorIDs, id)
			best.Actors = append(best.Actors, ev.Actors[k])
		}
	}
	if t := event.DecideType(bestCen.TypeScores); t != "" {
		best.Type = t
	}
	if d, written := bestCen.date(); d != "" {
		best.Date, best.DateGuessed = d, !written
	}
	if best.Place == "" {
		best.Place = ev.Place
	}
	return best, nil
}

// StoryThreshold is the share of the model's threshold above which an
// event the new report does not join still puts it into its story.
const StoryThreshold = 0.5

// model returns the clusterer's model and stats, the shipped ones unless
// set.
func (c *Clusterer) model() (*Stats, *Model, error) {
	if c.Stats == nil {
		st, err := ShippedStats()
		if err != nil {
			return nil, nil, err
		}
		c.Stats = st
	}
	if c.Model == nil {
		m, err := ShippedModel()
		if err != nil {
			return nil, nil, err
		}
		c.Model = m
	}
	return c.Stats, c.Model, nil
}

// centroidOf returns an event's decoded centroid, READ-ONLY: it may be
// shared through the process's cache (decoded). A caller that changes it
// decodes its own copy (decodeCentroid).
func (c *Clusterer) centroidOf(rec *warta.EventRecord) *centroid {
	return decoded.get(rec.ID, rec.Centroid)
}

func (c *Clusterer) setCentroid(rec *warta.EventRecord, cen *centroid) {
	rec.Centroid = cen.encode()
	decoded.put(rec.ID, rec.Centroid, cen)
}

// decoded caches decoded centroids across batches and clusterers: an
// ingest compares each report with the events of a few days, the same few
// thousand events again and again, and decoding their JSON each time was a
// third of the clustering's time (profile of the news-corpus ingest,
// docs/performance.md). An entry is valid only for the exact bytes it was
// decoded from (their FNV-64a hash), so a rolled-back batch or another
// process's write is never answered from a stale entry. Entries are
// shared and must not be changed.
var decoded = &centroidCache{max: 8192}

type centroidCache struct {
	mu  sync.Mutex
	max int
	m   map[string]cachedCentroid
}

type cachedCentroid struct {
	sum uint64
	cen *centroid
}

// rawSum identifies the bytes a centroid was decoded from; maphash runs
// at memory speed where FNV, byte by byte, cost 6 of the ingest's 160
// CPU-seconds.
func rawSum(raw []byte) uint64 { return maphash.Bytes(rawSeed, raw) }

var rawSeed = maphash.MakeSeed()

func (cc *centroidCache) get(id string, raw json.RawMessage) *centroid {
	if len(raw) == 0 {
		return nil
	}
	sum := rawSum(raw)
	cc.mu.Lock()
	e, ok := cc.m[id]
	cc.mu.Unlock()
	if ok && e.sum == sum {
		return e.cen
	}
	cen := decodeCentroid(raw)
	if cen != nil {
		cc.store(id, sum, cen)
	}
	return cen
}

func (cc *centroidCache) put(id string, raw json.RawMessage, cen *centroid) {
	cc.store(id, rawSum(raw), cen)
}

func (cc *centroidCache) store(id string, sum uint64, cen *centroid) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	// Full: start afresh (the events of the days being ingested come back
	// at once), which bounds the memory without an LRU's bookkeeping.
	if cc.m == nil || len(cc.m) >= cc.max {
		cc.m = make(map[string]cachedCentroid, cc.max)
	}
	cc.m[id] = cachedCentroid{sum, cen}
}

// recordKeys are the keys an event is filed under: the rules' keys
// (keys) and, for an event some report tells as its main news, its
// tokens on each day it was reported.
func (c *Clusterer) recordKeys(rec *warta.EventRecord) []string {
	return eventKeys(rec, c.centroidOf(rec))
}

// eventKeys are all the keys an event is filed under (recordKeys); cen is
// its decoded centroid, or nil to decode it here.
func eventKeys(rec *warta.EventRecord, cen *centroid) []string {
	ks := keys(rec)
	if cen == nil {
		cen = decoded.get(rec.ID, rec.Centroid)
	}
	if cen != nil {
		ks = append(ks, dayKeys(cen.fileDays(), cen.Tokens)...)
	}
	return ks
}
