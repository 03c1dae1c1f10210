package entity

import (
	"cmp"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/text/stem"
)

// Tags the sequence tagger predicts, in BIO form over PER, ORG and LOC.
var tagSet = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}

const nTags = 7

// Tagger is a structured (averaged) perceptron over BIO tags, decoded with
// Viterbi over first-order tag transitions. Token features are hashed
// (features.go) and independent of the tags, so each token's tag scores
// are computed once and the decoder only adds transition weights. It is
// trained from CoNLL-style files by Train (warta train ner); Find uses it
// for capitalized names the rules and the knowledge file do not type.
type Tagger struct {
	// Keys are the feature hashes, sorted; Weights holds nTags weights per
	// key, in the order of Keys and tagSet.
	Keys    []uint64
	Weights []float32
	// Trans[p*nTags+c] is the weight of tag c after tag p; row nTags is
	// the sentence start.
	Trans []float32
	// Phrases are the multi-word gazetteer names the tagger was trained
	// with (lower case name → PER, ORG or LOC), kept in the model so that
	// it needs no files at run time.
	Phrases map[string]string
	// Domains are the corpora the tagger learned apart (Sentence.Domain);
	// Domain is the one Tag assumes.
	Domains []string
	Domain  string

	once  sync.Once
	lx    *lexicon
	table []int32 // open-addressing index of Keys; -1 is empty
	mask  uint64
}

// lexicon is the evidence beside the words themselves: knowledge-file and
// gazetteer names, the stemmer's dictionary and the word classes.
type lexicon struct {
	first, inner map[string]uint8 // lower-cased word → type bits (typeNames)
	isWord       func(string) bool
	// phrases are gazetteer names matched as whole spans, longest first;
	// phraseStarts gives the most words of a phrase starting with a word.
	phrases      map[string]string
	phraseStarts map[string]int
	classes      map[string]wordClass
}

var (
	baseOnce sync.Once
	baseVal  *lexicon
)

// baseLexicon is the part of the lexicon that comes from the binary: the
// knowledge file, the stemmer's dictionary and the word classes.
func baseLexicon() *lexicon {
	baseOnce.Do(func() {
		lx := &lexicon{first: map[string]uint8{}, inner: map[string]uint8{}, isWord: stem.New().IsWord}
		ks, err := loadKnowledge()
		if err == nil {
			typ := map[warta.EntityType]uint8{warta.EntityPerson: 1, warta.EntityOrganization: 2, warta.EntityLocation: 4}
			name := map[warta.EntityType]string{warta.EntityPerson: "PER", warta.EntityOrganization: "ORG", warta.EntityLocation: "LOC"}
			lx.phrases = map[string]string{}
			for _, k := range ks {
				for _, a := range append([]string{k.name}, k.aliases...) {
					if key := PhraseKey(a); key != "" && lx.phrases[key] == "" {
						lx.phrases[key] = name[k.typ]
					}
					for i, w := range strings.Fields(strings.ToLower(a)) {
						m := lx.inner
						if i == 0 {
							m = lx.first
						}
						m[w] |= typ[k.typ]
					}
				}
			}
		}
		lx.classes = defaultWordClasses()
		baseVal = lx
	})
	return baseVal
}

// withPhrases returns the base lexicon with the gazetteer phrases added
// to the knowledge file's names (which win where both have a name).
func withPhrases(phrases map[string]string) *lexicon {
	base := baseLexicon()
	lx := *base
	lx.phrases, lx.phraseStarts = map[string]string{}, map[string]int{}
	for p, t := range phrases {
		lx.phrases[p] = t
	}
	for p, t := range base.phrases {
		lx.phrases[p] = t
	}
	for p := range lx.phrases {
		ws := strings.Fields(p)
		if len(ws) > lx.phraseStarts[ws[0]] {
			lx.phraseStarts[ws[0]] = len(ws)
		}
	}
	return &lx
}

