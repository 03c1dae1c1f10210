package entity

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Word classes give the tagger what 3,000 annotated sentences cannot: that
// "Persebaya" and "Arema" are used alike, and that "Sleman" is written
// capitalized in running text. They are built from unlabeled news
// (`warta train words`), by clustering words on the words around them:
// positive PMI over the ±2 neighbours among the most frequent words,
// reduced by a randomized SVD and split top-down by spherical k-means, so
// that each finer class lies inside one coarser class, like the prefixes
// of Brown clusters. Brown clustering itself is a few hours of CPU at
// this vocabulary; this takes under a minute.

// numGrains is how many clusterings of the vocabulary there are, coarse
// to fine.
const numGrains = 4

// wordClass is what the unlabeled news says about a word.
type wordClass struct {
	class [numGrains]uint16
	// capRatio is the share of the word's mid-sentence occurrences that
	// are capitalized, in buckets 1..6; 0 when it never occurs
	// mid-sentence.
	capRatio uint8
}

// wordClassFile is the embedded result of `warta train words`.
const wordClassFile = "model/words.tsv.gz"

func defaultWordClasses() map[string]wordClass {
	f, err := modelFS.Open(wordClassFile)
	if err != nil {
		return nil
	}
	defer f.Close()
	wc, err := ReadWordClasses(f)
	if err != nil {
		return nil
	}
	return wc.byWord
}

// WordClasses maps words (lower case) to their classes.
type WordClasses struct {
	words  []string // most frequent first
	byWord map[string]wordClass
}

// Len is the number of words with classes.
func (wc *WordClasses) Len() int { return len(wc.words) }

// Write writes the classes as gzip-compressed lines "word TAB class per
// grain TAB capitalization bucket", most frequent word first.
func (wc *WordClasses) Write(w io.Writer) error {
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for _, word := range wc.words {
		c := wc.byWord[word]
		bw.WriteString(word)
		for _, k := range c.class {
			bw.WriteByte('\t')
			bw.WriteString(strconv.Itoa(int(k)))
		}
		bw.WriteByte('\t')
		bw.WriteString(strconv.Itoa(int(c.capRatio)))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write word classes: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write word classes: %w", err)
	}
	return nil
}

// ReadWordClasses reads what Write wrote. It runs in every process that
// tags text, so it parses the lines in place and sizes the map once:
// strings.Split per line and the map growing in steps took two thirds of
// its time.
func ReadWordClasses(r io.Reader) (*WordClasses, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read word classes: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read word classes: %w", err)
	}
	// One string holds every word; the map keys are slices of it.
	text := string(data)
	lines := strings.Count(text, "\n") + 1
	wc := &WordClasses{words: make([]string, 0, lines), byWord: make(map[string]wordClass, lines)}
	for n := 1; text != ""; n++ {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		c, word, err := parseWordClass(line)
		if err != nil {
			return nil, fmt.Errorf("read word classes: line %d: %w", n, err)
		}
		wc.words = append(wc.words, word)
		wc.byWord[word] = c
	}
	return wc, nil
}

// parseWordClass reads one line "word TAB class per grain TAB
// capitalization bucket".
func parseWordClass(line string) (wordClass, string, error) {
	var c wordClass
	word, rest, ok := strings.Cut(line, "\t")
	for g := 0; g <= numGrains; g++ {
		var f string
		if !ok {
			return c, "", fmt.Errorf("want %d columns, got %d", numGrains+2, g+1)
		}
		f, rest, ok = strings.Cut(rest, "\t")
		bits := 16
		if g == numGrains {
			bits = 8
		}
		k, err := strconv.ParseUint(f, 10, bits)
		if err != nil {
			return c, "", err
		}
		if g < numGrains {
			c.class[g] = uint16(k)
		} else {
			c.capRatio = uint8(k)
		}
	}
	if ok {
		return c, "", fmt.Errorf("want %d columns, got more", numGrains+2)
	}
	return c, word, nil
}

