package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warta-news/warta/internal/entity"
	"github.com/warta-news/warta/internal/eval"
)

// TrainCommand rebuilds a model from data.
type TrainCommand struct{ m *Main }

// Run implements `warta train ner`: it trains the entity tagger from the
// train splits in ../shared and writes the model the binary embeds.
func (c *TrainCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("train", "ner")
	shared := fs.String("shared", "", "the shared data folder (default ../shared or $WARTA_SHARED)")
	out := fs.String("out", filepath.Join("internal", "entity", "model", "ner.gob.gz"), "where to write the model")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "ner" {
		return &UsageError{Msg: "train: say what to train", Hint: "Usage: warta train ner [--out FILE]"}
	}
	dir, err := sharedDir("train", *shared)
	if err != nil {
		return err
	}
	tagger, n, err := trainTagger(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return fmt.Errorf("create model dir: %w", err)
	}
	f, err := os.Create(*out)
	if err != nil {
		return fmt.Errorf("create model: %w", err)
	}
	if err := tagger.Save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	fmt.Fprintf(c.m.Stdout, "trained on %d sentences, %d features; wrote %s\n", n, len(tagger.Weights), *out)
	return nil
}

// trainTagger trains the tagger the same way for `train ner` and `eval ner`.
func trainTagger(dir string) (*entity.Tagger, int, error) {
	var train []entity.Sentence
	for _, f := range eval.NERTrainFiles(dir) {
		s, err := entity.ReadCoNLLFile(f)
		if err != nil {
			return nil, 0, err
		}
		train = append(train, s...)
	}
	return entity.Train(train, entity.TrainOptions{Epochs: 10}), len(train), nil
}
