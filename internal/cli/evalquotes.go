package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warta-news/warta/internal/entity"
	"github.com/warta-news/warta/internal/eval"
)

// evalQuoteKeys scores the speakers of the quotes of each news-corpus quote
// key found in keyDir (dev.tsv, and test.tsv once the lead adds it) and
// returns the reports by file name.
func (c *EvalCommand) evalQuoteKeys(ctx context.Context, shared, keyDir string, verbose bool) (map[string]*eval.QuoteKeyReport, error) {
	var keys []*eval.QuoteKey
	for _, name := range []string{"dev.tsv", "test.tsv"} {
		p := filepath.Join(keyDir, name)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		k, err := eval.LoadQuoteKey(p)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		fmt.Fprintf(c.m.Stdout, "news-corpus quote keys: none in %s\n", keyDir)
		return nil, nil
	}
	inKey := map[string]bool{}
	for _, k := range keys {
		for _, id := range k.Articles() {
			inKey[id] = true
		}
	}
	docs, err := readCorpusDocs(ctx, shared, func(id string) bool { return inKey[id] })
	if err != nil {
		return nil, err
	}
	arts, err := analyzeCorpus(ctx, docs, c.m.Config.Workers)
	if err != nil {
		return nil, err
	}
	rec, err := entity.Load()
	if err != nil {
		return nil, err
	}
	canonical := func(name string) string { id, _ := rec.Canonical(name); return id }
	out := map[string]*eval.QuoteKeyReport{}
	for _, k := range keys {
		rep := eval.ScoreQuoteKey(k, arts, canonical)
		rep.Print(c.m.Stdout, verbose)
		out[filepath.Base(k.Name)] = rep
	}
	return out, nil
}
