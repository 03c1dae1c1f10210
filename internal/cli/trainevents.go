package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/event"
	"github.com/warta-news/warta/internal/pipeline"
)

// eventsModelDir is where the event model ships.
var eventsModelDir = filepath.Join("internal", "cluster", "model")

// trainedEvents is what `warta train events` produces.
type trainedEvents struct {
	Stats *cluster.Stats
	Model *cluster.Model
	// Log says what training saw and chose, for the command's output.
	Log []string
}

// eventTrainOptions set `warta train events`.
type eventTrainOptions struct {
	Key string
	// Holdout are happening dates left out of training and scored apart;
	// Folds, when set, are groups of dates each held out in turn (cross-
	// validation by whole days). Both are for development: the shipped
	// model learns from the whole key.
	Holdout map[string]bool
	Folds   [][]string
	Learner string // "boost" (default) or "logistic"
	Workers int
	Verbose bool
	// Cache, when set, is a folder where the term statistics and the
	// analyzed reports are kept between runs (development only: they
	// must be rebuilt whenever the pipeline before clustering changes).
	Cache string
}

// trainEvents counts term statistics over the whole news corpus (an
// unsupervised statistic), then learns the event model from the key's
// reports: the replayed comparisons with gold events train the model,
// and the threshold is the one whose clustering of those reports scores
// best.
func trainEvents(ctx context.Context, shared string, opt eventTrainOptions) (*trainedEvents, error) {
	key, err := eval.LoadEventKey(opt.Key)
	if err != nil {
		return nil, err
	}
	out := &trainedEvents{}
	inKey := map[string]bool{}
	rowOf := map[string]eval.KeyRow{}
	for _, r := range key.Rows {
		inKey[r.ArticleID] = true
		rowOf[r.ArticleID] = r
	}
	arts, rows, stats, err := keyArticles(ctx, shared, opt, inKey, rowOf)
	if err != nil {
		return nil, err
	}
	out.Stats = stats
	out.Log = append(out.Log, fmt.Sprintf("term statistics: %d documents, %d roots in 3 or more", out.Stats.N, len(out.Stats.DF)))
	// The main events as the pipeline chose them, with their kinds.
	typeAccuracy := func(held map[string]bool) (int, int) {
		right, n := 0, 0
		for i, a := range arts {
			if held[rows[i].Date] {
				n++
				for _, e := range a.Events {
					if e.Main && e.Type == rows[i].Type {
						right++
					}
				}
			}
		}
		return right, n
	}
	for i, a := range arts {
		a.Events = event.Main(a, event.Code(a, eventOptions(a)), eventOptions(a))
		_ = i
	}
	split := func(held map[string]bool) (train, test []*warta.Article, gTrain, gTest []string) {
		for i, a := range arts {
			if held[rows[i].Date] {
				test, gTest = append(test, a), append(gTest, rows[i].EventID)
			} else {
				train, gTrain = append(train, a), append(gTrain, rows[i].EventID)
			}
		}
		return
	}
	if len(opt.Folds) > 0 {
		var sum float64
		for _, days := range opt.Folds {
			held := map[string]bool{}
			for _, d := range days {
				held[d] = true
			}
			right, n := typeAccuracy(held)
			out.Log = append(out.Log, fmt.Sprintf("fold %s: main-event type %d/%d = %.3f", strings.Join(days, ","), right, n, float64(right)/float64(max(1, n))))
			train, test, gTrain, gTest := split(held)
			m, _, err := fitEventModel(ctx, train, gTrain, out.Stats, opt)
			if err != nil {
				return nil, err
			}
			pred, err := clusterWith(ctx, test, out.Stats, m)
			if err != nil {
				return nil, err
			}
			f := eval.BCubed(gTest, pred)
			sum += f.F
			right, n = typeAccuracy(held)
			out.Log = append(out.Log, fmt.Sprintf("fold %s: main-event type after clustering %d/%d = %.3f", strings.Join(days, ","), right, n, float64(right)/float64(max(1, n))))
			out.Log = append(out.Log, replayQuality(test, gTest, out.Stats, m))
			out.Log = append(out.Log, fmt.Sprintf("fold %s: %d reports held out, B-cubed P %.3f R %.3f F1 %.3f (threshold %.3f)",
				strings.Join(days, ","), len(test), f.P, f.R, f.F, m.Threshold))
			if opt.Verbose {
				out.Log = append(out.Log, groupingMisses(test, gTest, pred, rowOf)...)
			}
		}
		out.Log = append(out.Log, fmt.Sprintf("cross-validation: mean held-out B-cubed F1 %.3f over %d folds", sum/float64(len(opt.Folds)), len(opt.Folds)))
	}
	all := map[string]bool{}
	for _, r := range rows {
		all[r.Date] = true
	}
	right, n := typeAccuracy(all)
	out.Log = append(out.Log, fmt.Sprintf("main-event type of the key's reports %d/%d = %.3f", right, n, float64(right)/float64(max(1, n))))
	train, held, gTrain, gHeld := split(opt.Holdout)
	m, log, err := fitEventModel(ctx, train, gTrain, out.Stats, opt)
	if err != nil {
		return nil, err
	}
	out.Log = append(out.Log, log...)
	m.Trained += fmt.Sprintf(" of %s", filepath.Base(opt.Key))
	out.Model = m
	if len(held) > 0 {
		pred, err := clusterWith(ctx, held, out.Stats, m)
		if err != nil {
			return nil, err
		}
		f := eval.BCubed(gHeld, pred)
		out.Log = append(out.Log, fmt.Sprintf("held out: %d reports, B-cubed P %.3f R %.3f F1 %.3f", len(held), f.P, f.R, f.F))
		if opt.Verbose {
			out.Log = append(out.Log, groupingMisses(held, gHeld, pred, rowOf)...)
		}
	}
	return out, nil
}

