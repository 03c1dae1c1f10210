package eval

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/warta-news/warta/internal/entity"
)

// NERTrainFiles are the train splits the tagger learns from. NER-P is
// lower-cased throughout; with word classes from unlabeled news it no
// longer costs the cased corpora anything measurable and it teaches the
// tagger names written in lower case (docs/understanding.md).
func NERTrainFiles(sharedDir string) []string {
	d := filepath.Join(sharedDir, "data", "ner")
	return []string{filepath.Join(d, "nergrit_ner-grit", "train_preprocess.txt"), filepath.Join(d, "idner-news-2k", "train.txt"),
		filepath.Join(d, "nerp_ner-prosa", "train_preprocess.txt")}
}

// NERValidFiles are the default evaluation files: the validation splits.
func NERValidFiles(sharedDir string) []string {
	d := filepath.Join(sharedDir, "data", "ner")
	return []string{filepath.Join(d, "nergrit_ner-grit", "valid_preprocess.txt"), filepath.Join(d, "idner-news-2k", "dev.txt"),
		filepath.Join(d, "nerp_ner-prosa", "valid_preprocess.txt")}
}

// NERReport is entity-level precision/recall/F1 per file and type.
type NERReport struct {
	Files  []string
	Scores []*entity.Score
	All    *entity.Score
}

// NER tags every sentence of files with t and scores exact spans and types.
func NER(files []string, t *entity.Tagger) (*NERReport, error) {
	r := &NERReport{All: entity.NewScore()}
	for _, f := range files {
		sents, err := entity.ReadCoNLLFile(f)
		if err != nil {
			return nil, err
		}
		sc := entity.NewScore()
		for _, s := range sents {
			pred := t.Tag(s.Tokens)
			sc.Add(s.Tags, pred)
			r.All.Add(s.Tags, pred)
		}
		r.Files = append(r.Files, f)
		r.Scores = append(r.Scores, sc)
	}
	return r, nil
}

// Print writes per-file, per-type figures and ends with "F1 0.xxx".
func (r *NERReport) Print(w io.Writer) {
	for i, f := range r.Files {
		sc := r.Scores[i]
		p, rc, f1 := sc.PRF("")
		fmt.Fprintf(w, "%s\n  all  P %.3f R %.3f F1 %.3f\n", f, p, rc, f1)
		for _, typ := range sc.Types() {
			p, rc, f1 := sc.PRF(typ)
			fmt.Fprintf(w, "  %-4s P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)\n", typ, p, rc, f1, sc.TP[typ], sc.FP[typ], sc.FN[typ])
		}
	}
	_, _, f1 := r.All.PRF("")
	fmt.Fprintf(w, "F1 %.3f\n", f1)
}
