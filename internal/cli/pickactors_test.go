package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/pipeline"
)

// TestPickActorsCorpus analyzes the two news-corpus articles on which the
// event coder panicked (a subject carried over by "Ia" measured against
// the wrong sentence, see event.TestCarriedSubjectOutsideSentence): both
// must come through with their analysis and no internal error.
func TestPickActorsCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the entity knowledge; skipped with -short")
	}
	ids := map[string]bool{"clickid-4947c1555da4ea1b": true, "clickid-12724b7e246bd56c": true}
	_, recs := crashCorpus(t, 1<<30, func(id string) bool { return ids[id] })
	if len(recs) != len(ids) {
		t.Fatalf("found %d of the %d corpus records", len(recs), len(ids))
	}
	ctx := context.Background()
	var docs []*warta.Document
	_, err := ingest.Read(ctx, "corpus", bytes.NewReader(bytes.Join(recs, []byte("\n"))), "jsonl", ingest.Options{},
		func(d *warta.Document) error { docs = append(docs, d); return nil })
	if err != nil {
		t.Fatal(err)
	}
	stages, err := newStages(time.Date(2019, 9, 20, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &pipeline.Pipeline{Stages: stages, Workers: 1}
	res, err := p.Analyze(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range res.Problems {
		if strings.Contains(pr.Msg, "internal error") {
			t.Errorf("%s: %s", pr.Source, pr.Msg)
		}
	}
	for i, a := range res.Articles {
		if a == nil || len(a.Events) == 0 {
			t.Errorf("document %d (%s): no article or no events: %+v", i, docs[i].Source, a)
		}
	}
}
