package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/warta-news/warta"
)

// Repeats tells, for an outlet, on how many other pages each line hash
// occurs and how many other pages of the outlet are known.
type Repeats func(outlet string, hashes []uint64) (counts map[uint64]int, pages int)

// Stages are the analysis steps, in data-flow order. Extract turns a
// document into an article; each Enrich step adds to it (language,
// entities, dates, quotes, events). All must be safe for concurrent use.
type Stages struct {
	Extract   func(doc *warta.Document, repeats Repeats) (*warta.Article, []warta.Problem)
	PageLines func(doc *warta.Document) []uint64
	Enrich    []func(a *warta.Article) []warta.Problem
	// Connect runs once over a whole batch after enrichment (clustering);
	// it may be nil. It reads and writes cs, which holds its writes for
	// the batch's commit when the store commits batches atomically (cs is
	// nil when the pipeline has no store).
	Connect func(ctx context.Context, cs warta.ClusterStore, as []*warta.Article) error
}

// Pipeline analyzes batches of documents, optionally storing the results.
type Pipeline struct {
	Stages Stages
	// Store receives documents, articles and problems; nil analyzes only.
	Store warta.Store
	// Workers bounds concurrency; 0 means one per CPU.
	Workers int
	// Progress, when set, is called after each document with the running
	// count and the batch size. It must be cheap.
	Progress func(done, total int)
	Logger   *slog.Logger

	mu    sync.Mutex
	lines map[string]*outletLines // line counts per outlet, cached from the store
	gen   int64                   // store generation the cache reflects (BatchCommitter stores)
}

type outletLines struct {
	counts map[uint64]int
	pages  int
	loaded map[uint64]bool // hashes already fetched from the store
}

// Result is what one batch produced.
type Result struct {
	Articles []*warta.Article // in input order; nil where extraction failed
	New      int              // documents that were not in the store before
	Problems []warta.Problem
}

func (p *Pipeline) logger() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.Default().With("component", "pipeline")
}