// PhraseKey is how a gazetteer name is looked up: its tokens in lower
// case, separated by single spaces ("Kementerian Luar Negeri, RI" →
// "kementerian luar negeri , ri").
func PhraseKey(name string) string {
	var b strings.Builder
	for _, t := range tokenize(name) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToLower(t.text))
	}
	return b.String()
}

// init builds the lookup table once, on first use.
func (t *Tagger) init() {
	t.once.Do(func() {
		t.lx = withPhrases(t.Phrases)
		size := 1
		for size < 2*len(t.Keys) {
			size <<= 1
		}
		t.table = make([]int32, size)
		for i := range t.table {
			t.table[i] = -1
		}
		t.mask = uint64(size - 1)
		for i, k := range t.Keys {
			j := k & t.mask
			for t.table[j] >= 0 {
				j = (j + 1) & t.mask
			}
			t.table[j] = int32(i)
		}
		if len(t.Trans) != (nTags+1)*nTags {
			t.Trans = make([]float32, (nTags+1)*nTags)
		}
	})
}

// lookup returns the weights of feature f, or nil.
func (t *Tagger) lookup(f uint64) []float32 {
	if len(t.table) == 0 {
		return nil
	}
	for j := f & t.mask; ; j = (j + 1) & t.mask {
		i := t.table[j]
		if i < 0 {
			return nil
		}
		if t.Keys[i] == f {
			return t.Weights[int(i)*nTags : int(i)*nTags+nTags]
		}
	}
}

// allowed reports whether tag c may follow tag p (p == nTags: sentence
// start) in BIO: I-X only after B-X or I-X.
func allowed(p, c int) bool {
	if c == 0 || c%2 == 1 { // O or B-X
		return true
	}
	return p != nTags && p != 0 && (p+1)/2 == c/2
}