// keyArticles counts the term statistics over the whole corpus and
// analyzes the key's reports without clustering, or reads both from the
// cache folder.
func keyArticles(ctx context.Context, shared string, opt eventTrainOptions, inKey map[string]bool, rowOf map[string]eval.KeyRow) ([]*warta.Article, []eval.KeyRow, *cluster.Stats, error) {
	type cached struct {
		CorpusID string
		Article  *warta.Article
	}
	if opt.Cache != "" {
		sf, err1 := os.Open(filepath.Join(opt.Cache, "df.tsv.gz"))
		af, err2 := os.Open(filepath.Join(opt.Cache, "articles.jsonl"))
		if err1 == nil && err2 == nil {
			defer sf.Close()
			defer af.Close()
			st, err := cluster.ReadStats(sf)
			if err != nil {
				return nil, nil, nil, err
			}
			var arts []*warta.Article
			var rows []eval.KeyRow
			dec := json.NewDecoder(af)
			for {
				var c cached
				if err := dec.Decode(&c); err == io.EOF {
					break
				} else if err != nil {
					return nil, nil, nil, fmt.Errorf("read cached articles: %w", err)
				}
				if inKey[c.CorpusID] {
					c.Article.PublishedAt, _ = time.Parse(time.RFC3339, c.Article.Published)
					if c.Article.PublishedAt.IsZero() {
						c.Article.PublishedAt, _ = time.ParseInLocation("2006-01-02", c.Article.Published, time.FixedZone("WIB", 7*3600))
					}
					arts = append(arts, c.Article)
					rows = append(rows, rowOf[c.CorpusID])
				}
			}
			return arts, rows, st, nil
		}
	}
	all, err := readCorpusDocs(ctx, shared, func(string) bool { return true })
	if err != nil {
		return nil, nil, nil, err
	}
	counter := cluster.NewCounter()
	var docs []corpusDoc
	for _, d := range all {
		var rec struct{ Title, Text string }
		if err := json.Unmarshal(d.doc.Raw, &rec); err == nil {
			counter.Add(rec.Title + "\n" + rec.Text)
		}
		if inKey[d.id] {
			docs = append(docs, d)
		}
	}
	st := counter.Stats(3)
	stages, err := newStages(time.Now(), nil)
	if err != nil {
		return nil, nil, nil, err
	}
	p := &pipeline.Pipeline{Stages: stages, Workers: opt.Workers}
	var arts []*warta.Article
	var rows []eval.KeyRow
	var ids []string
	for start := 0; start < len(docs); start += batchSize {
		end := min(start+batchSize, len(docs))
		batch := make([]*warta.Document, 0, end-start)
		for _, d := range docs[start:end] {
			batch = append(batch, d.doc)
		}
		res, err := p.Analyze(ctx, batch)
		if err != nil {
			return nil, nil, nil, err
		}
		for i, a := range res.Articles {
			if a != nil {
				arts = append(arts, a)
				rows = append(rows, rowOf[docs[start+i].id])
				ids = append(ids, docs[start+i].id)
			}
		}
	}
	if opt.Cache != "" {
		if err := os.MkdirAll(opt.Cache, 0o755); err != nil {
			return nil, nil, nil, err
		}
		if err := writeFile(filepath.Join(opt.Cache, "df.tsv.gz"), func(w io.Writer) error { _, err := st.WriteTo(w); return err }); err != nil {
			return nil, nil, nil, err
		}
		if err := writeFile(filepath.Join(opt.Cache, "articles.jsonl"), func(w io.Writer) error {
			enc := json.NewEncoder(w)
			for i, a := range arts {
				if err := enc.Encode(cached{CorpusID: ids[i], Article: a}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return nil, nil, nil, err
		}
	}
	return arts, rows, st, nil
}

// replayQuality scores the model on held-out reports replayed against
// their gold events (as training replays them): the area under the ROC
// curve of its probabilities, and how often the report's own event is the
// most probable candidate, and above the threshold.
func replayQuality(arts []*warta.Article, gold []string, st *cluster.Stats, m *cluster.Model) string {
	profiles := make([]*cluster.Profile, len(arts))
	for i, a := range arts {
		profiles[i] = cluster.NewProfile(a, st)
	}
	groups, candIDs := cluster.GoldGroups(profiles, gold)
	first := map[string]string{}
	for i, g := range gold {
		if _, ok := first[g]; !ok {
			first[g] = arts[i].Title
		}
	}
	var wrong []string
	var pos, neg []float64
	top, topAbove, withOwn, newRight, newTotal := 0, 0, 0, 0, 0
	for gi, g := range groups {
		best, bestP, own := -1, -1.0, -1
		for k, e := range g {
			p := m.Prob(e.F)
			if e.Match {
				pos = append(pos, p)
				own = k
			} else {
				neg = append(neg, p)
			}
			if p > bestP {
				best, bestP = k, p
			}
		}
		if own >= 0 {
			withOwn++
			if best == own {
				top++
				if bestP >= m.Threshold {
					topAbove++
				}
			}
		} else {
			newTotal++
			if bestP < m.Threshold {
				newRight++
			} else if verboseReplay {
				wrong = append(wrong, fmt.Sprintf("    NEW %s %q\n      -> %s %q p=%.2f %v", gold[gi], arts[gi].Title, candIDs[gi][best], first[candIDs[gi][best]], bestP, fmtF(g[best].F)))
			}
		}
	}
	// AUC: the share of (match, non-match) pairs ranked right.
	sort.Float64s(neg)
	right := 0.0
	for _, p := range pos {
		i := sort.SearchFloat64s(neg, p)
		right += float64(i)
	}
	auc := right / float64(max(1, len(pos)*len(neg)))
	return fmt.Sprintf("  replay: AUC %.3f; own event most probable for %d of %d reports (%d above the threshold); %d of %d reports with no own event yet kept apart",
		auc, top, withOwn, topAbove, newRight, newTotal) + strings.Join(append([]string{""}, wrong...), "\n")
}

// verboseReplay lists the held-out reports the model attached to another
// happening (development).
var verboseReplay = os.Getenv("WARTA_REPLAY_VERBOSE") != ""

func fmtF(f []float64) string {
	var b strings.Builder
	for i, x := range f {
		if x != 0 && i > 0 {
			fmt.Fprintf(&b, "%s=%.2f ", cluster.Features[i], x)
		}
	}
	return b.String()
}

// fitEventModel learns a model from reports and their gold events: the
// replayed comparisons train it, and the threshold is the one whose
// clustering of the same reports scores best.
func fitEventModel(ctx context.Context, arts []*warta.Article, gold []string, st *cluster.Stats, opt eventTrainOptions) (*cluster.Model, []string, error) {
	var log []string
	profiles := make([]*cluster.Profile, len(arts))
	for i, a := range arts {
		profiles[i] = cluster.NewProfile(a, st)
	}
	ex, rp := cluster.GoldExamples(profiles, gold)
	pos := 0
	for _, e := range ex {
		if e.Match {
			pos++
		}
	}
	log = append(log, fmt.Sprintf("%d reports to learn from; %d comparisons (%d matches); the indexes found the report's own event for %d of %d reports that had one",
		len(arts), len(ex), pos, rp.Retrieved, rp.Reports))
	m := &cluster.Model{Features: cluster.Features}
	learner := "gradient-boosted trees"
	if opt.Learner == "logistic" {
		learner = "logistic regression"
		w := cluster.Fit(ex, 0.001, 3000)
		for i := range w {
			w[i] = roundTo(w[i], 4)
			log = append(log, fmt.Sprintf("  weight %-16s %8.4f", cluster.Features[i], w[i]))
		}
		m.Weights = w
	} else {
		m.Base, m.Trees = cluster.Boost(ex, cluster.DefaultBoost)
		m.Base = roundTo(m.Base, 6)
		for _, t := range m.Trees {
			for k := range t {
				t[k].Threshold, t[k].Value = roundTo(t[k].Threshold, 6), roundTo(t[k].Value, 6)
			}
		}
	}
	bestF, bestT := -1.0, 0.5
	for t := 0.20; t < 0.951; t += 0.05 {
		m.Threshold = roundTo(t, 3)
		pred, err := clusterWith(ctx, arts, st, m)
		if err != nil {
			return nil, nil, err
		}
		f := eval.BCubed(gold, pred)
		if opt.Verbose {
			log = append(log, fmt.Sprintf("threshold %.3f: B-cubed P %.3f R %.3f F1 %.3f", m.Threshold, f.P, f.R, f.F))
		}
		if f.F > bestF+1e-9 {
			bestF, bestT = f.F, m.Threshold
		}
	}
	m.Threshold = bestT
	m.Trained = fmt.Sprintf("%s on %d comparisons (%d matches) replayed from %d reports; threshold %.3f (B-cubed F1 %.3f on those reports)",
		learner, len(ex), pos, len(arts), bestT, bestF)
	log = append(log, m.Trained)
	return m, log, nil
}

// profileCaches keep articles' profiles across the many clusterings of
// one training run (profiles depend on the articles and the stats only).
var profileCaches = map[*cluster.Stats]map[string]*cluster.Profile{}

func profileCache(st *cluster.Stats) map[string]*cluster.Profile {
	if profileCaches[st] == nil {
		profileCaches[st] = map[string]*cluster.Profile{}
	}
	return profileCaches[st]
}

// groupingMisses lists, for reading, each predicted event that mixes gold
// happenings and each gold happening split over several events, with
// the headlines.
func groupingMisses(arts []*warta.Article, gold, pred []string, rowOf map[string]eval.KeyRow) []string {
	byPred := map[string][]int{}
	byGold := map[string][]int{}
	var order []string
	for i := range arts {
		if byPred[pred[i]] == nil {
			order = append(order, pred[i])
		}
		byPred[pred[i]] = append(byPred[pred[i]], i)
		byGold[gold[i]] = append(byGold[gold[i]], i)
	}
	var out []string
	for _, pid := range order {
		is := byPred[pid]
		golds := map[string]bool{}
		for _, i := range is {
			golds[gold[i]] = true
		}
		if len(golds) < 2 {
			continue
		}
		out = append(out, fmt.Sprintf("MERGED %s (%d gold happenings):", pid, len(golds)))
		for _, i := range is {
			out = append(out, fmt.Sprintf("    %s %s %-14s %s", gold[i], arts[i].Published, arts[i].Outlet, arts[i].Title))
		}
	}
	for g, is := range byGold {
		preds := map[string]bool{}
		for _, i := range is {
			preds[pred[i]] = true
		}
		if len(preds) < 2 {
			continue
		}
		out = append(out, fmt.Sprintf("SPLIT %s into %d:", g, len(preds)))
		for _, i := range is {
			out = append(out, fmt.Sprintf("    %s %s %-14s %s", pred[i], arts[i].Published, arts[i].Outlet, arts[i].Title))
		}
	}
	return out
}

// clusterWith clusters articles in order with model m in a fresh memory
// store and returns each one's main event.
func clusterWith(ctx context.Context, arts []*warta.Article, st *cluster.Stats, m *cluster.Model) ([]string, error) {
	c := &cluster.Clusterer{Store: cluster.NewMemory(), Model: m, Stats: st, Profiles: profileCache(st)}
	out := make([]string, len(arts))
	for i, a := range arts {
		if err := c.Add(ctx, a); err != nil {
			return nil, err
		}
		out[i] = a.EventID
		if out[i] == "" {
			out[i] = "none|" + a.ID
		}
	}
	return out, c.Finish(ctx, arts)
}

func roundTo(x float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	if x < 0 {
		return -float64(int64(-x*p+0.5)) / p
	}
	return float64(int64(x*p+0.5)) / p
}

// writeEventsModel writes the term statistics and the model where the
// binary embeds them.
func writeEventsModel(dir string, t *trainedEvents) error {
	if err := writeFile(filepath.Join(dir, "df.tsv.gz"), func(w io.Writer) error { _, err := t.Stats.WriteTo(w); return err }); err != nil {
		return err
	}
	b, err := json.MarshalIndent(t.Model, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "events.json"), append(b, '\n'), 0o644)
}