// Class returns the classes of a word (lower case), coarse to fine, and
// false for a word without classes.
func (wc *WordClasses) Class(word string) ([]int, bool) {
	c, ok := wc.byWord[word]
	if !ok {
		return nil, false
	}
	out := make([]int, numGrains)
	for g := range out {
		out[g] = int(c.class[g])
	}
	return out, true
}

// WordCounter collects the text word classes are built from.
type WordCounter struct {
	ids    map[string]int32
	words  []string
	freq   []int64
	mid    []int32 // mid-sentence occurrences (after a word)
	capMid []int32 // of which capitalized
	stream []int32 // token ids, -1 between texts
}

// NewWordCounter returns an empty counter.
func NewWordCounter() *WordCounter { return &WordCounter{ids: map[string]int32{}} }

// Add counts the words of one text.
func (wc *WordCounter) Add(text string) {
	prevWord := false
	for _, t := range tokenize(text) {
		lw := strings.ToLower(t.text)
		id, ok := wc.ids[lw]
		if !ok {
			id = int32(len(wc.words))
			wc.ids[lw] = id
			wc.words = append(wc.words, lw)
			wc.freq = append(wc.freq, 0)
			wc.mid = append(wc.mid, 0)
			wc.capMid = append(wc.capMid, 0)
		}
		wc.freq[id]++
		if t.word && prevWord {
			wc.mid[id]++
			if isCap(t.text) {
				wc.capMid[id]++
			}
		}
		prevWord = t.word
		wc.stream = append(wc.stream, id)
	}
	wc.stream = append(wc.stream, -1)
}

// Tokens is the number of tokens counted.
func (wc *WordCounter) Tokens() int { return len(wc.stream) }

// WordClassOptions configure Classes. Zero values take the defaults.
type WordClassOptions struct {
	MinCount int    // words seen fewer times get no class (default 3)
	Contexts int    // the most frequent words used as contexts (default 1000)
	Dims     int    // SVD dimensions (default 50)
	Fanout   []int  // classes per grain: the first splits all words, each next one splits every class (default 64, 4, 4)
	Seed     uint64 // for the random projection and k-means (default 1)
	Workers  int    // goroutines for the matrix products (default 2)
}

// Classes clusters the counted words. The result depends only on the text
// and the options: random numbers come from Seed and work is split
// between goroutines so that sums are taken in a fixed order.
func (wc *WordCounter) Classes(opt WordClassOptions) *WordClasses {
	if opt.MinCount == 0 {
		opt.MinCount = 3
	}
	if opt.Contexts == 0 {
		opt.Contexts = 1000
	}
	if opt.Dims == 0 {
		opt.Dims = 50
	}
	if len(opt.Fanout) == 0 {
		opt.Fanout = []int{32, 4, 4, 4}
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	// Words by frequency, ties by spelling so the order is total.
	order := make([]int32, len(wc.words))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool {
		fa, fb := wc.freq[order[a]], wc.freq[order[b]]
		if fa != fb {
			return fa > fb
		}
		return wc.words[order[a]] < wc.words[order[b]]
	})
	row := make([]int32, len(wc.words)) // word id → row, -1 if not clustered
	ctx := make([]int32, len(wc.words)) // word id → context index, -1 if not a context
	for i := range row {
		row[i], ctx[i] = -1, -1
	}
	var vocab []int32
	for i, id := range order {
		if wc.freq[id] < int64(opt.MinCount) || !hasLetter(wc.words[id]) {
			continue
		}
		row[id] = int32(len(vocab))
		vocab = append(vocab, id)
		_ = i
	}
	nc := 0
	for _, id := range order {
		if nc == opt.Contexts {
			break
		}
		ctx[id] = int32(nc)
		nc++
	}
	x := cooccurrence(wc.stream, row, ctx, len(vocab), nc)
	x.ppmi(0.75)
	emb := x.embed(opt.Dims, opt.Seed, opt.Workers)
	classes := topDown(emb, len(vocab), opt.Dims, opt.Fanout, opt.Seed)
	out := &WordClasses{byWord: map[string]wordClass{}}
	for r, id := range vocab {
		w := wc.words[id]
		c := wordClass{capRatio: capBucket(wc.mid[id], wc.capMid[id])}
		for g := 0; g < numGrains && g < len(classes); g++ {
			c.class[g] = uint16(classes[g][r])
		}
		out.words = append(out.words, w)
		out.byWord[w] = c
	}
	return out
}