func (p *Pipeline) workers() int {
	if p.Workers > 0 {
		return p.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// conflictRetries bounds how often a batch is analyzed again because
// another process committed first; each retry sees that process's work.
const conflictRetries = 20

// Ingest stores docs (a no-op for documents already stored, unless force)
// and analyzes the new ones. Problems are stored too. When the store is a
// warta.BatchCommitter, the documents and everything derived from them
// are committed in one transaction: a batch interrupted by an error, a
// cancelled ctx or a crash leaves nothing behind, and the next run
// analyzes its documents as new.
func (p *Pipeline) Ingest(ctx context.Context, docs []*warta.Document, force bool) (*Result, error) {
	return p.ingest(ctx, docs, force, false)
}

// Reprocess is Ingest of already stored documents for a reprocess: they
// are analyzed again, and the commit records the batch's last document as
// the point to resume after.
func (p *Pipeline) Reprocess(ctx context.Context, docs []*warta.Document) (*Result, error) {
	return p.ingest(ctx, docs, true, true)
}

func (p *Pipeline) ingest(ctx context.Context, docs []*warta.Document, force, reprocess bool) (*Result, error) {
	bc, ok := p.Store.(warta.BatchCommitter)
	if !ok {
		return p.ingestLoose(ctx, docs, force)
	}
	for try := 0; ; try++ {
		unlock, err := bc.LockBatch(ctx)
		if err != nil {
			return nil, err
		}
		res, err := p.ingestAtomic(ctx, bc, docs, force, reprocess)
		unlock()
		if err == nil {
			return res, nil
		}
		p.dropCache()
		if warta.ErrorCode(err) != warta.ECONFLICT || try == conflictRetries {
			return nil, err
		}
		p.logger().Debug("batch analyzed again: the store moved on", "docs", len(docs), "try", try+1, "reason", err)
	}
}

// dropCache forgets the cached line counts; they are read again from the
// store.
func (p *Pipeline) dropCache() {
	p.mu.Lock()
	p.lines = nil
	p.mu.Unlock()
}

// ingestAtomic analyzes the batch against the store as of one generation,
// holding every write, and commits it all at once.
func (p *Pipeline) ingestAtomic(ctx context.Context, bc warta.BatchCommitter, docs []*warta.Document, force, reprocess bool) (*Result, error) {
	gen, err := bc.Generation(ctx)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	if gen != p.gen {
		p.lines = nil // another process committed: the cache is stale
		p.gen = gen
	}
	p.mu.Unlock()
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	stored, err := bc.StoredDocuments(ctx, ids)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	created := make([]bool, len(docs))
	seen := make(map[string]bool, len(docs))
	var todo []*warta.Document
	for i, d := range docs {
		created[i] = !stored[d.ID] && !seen[d.ID]
		if created[i] {
			res.New++
		}
		if created[i] || (force && !seen[d.ID]) {
			todo = append(todo, d)
		}
		seen[d.ID] = true
	}
	held := &heldWrites{Store: p.Store, lines: map[string]warta.LineBatch{}}
	r, err := p.analyze(ctx, held, todo)
	if err != nil {
		return nil, err
	}
	b := &warta.Batch{Gen: gen, Documents: docs, New: created, Lines: held.lines, Problems: r.Problems,
		Signatures: held.sigs, Events: held.events, Reprocess: reprocess}
	for _, a := range r.Articles {
		if a != nil {
			b.Articles = append(b.Articles, a)
		}
	}
	next, err := bc.CommitBatch(ctx, b)
	if err != nil {
		return nil, fmt.Errorf("commit batch: %w", err)
	}
	p.mu.Lock()
	p.gen = next
	p.mu.Unlock()
	res.Articles, res.Problems = r.Articles, r.Problems
	return res, nil
}

// heldWrites is the store as the stages of one batch see it: reads go to
// the store, line counts and cluster writes wait in memory for the commit.
type heldWrites struct {
	warta.Store
	lines  map[string]warta.LineBatch
	sigs   []warta.SignedKeys
	events []warta.EventKeys
}

func (h *heldWrites) AddLines(_ context.Context, outlet string, counts map[uint64]int, pages int) error {
	b := h.lines[outlet]
	if b.Counts == nil {
		b.Counts = make(map[uint64]int, len(counts))
	}
	for k, n := range counts {
		b.Counts[k] += n
	}
	b.Pages += pages
	h.lines[outlet] = b
	return nil
}

// PutClusterBatch implements warta.ClusterBatcher: cluster.Batch flushes
// here once per batch.
func (h *heldWrites) PutClusterBatch(_ context.Context, sigs []warta.SignedKeys, events []warta.EventKeys) error {
	h.sigs = append(h.sigs, sigs...)
	h.events = append(h.events, events...)
	return nil
}

func (h *heldWrites) PutSignature(_ context.Context, s warta.Signed, bandKeys []uint64) error {
	h.sigs = append(h.sigs, warta.SignedKeys{Signed: s, BandKeys: bandKeys})
	return nil
}

func (h *heldWrites) PutEvent(_ context.Context, e *warta.EventRecord, keys []string) error {
	h.events = append(h.events, warta.EventKeys{Event: e, Keys: keys})
	return nil
}

// ingestLoose is Ingest for stores without atomic batches: documents,
// articles and problems are written one after the other.
func (p *Pipeline) ingestLoose(ctx context.Context, docs []*warta.Document, force bool) (*Result, error) {
	todo := docs
	res := &Result{}
	if p.Store != nil {
		created, err := p.Store.PutDocuments(ctx, docs)
		if err != nil {
			return nil, fmt.Errorf("store documents: %w", err)
		}
		if !force {
			todo = todo[:0:0]
			for i, d := range docs {
				if created[i] {
					todo = append(todo, d)
				}
			}
		}
		for _, c := range created {
			if c {
				res.New++
			}
		}
	} else {
		res.New = len(docs)
	}
	r, err := p.Analyze(ctx, todo)
	if err != nil {
		return nil, err
	}
	res.Articles, res.Problems = r.Articles, r.Problems
	if p.Store != nil {
		var as []*warta.Article
		for _, a := range r.Articles {
			if a != nil {
				as = append(as, a)
			}
		}
		if err := p.Store.PutArticles(ctx, as); err != nil {
			return nil, fmt.Errorf("store articles: %w", err)
		}
		if err := p.Store.AddProblems(ctx, r.Problems); err != nil {
			return nil, fmt.Errorf("store problems: %w", err)
		}
	}
	return res, nil
}

// Analyze runs the stages over docs without storing articles. Line
// repetition is counted over the batch plus, when a store is set, every
// page recorded before; the batch's own lines are recorded in the store.
//
// Extraction runs twice where it matters: a first pass learns each page's
// outlet and lines, the counts are merged, and pages whose lines recur on
// other pages of their outlet are extracted again with that evidence. Doing
// it per batch rather than per document keeps the result independent of
// worker scheduling.
func (p *Pipeline) Analyze(ctx context.Context, docs []*warta.Document) (*Result, error) {
	return p.analyze(ctx, p.Store, docs)
}

// analyze is Analyze reading and writing st in place of p.Store.
func (p *Pipeline) analyze(ctx context.Context, st warta.Store, docs []*warta.Document) (*Result, error) {
	n := len(docs)
	first := make([]*warta.Article, n)
	probs := make([][]warta.Problem, n)
	hashes := make([][]uint64, n)
	if err := p.each(ctx, n, nil, func(i int) {
		defer p.recoverDoc(docs[i], &first[i], &probs[i])
		first[i], probs[i] = p.Stages.Extract(docs[i], nil)
		if p.Stages.PageLines != nil {
			hashes[i] = dedup(p.Stages.PageLines(docs[i]))
		}
	}); err != nil {
		return nil, err
	}
	// Merge this batch's lines into the per-outlet counts.
	batch := map[string]*outletLines{}
	for i, a := range first {
		if a == nil || a.Outlet == "" || len(hashes[i]) == 0 {
			continue
		}
		b := batch[a.Outlet]
		if b == nil {
			b = &outletLines{counts: map[uint64]int{}}
			batch[a.Outlet] = b
		}
		b.pages++
		for _, h := range hashes[i] {
			b.counts[h]++
		}
	}
	if err := p.mergeLines(ctx, st, batch); err != nil {
		return nil, err
	}
	articles := make([]*warta.Article, n)
	var done atomic.Int64
	err := p.each(ctx, n, &done, func(i int) {
		defer p.recoverDoc(docs[i], &articles[i], &probs[i])
		a := first[i]
		if a != nil && a.Outlet != "" && p.recurs(a.Outlet, hashes[i]) {
			own := map[uint64]bool{}
			for _, h := range hashes[i] {
				own[h] = true
			}
			a, probs[i] = p.Stages.Extract(docs[i], func(outlet string, hs []uint64) (map[uint64]int, int) {
				return p.othersCounts(outlet, hs, own)
			})
		}
		if a == nil {
			return
		}
		for _, st := range p.Stages.Enrich {
			probs[i] = append(probs[i], st(a)...)
		}
		a.Problems = append(a.Problems[:0:0], probs[i]...)
		articles[i] = a
	})
	if err != nil {
		return nil, err
	}
	res := &Result{Articles: articles, New: n}
	for i := range probs {
		res.Problems = append(res.Problems, probs[i]...)
	}
	if p.Stages.Connect != nil {
		var as []*warta.Article
		for _, a := range articles {
			if a != nil {
				as = append(as, a)
			}
		}
		var cs warta.ClusterStore
		if st != nil {
			cs = st
		}
		if err := p.Stages.Connect(ctx, cs, as); err != nil {
			return nil, fmt.Errorf("connect articles: %w", err)
		}
	}
	return res, nil
}

// recoverDoc turns a panic in a stage into a problem for that document, so
// one page that trips a bug does not stop a batch of thousands. The panic
// is logged with its stack: it is a bug to fix, not bad input.
func (p *Pipeline) recoverDoc(doc *warta.Document, a **warta.Article, probs *[]warta.Problem) {
	if r := recover(); r != nil {
		p.logger().Error("stage panicked", "doc_id", doc.ID, "source", doc.Source, "panic", r, "stack", string(debug.Stack()))
		*a = nil
		*probs = append(*probs, warta.Problem{Source: doc.Source, Stage: "pipeline", Msg: fmt.Sprintf("internal error while analyzing: %v", r)})
	}
}

// each runs fn(i) for i in [0,n) on the worker pool. Cancellation stops
// handing out work; running calls finish.
func (p *Pipeline) each(ctx context.Context, n int, done *atomic.Int64, fn func(i int)) error {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(p.workers(), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
				if done != nil {
					d := done.Add(1)
					if p.Progress != nil {
						p.Progress(int(d), n)
					}
				}
			}
		}()
	}
	var err error
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}