// viterbi returns the best allowed tag sequence for emission scores em
// (nTags per token) and edge scores edge ((nTags+1)*nTags per token: tag c
// at token i after tag p, p == nTags at the start).
func viterbi(em, edge []float32, n int, out []int) {
	const e = (nTags + 1) * nTags
	score := make([]float32, n*nTags)
	back := make([]int8, n*nTags)
	neg := float32(math.Inf(-1))
	for c := 0; c < nTags; c++ {
		score[c] = neg
		if allowed(nTags, c) {
			score[c] = em[c] + edge[nTags*nTags+c]
		}
	}
	for i := 1; i < n; i++ {
		for c := 0; c < nTags; c++ {
			best, arg := neg, 0
			for p := 0; p < nTags; p++ {
				if !allowed(p, c) || score[(i-1)*nTags+p] == neg {
					continue
				}
				if s := score[(i-1)*nTags+p] + edge[i*e+p*nTags+c]; s > best {
					best, arg = s, p
				}
			}
			score[i*nTags+c] = best + em[i*nTags+c]
			back[i*nTags+c] = int8(arg)
		}
	}
	best := 0
	for c := 1; c < nTags; c++ {
		if score[(n-1)*nTags+c] > score[(n-1)*nTags+best] {
			best = c
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = best
		best = int(back[i*nTags+best])
	}
}

// sentencePool keeps feature buffers between calls of TagIn: a paragraph
// has thousands of features, and growing a fresh slice for each was most
// of the tagger's allocation.
var sentencePool = sync.Pool{New: func() any { return new(sentence) }}

// Tag returns BIO tags for tokens, tagged as text of the tagger's Domain.
func (t *Tagger) Tag(toks []string) []string { return t.TagIn(t.Domain, toks) }

// TagIn returns BIO tags for tokens of a domain: one of the corpora the
// tagger was trained on (Domains), or "" for none of them, which uses
// only the features all corpora share.
func (t *Tagger) TagIn(domain string, toks []string) []string {
	if len(toks) == 0 {
		return nil
	}
	t.init()
	if !slices.Contains(t.Domains, domain) {
		domain = ""
	}
	s := sentencePool.Get().(*sentence)
	defer sentencePool.Put(s)
	t.lx.extract(toks, domain, s)
	em := make([]float32, len(toks)*nTags)
	for i := range toks {
		sc := em[i*nTags : i*nTags+nTags]
		for _, f := range s.feats[s.off[i]:s.off[i+1]] {
			if ws := t.lookup(f); ws != nil {
				for k, v := range ws {
					sc[k] += v
				}
			}
		}
	}
	const e = (nTags + 1) * nTags
	edge := make([]float32, len(toks)*e)
	for i := range toks {
		ed := edge[i*e : i*e+e]
		copy(ed, t.Trans)
		for _, f := range s.pairs[s.poff[i]:s.poff[i+1]] {
			for p := 0; p <= nTags; p++ {
				if ws := t.lookup(mix(f, uint64(p))); ws != nil {
					for k, v := range ws {
						ed[p*nTags+k] += v
					}
				}
			}
		}
	}
	path := make([]int, len(toks))
	viterbi(em, edge, len(toks), path)
	out := make([]string, len(toks))
	for i, k := range path {
		out[i] = tagSet[k]
	}
	return out
}

// TrainOptions configure Train.
type TrainOptions struct {
	Epochs int // default 10
	// Prune drops features whose averaged weights are all below this
	// magnitude (default 2: it keeps a quarter of the features, and the
	// model a few MB, at a cost within the noise of the validation sets).
	Prune float32
	// Phrases are gazetteer names (lower case → PER, ORG or LOC) matched
	// as whole spans; the model keeps them.
	Phrases map[string]string
	Seed    uint64 // of the order sentences are seen in
	// Bags is how many taggers, each seeing the sentences in another
	// order, are trained and averaged into one (default 1). Averaging
	// evens out the perceptron's dependence on the order.
	Bags int
	// Domain is the domain Tag assumes (TagIn for another).
	Domain string
}

// tagIndex maps a tag to its index in tagSet.
func tagIndex(tag string) int {
	for i, t := range tagSet {
		if t == tag {
			return i
		}
	}
	return 0
}

// goldPath turns tags into indices, repairing I-X that follows neither
// B-X nor I-X into B-X so that the gold path is one the decoder allows.
func goldPath(tags []string) []int {
	out := make([]int, len(tags))
	prev := nTags
	for i, tg := range tags {
		c := tagIndex(tg)
		if !allowed(prev, c) {
			c--
		}
		out[i], prev = c, c
	}
	return out
}

// Train learns a tagger from sentences with the averaged structured
// perceptron: decode each sentence with the current weights and, where
// the best path differs from the gold one, move the weights toward gold.
// The order of sentences comes from Seed, so a run is reproducible.
func Train(sents []Sentence, opt TrainOptions) *Tagger {
	if opt.Epochs == 0 {
		opt.Epochs = 10
	}
	if opt.Prune == 0 {
		opt.Prune = 2
	}
	if opt.Bags == 0 {
		opt.Bags = 1
	}
	lx := withPhrases(opt.Phrases)
	// Token features do not depend on the tags: extract them once and
	// number them, so that the epochs work on dense arrays. A pair feature
	// gets one number per previous tag.
	fs := &featureSpace{idx: map[uint64]int32{}}
	data := make([]trainSentence, len(sents))
	var s sentence
	for i, st := range sents {
		lx.extract(st.Tokens, st.Domain, &s)
		d := trainSentence{gold: goldPath(st.Tags), off: []int32{0}, poff: []int32{0}}
		for t := range st.Tokens {
			for _, f := range s.feats[s.off[t]:s.off[t+1]] {
				d.feats = append(d.feats, fs.number(f))
			}
			d.off = append(d.off, int32(len(d.feats)))
			for _, f := range s.pairs[s.poff[t]:s.poff[t+1]] {
				for p := 0; p <= nTags; p++ {
					d.pairs = append(d.pairs, fs.number(mix(f, uint64(p))))
				}
			}
			d.poff = append(d.poff, int32(len(d.pairs)))
		}
		data[i] = d
	}
	var domains []string
	for _, st := range sents {
		if st.Domain != "" && !slices.Contains(domains, st.Domain) {
			domains = append(domains, st.Domain)
		}
	}
	// Bags: the same data in other orders, weights averaged at the end.
	sum := make([]float64, len(fs.keys)*nTags)
	trans := make([]float64, (nTags+1)*nTags)
	for b := 0; b < opt.Bags; b++ {
		w, tr := trainOrder(data, len(fs.keys), opt.Epochs, opt.Seed+uint64(b)*1000)
		for i, v := range w {
			sum[i] += v / float64(opt.Bags)
		}
		for i, v := range tr {
			trans[i] += v / float64(opt.Bags)
		}
	}
	t := &Tagger{Trans: make([]float32, (nTags+1)*nTags), Phrases: opt.Phrases, Domains: domains, Domain: opt.Domain}
	order := make([]int, 0, len(fs.keys))
	for i := range fs.keys {
		for k := 0; k < nTags; k++ {
			if a := sum[i*nTags+k]; a > float64(opt.Prune) || a < -float64(opt.Prune) {
				order = append(order, i)
				break
			}
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(fs.keys[a], fs.keys[b]) })
	t.Keys = make([]uint64, len(order))
	t.Weights = make([]float32, len(order)*nTags)
	for j, i := range order {
		t.Keys[j] = fs.keys[i]
		for k := 0; k < nTags; k++ {
			t.Weights[j*nTags+k] = quantize(float32(sum[i*nTags+k]))
		}
	}
	for k, v := range trans {
		t.Trans[k] = float32(v)
	}
	return t
}

// featureSpace numbers feature hashes in order of first sight.
type featureSpace struct {
	idx  map[uint64]int32
	keys []uint64
}

func (fs *featureSpace) number(f uint64) int32 {
	i, ok := fs.idx[f]
	if !ok {
		i = int32(len(fs.keys))
		fs.idx[f] = i
		fs.keys = append(fs.keys, f)
	}
	return i
}

// trainSentence is a sentence's numbered features and gold tags: token i
// has feats[off[i]:off[i+1]] and pairs[poff[i]:poff[i+1]], the latter
// nTags+1 numbers (one per previous tag) per pair feature.
type trainSentence struct {
	feats, pairs []int32
	off, poff    []int32
	gold         []int
}

// trainOrder runs the perceptron over data in an order drawn from seed
// and returns the averaged weights (nTags per feature) and transitions.
func trainOrder(data []trainSentence, nfeat, epochs int, seed uint64) ([]float64, []float64) {
	const e = (nTags + 1) * nTags
	w := make([]float32, nfeat*nTags) // current weights: whole numbers, exact in float32
	u := make([]float64, nfeat*nTags) // step-weighted updates, for the average (Daumé 2006)
	trans, transU := make([]float64, e), make([]float64, e)
	c := 1.0
	update := func(f int32, k int, d float32) {
		w[int(f)*nTags+k] += d
		u[int(f)*nTags+k] += c * float64(d)
	}
	rng := rand.New(rand.NewPCG(seed, 0x7a66e5))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	var em, edge []float32
	var path []int
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, si := range order {
			d := &data[si]
			n := len(d.gold)
			if n == 0 {
				continue
			}
			em = append(em[:0], make([]float32, n*nTags)...)
			edge = append(edge[:0], make([]float32, n*e)...)
			for i := 0; i < n; i++ {
				sc := em[i*nTags : i*nTags+nTags]
				for _, f := range d.feats[d.off[i]:d.off[i+1]] {
					ws := w[int(f)*nTags : int(f)*nTags+nTags]
					for k, v := range ws {
						sc[k] += v
					}
				}
				ed := edge[i*e : i*e+e]
				for k := range ed {
					ed[k] = float32(trans[k])
				}
				ps := d.pairs[d.poff[i]:d.poff[i+1]]
				for j, f := range ps {
					p := j % (nTags + 1)
					ws := w[int(f)*nTags : int(f)*nTags+nTags]
					for k, v := range ws {
						ed[p*nTags+k] += v
					}
				}
			}
			path = append(path[:0], make([]int, n)...)
			viterbi(em, edge, n, path)
			for i := 0; i < n; i++ {
				g, p := d.gold[i], path[i]
				if g != p {
					for _, f := range d.feats[d.off[i]:d.off[i+1]] {
						update(f, g, 1)
						update(f, p, -1)
					}
				}
				gp, pp := nTags, nTags
				if i > 0 {
					gp, pp = d.gold[i-1], path[i-1]
				}
				if g != p || gp != pp {
					ps := d.pairs[d.poff[i]:d.poff[i+1]]
					for j := 0; j < len(ps); j += nTags + 1 {
						update(ps[j+gp], g, 1)
						update(ps[j+pp], p, -1)
					}
					trans[gp*nTags+g]++
					transU[gp*nTags+g] += c
					trans[pp*nTags+p]--
					transU[pp*nTags+p] -= c
				}
			}
			c++
		}
	}
	avg := make([]float64, len(w))
	for i := range w {
		avg[i] = float64(w[i]) - u[i]/c
	}
	for k := range trans {
		trans[k] -= transU[k] / c
	}
	return avg, trans
}

