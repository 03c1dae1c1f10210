package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/cluster"
	"github.com/warta-news/warta/internal/eval"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/pipeline"
)

// corpusRecord is what the evaluation reads of a news-corpus record besides
// the document itself: its id (the key's article id) and publish time
// (the arrival order).
type corpusRecord struct {
	ID        string `json:"id"`
	Published string `json:"published"`
}

// corpusDoc is one news-corpus record as a document, with its corpus id.
type corpusDoc struct {
	doc           *warta.Document
	id, published string
}

// newsCorpusPath is the CLICK-ID corpus inside the shared folder.
func newsCorpusPath(shared string) string {
	return filepath.Join(shared, "data", "news-corpus", "click-id", "articles.jsonl.gz")
}

// readCorpusDocs reads the news corpus as `warta ingest` would, keeping the
// records want accepts, in publish order (ties by id).
func readCorpusDocs(ctx context.Context, shared string, want func(id string) bool) ([]corpusDoc, error) {
	path := newsCorpusPath(shared)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open news corpus: %w", err)
	}
	defer f.Close()
	var out []corpusDoc
	_, err = ingest.Read(ctx, path, f, "jsonl", ingest.Options{}, func(d *warta.Document) error {
		var rec corpusRecord
		if json.Unmarshal(d.Raw, &rec) != nil || !want(rec.ID) {
			return nil
		}
		out = append(out, corpusDoc{doc: d, id: rec.ID, published: rec.Published})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read news corpus: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].published != out[j].published {
			return out[i].published < out[j].published
		}
		return out[i].id < out[j].id
	})
	return out, nil
}

// analyzeCorpus runs the pipeline over docs in their order, in batches as
// `warta ingest` does, clustering in memory, and returns each record's
// article by corpus id.
func analyzeCorpus(ctx context.Context, docs []corpusDoc, workers int) (map[string]*warta.Article, error) {
	stages, err := newStages(time.Now(), cluster.NewMemory())
	if err != nil {
		return nil, err
	}
	p := &pipeline.Pipeline{Stages: stages, Workers: workers}
	out := make(map[string]*warta.Article, len(docs))
	for start := 0; start < len(docs); start += batchSize {
		end := min(start+batchSize, len(docs))
		batch := make([]*warta.Document, 0, end-start)
		for _, d := range docs[start:end] {
			batch = append(batch, d.doc)
		}
		res, err := p.Analyze(ctx, batch)
		if err != nil {
			return nil, err
		}
		for i, a := range res.Articles {
			if a != nil {
				out[docs[start+i].id] = a
			}
		}
	}
	return out, nil
}

// evalEventKeys scores each key found in keyDir (dev.tsv, test.tsv) on the
// news corpus: only the key's articles, or (whole) every article of the
// corpus, the key's among them, as `warta ingest` of the corpus would.
func (c *EvalCommand) evalEventKeys(ctx context.Context, shared, keyDir string, whole, verbose bool) error {
	var keys []*eval.EventKey
	for _, name := range []string{"dev.tsv", "test.tsv"} {
		p := filepath.Join(keyDir, name)
		if !eval.DataExists(p) {
			continue
		}
		k, err := eval.LoadEventKey(p)
		if err != nil {
			return err
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		fmt.Fprintf(c.m.Stdout, "news-corpus event keys: none in %s\n", keyDir)
		return nil
	}
	inKey := map[string]bool{}
	for _, k := range keys {
		for _, id := range k.Articles() {
			inKey[id] = true
		}
	}
	docs, err := readCorpusDocs(ctx, shared, func(id string) bool { return whole || inKey[id] })
	if err != nil {
		return err
	}
	arts, err := analyzeCorpus(ctx, docs, c.m.Config.Workers)
	if err != nil {
		return err
	}
	if whole {
		fmt.Fprintf(c.m.Stdout, "news corpus: %d articles analyzed, the keys' among them\n", len(docs))
	}
	for _, k := range keys {
		eval.ScoreEventKey(k, arts).Print(c.m.Stdout, verbose)
	}
	return nil
}

// repoPath finds a path of the repository (a default of eval and train,
// such as internal/eval/testdata/events) from the working directory or
// any folder above it that holds go.mod, so the commands work from any
// folder of a checkout.
func repoPath(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	if _, err := os.Stat(rel); err == nil {
		return rel
	}
	dir, err := os.Getwd()
	if err != nil {
		return rel
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(d, rel)); err == nil {
				return filepath.Join(d, rel)
			}
		}
		if filepath.Dir(d) == d {
			return rel
		}
	}
}