// mergeLines loads the stored counts for the batch's hashes, adds the
// batch, and records the batch in the store.
func (p *Pipeline) mergeLines(ctx context.Context, st warta.Store, batch map[string]*outletLines) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lines == nil {
		p.lines = map[string]*outletLines{}
	}
	for outlet, b := range batch {
		ol := p.lines[outlet]
		if ol == nil {
			ol = &outletLines{counts: map[uint64]int{}, loaded: map[uint64]bool{}, pages: -1}
			p.lines[outlet] = ol
		}
		if st != nil {
			var missing []uint64
			for h := range b.counts {
				if !ol.loaded[h] {
					missing = append(missing, h)
				}
			}
			counts, pages, err := st.LineCounts(ctx, outlet, missing)
			if err != nil {
				return fmt.Errorf("load line counts: %w", err)
			}
			for _, h := range missing {
				ol.loaded[h] = true
				ol.counts[h] += counts[h]
			}
			if ol.pages < 0 {
				ol.pages = pages
			}
			if err := st.AddLines(ctx, outlet, b.counts, b.pages); err != nil {
				return fmt.Errorf("record line counts: %w", err)
			}
		} else if ol.pages < 0 {
			ol.pages = 0
		}
		ol.pages += b.pages
		for h, c := range b.counts {
			ol.counts[h] += c
		}
	}
	return nil
}

// recurs reports whether any of the page's lines occurs on another page of
// the outlet.
func (p *Pipeline) recurs(outlet string, hashes []uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	ol := p.lines[outlet]
	if ol == nil {
		return false
	}
	for _, h := range hashes {
		if ol.counts[h] > 1 {
			return true
		}
	}
	return false
}

// othersCounts answers the extractor's Repeats query, excluding the page's
// own contribution so a page never counts as repeating itself.
func (p *Pipeline) othersCounts(outlet string, hs []uint64, own map[uint64]bool) (map[uint64]int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[uint64]int, len(hs))
	ol := p.lines[outlet]
	if ol == nil {
		return out, 0
	}
	for _, h := range hs {
		c := ol.counts[h]
		if own[h] {
			c--
		}
		if c > 0 {
			out[h] = c
		}
	}
	return out, ol.pages - 1
}

func dedup(hs []uint64) []uint64 {
	seen := make(map[uint64]bool, len(hs))
	out := hs[:0:0]
	for _, h := range hs {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}