// weightScale is the step of stored weights: they are kept as int16
// multiples of 1/256 (averaged weights stay within ±60), which halves
// the model and changes no tag on the validation data.
const weightScale = 256

// quantize rounds w to what Save can store.
func quantize(w float32) float32 {
	q := math.Round(float64(w) * weightScale)
	q = max(math.MinInt16, min(math.MaxInt16, q))
	return float32(q / weightScale)
}

// taggerFile is the stored form of a Tagger: feature keys as gaps
// between sorted keys, weights as int16.
type taggerFile struct {
	KeyGaps []uint64
	Weights []int16
	Trans   []float32
	Phrases map[string]string
	Domains []string
	Domain  string
}

// Save writes the tagger as gzip-compressed gob.
func (t *Tagger) Save(w io.Writer) error {
	tf := taggerFile{KeyGaps: make([]uint64, len(t.Keys)), Weights: make([]int16, len(t.Weights)), Trans: t.Trans,
		Phrases: t.Phrases, Domains: t.Domains, Domain: t.Domain}
	var last uint64
	for i, k := range t.Keys {
		if k < last {
			return fmt.Errorf("encode tagger: keys not sorted")
		}
		tf.KeyGaps[i], last = k-last, k
	}
	for i, v := range t.Weights {
		tf.Weights[i] = int16(math.Round(float64(quantize(v)) * weightScale))
	}
	zw := gzip.NewWriter(w)
	if err := gob.NewEncoder(zw).Encode(&tf); err != nil {
		return fmt.Errorf("encode tagger: %w", err)
	}
	return zw.Close()
}

// LoadTagger reads a tagger written by Save.
func LoadTagger(r io.Reader) (*Tagger, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read tagger: %w", err)
	}
	var tf taggerFile
	if err := gob.NewDecoder(zr).Decode(&tf); err != nil {
		return nil, fmt.Errorf("decode tagger: %w", err)
	}
	if len(tf.Weights) != len(tf.KeyGaps)*nTags || len(tf.Trans) != (nTags+1)*nTags {
		return nil, fmt.Errorf("decode tagger: %d weights and %d transitions for %d features", len(tf.Weights), len(tf.Trans), len(tf.KeyGaps))
	}
	t := &Tagger{Keys: make([]uint64, len(tf.KeyGaps)), Weights: make([]float32, len(tf.Weights)), Trans: tf.Trans,
		Phrases: tf.Phrases, Domains: tf.Domains, Domain: tf.Domain}
	var k uint64
	for i, g := range tf.KeyGaps {
		k += g
		t.Keys[i] = k
	}
	for i, v := range tf.Weights {
		t.Weights[i] = float32(v) / weightScale
	}
	return t, nil
}