func hasLetter(w string) bool {
	for _, r := range w {
		if r >= 'a' && r <= 'z' || r > 127 {
			return true
		}
	}
	return false
}

// capBucket buckets the share of capitalized mid-sentence occurrences.
func capBucket(mid, capMid int32) uint8 {
	if mid == 0 {
		return 0
	}
	r := float64(capMid) / float64(mid)
	switch {
	case r < 0.02:
		return 1
	case r < 0.2:
		return 2
	case r < 0.5:
		return 3
	case r < 0.8:
		return 4
	case r < 0.98:
		return 5
	}
	return 6
}

// sparse is a CSR matrix.
type sparse struct {
	rows, cols int
	ptr        []int
	col        []int32
	val        []float64
}

// cooccurrence counts, for each clustered word, the context words at
// offsets -2, -1, +1, +2 (a column block per offset).
func cooccurrence(stream, row, ctx []int32, rows, nc int) *sparse {
	var keys []uint64
	offsets := []int{-2, -1, 1, 2}
	for i, id := range stream {
		if id < 0 || row[id] < 0 {
			continue
		}
		for b, o := range offsets {
			j := i + o
			if j < 0 || j >= len(stream) {
				continue
			}
			// Do not look across a text boundary.
			if o < 0 && slices.Contains(stream[j:i], -1) || o > 0 && slices.Contains(stream[i+1:j+1], -1) {
				continue
			}
			c := ctx[stream[j]]
			if c < 0 {
				continue
			}
			keys = append(keys, uint64(row[id])<<32|uint64(b*nc+int(c)))
		}
	}
	slices.Sort(keys)
	m := &sparse{rows: rows, cols: 4 * nc, ptr: make([]int, rows+1)}
	for i := 0; i < len(keys); {
		j := i
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		r := int(keys[i] >> 32)
		m.ptr[r+1]++
		m.col = append(m.col, int32(keys[i]&0xffffffff))
		m.val = append(m.val, float64(j-i))
		i = j
	}
	for r := 0; r < rows; r++ {
		m.ptr[r+1] += m.ptr[r]
	}
	return m
}

// ppmi replaces counts by positive PMI with context-distribution
// smoothing alpha (Levy, Goldberg & Dagan 2015).
func (m *sparse) ppmi(alpha float64) {
	rowSum := make([]float64, m.rows)
	colSum := make([]float64, m.cols)
	total := 0.0
	for r := 0; r < m.rows; r++ {
		for k := m.ptr[r]; k < m.ptr[r+1]; k++ {
			rowSum[r] += m.val[k]
			colSum[m.col[k]] += m.val[k]
			total += m.val[k]
		}
	}
	colTotal := 0.0
	for c := range colSum {
		colSum[c] = math.Pow(colSum[c], alpha)
		colTotal += colSum[c]
	}
	for r := 0; r < m.rows; r++ {
		for k := m.ptr[r]; k < m.ptr[r+1]; k++ {
			pmi := math.Log(m.val[k] * colTotal / (rowSum[r] * colSum[m.col[k]]))
			m.val[k] = max(0, pmi)
		}
	}
}

// transpose returns the CSR form of the transposed matrix.
func (m *sparse) transpose() *sparse {
	t := &sparse{rows: m.cols, cols: m.rows, ptr: make([]int, m.cols+1), col: make([]int32, len(m.col)), val: make([]float64, len(m.val))}
	for _, c := range m.col {
		t.ptr[c+1]++
	}
	for c := 0; c < m.cols; c++ {
		t.ptr[c+1] += t.ptr[c]
	}
	next := slices.Clone(t.ptr[:m.cols])
	for r := 0; r < m.rows; r++ {
		for k := m.ptr[r]; k < m.ptr[r+1]; k++ {
			c := m.col[k]
			t.col[next[c]] = int32(r)
			t.val[next[c]] = m.val[k]
			next[c]++
		}
	}
	return t
}

// mul returns m·d for a dense d (m.cols × l, row-major), splitting rows
// between workers.
func (m *sparse) mul(d []float64, l, workers int) []float64 {
	out := make([]float64, m.rows*l)
	var wg sync.WaitGroup
	chunk := (m.rows + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min(m.rows, (w+1)*chunk)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := lo; r < hi; r++ {
				o := out[r*l : r*l+l]
				for k := m.ptr[r]; k < m.ptr[r+1]; k++ {
					v, src := m.val[k], d[int(m.col[k])*l:int(m.col[k])*l+l]
					for j := range o {
						o[j] += v * src[j]
					}
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// orthonormalize makes the l columns of a (n × l, row-major) orthonormal
// by modified Gram-Schmidt.
func orthonormalize(a []float64, n, l int) {
	for j := 0; j < l; j++ {
		for p := 0; p < j; p++ {
			dot := 0.0
			for i := 0; i < n; i++ {
				dot += a[i*l+j] * a[i*l+p]
			}
			for i := 0; i < n; i++ {
				a[i*l+j] -= dot * a[i*l+p]
			}
		}
		norm := 0.0
		for i := 0; i < n; i++ {
			norm += a[i*l+j] * a[i*l+j]
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			continue
		}
		for i := 0; i < n; i++ {
			a[i*l+j] /= norm
		}
	}
}

// embed returns unit-length rows of the top dims left singular vectors
// of m scaled by the square roots of their singular values (Halko,
// Martinsson & Tropp's randomized SVD with two power iterations).
func (m *sparse) embed(dims int, seed uint64, workers int) []float64 {
	l := dims + 20
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	omega := make([]float64, m.cols*l)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	mt := m.transpose()
	y := m.mul(omega, l, workers)
	orthonormalize(y, m.rows, l)
	for it := 0; it < 2; it++ {
		z := mt.mul(y, l, workers)
		orthonormalize(z, m.cols, l)
		y = m.mul(z, l, workers)
		orthonormalize(y, m.rows, l)
	}
	// B = Qᵀ·m is l × cols; its transpose is mᵀ·Q.
	bt := mt.mul(y, l, workers)
	// B·Bᵀ (l × l), symmetric.
	g := make([]float64, l*l)
	for i := 0; i < l; i++ {
		for j := i; j < l; j++ {
			s := 0.0
			for c := 0; c < m.cols; c++ {
				s += bt[c*l+i] * bt[c*l+j]
			}
			g[i*l+j], g[j*l+i] = s, s
		}
	}
	vals, vecs := jacobi(g, l)
	idx := make([]int, l)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return vals[idx[a]] > vals[idx[b]] })
	emb := make([]float64, m.rows*dims)
	for r := 0; r < m.rows; r++ {
		for d := 0; d < dims; d++ {
			k := idx[d]
			s := 0.0
			for j := 0; j < l; j++ {
				s += y[r*l+j] * vecs[j*l+k]
			}
			emb[r*dims+d] = s * math.Pow(max(vals[k], 0), 0.25) // U·Σ^½, Σ = √λ
		}
		normalize(emb[r*dims : r*dims+dims])
	}
	return emb
}

func normalize(v []float64) {
	n := 0.0
	for _, x := range v {
		n += x * x
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i] /= n
	}
}

// jacobi returns the eigenvalues and eigenvectors (columns of a row-major
// n × n matrix) of the symmetric matrix a by cyclic Jacobi rotations.
func jacobi(a []float64, n int) ([]float64, []float64) {
	a = slices.Clone(a)
	v := make([]float64, n*n)
	for i := 0; i < n; i++ {
		v[i*n+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				off += a[p*n+q] * a[p*n+q]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				apq := a[p*n+q]
				if math.Abs(apq) < 1e-300 {
					continue
				}
				theta := (a[q*n+q] - a[p*n+p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < n; k++ {
					akp, akq := a[k*n+p], a[k*n+q]
					a[k*n+p], a[k*n+q] = c*akp-s*akq, s*akp+c*akq
				}
				for k := 0; k < n; k++ {
					apk, aqk := a[p*n+k], a[q*n+k]
					a[p*n+k], a[q*n+k] = c*apk-s*aqk, s*apk+c*aqk
				}
				for k := 0; k < n; k++ {
					vkp, vkq := v[k*n+p], v[k*n+q]
					v[k*n+p], v[k*n+q] = c*vkp-s*vkq, s*vkp+c*vkq
				}
			}
		}
	}
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = a[i*n+i]
	}
	return vals, v
}

// topDown clusters the unit rows of emb: fanout[0] classes over all rows,
// then every class split into fanout[1], and so on. It returns the class
// of every row at each grain; class numbers of a grain are global.
func topDown(emb []float64, n, dims int, fanout []int, seed uint64) [][]int {
	out := make([][]int, len(fanout))
	members := [][]int{make([]int, n)}
	for i := range members[0] {
		members[0][i] = i
	}
	for g, k := range fanout {
		out[g] = make([]int, n)
		var next [][]int
		for _, ms := range members {
			parts := kmeans(emb, dims, ms, k, seed+uint64(g*100000+len(next)))
			for _, p := range parts {
				for _, r := range p {
					out[g][r] = len(next)
				}
				next = append(next, p)
			}
		}
		members = next
	}
	return out
}

// kmeans splits rows (indices into emb) into at most k groups by
// spherical k-means, seeded by k-means++ from seed. Empty groups are
// dropped; the groups come out in order of their first member.
func kmeans(emb []float64, dims int, rows []int, k int, seed uint64) [][]int {
	if len(rows) <= k {
		out := make([][]int, len(rows))
		for i, r := range rows {
			out[i] = []int{r}
		}
		return out
	}
	rng := rand.New(rand.NewPCG(seed, 0xc1a55))
	cent := make([]float64, k*dims)
	dist := make([]float64, len(rows))
	first := rows[rng.IntN(len(rows))]
	copy(cent[:dims], emb[first*dims:first*dims+dims])
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	for c := 1; c < k; c++ {
		total := 0.0
		for i, r := range rows {
			d := 1 - dot(emb[r*dims:r*dims+dims], cent[(c-1)*dims:c*dims])
			dist[i] = min(dist[i], max(d, 0))
			total += dist[i]
		}
		x := rng.Float64() * total
		pick := len(rows) - 1
		for i := range rows {
			x -= dist[i]
			if x <= 0 {
				pick = i
				break
			}
		}
		copy(cent[c*dims:(c+1)*dims], emb[rows[pick]*dims:rows[pick]*dims+dims])
	}
	assign := make([]int, len(rows))
	for it := 0; it < 25; it++ {
		changed := 0
		for i, r := range rows {
			v := emb[r*dims : r*dims+dims]
			best, bs := 0, math.Inf(-1)
			for c := 0; c < k; c++ {
				if s := dot(v, cent[c*dims:(c+1)*dims]); s > bs {
					best, bs = c, s
				}
			}
			if it == 0 || assign[i] != best {
				changed++
			}
			assign[i] = best
		}
		if changed == 0 {
			break
		}
		clear(cent)
		for i, r := range rows {
			c := cent[assign[i]*dims : assign[i]*dims+dims]
			for d, x := range emb[r*dims : r*dims+dims] {
				c[d] += x
			}
		}
		for c := 0; c < k; c++ {
			normalize(cent[c*dims : (c+1)*dims])
		}
	}
	groups := map[int]int{}
	var out [][]int
	for i, r := range rows {
		gi, ok := groups[assign[i]]
		if !ok {
			gi = len(out)
			groups[assign[i]] = gi
			out = append(out, nil)
		}
		out[gi] = append(out[gi], r)
	}
	return out
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// AddTokens counts one sentence that is already split into tokens.
func (wc *WordCounter) AddTokens(toks []string) {
	wc.Add(strings.Join(toks, " "))
}
