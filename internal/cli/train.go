package cli

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/warta-news/warta/internal/entity"
	"github.com/warta-news/warta/internal/eval"
)

// TrainCommand rebuilds a model from data.
type TrainCommand struct{ m *Main }

var trainUsage = "Usage: warta train " + modes(trainModes) + " [--out FILE]"

// Run implements `warta train ner` and `warta train words`. `ner` trains
// the entity tagger from the train splits in ../shared and writes the
// model the binary embeds; `words` builds the word classes the tagger's
// features use from the unlabeled news corpus, and must run before `ner`
// when the corpus or the clustering changes.
func (c *TrainCommand) Run(ctx context.Context, args []string) error {
	fs := c.m.flagSet("train", modes(trainModes))
	holdout := fs.String("holdout", "", "events: happening dates (YYYY-MM-DD,...) left out of training and scored apart, for development")
	cv := fs.String("cv", "", "events: folds of happening dates (d1,d2;d3;...) each held out in turn and scored, for development")
	cache := fs.String("cache", "", "events: keep the term statistics and analyzed reports in this folder between runs (development only)")
	learner := fs.String("learner", "boost", "events: boost (gradient-boosted trees) or logistic")
	verbose := fs.Bool("v", false, "events: print every threshold's score and the grouping's misses")
	key := fs.String("key", filepath.Join("internal", "eval", "testdata", "events-corpus", "dev.tsv"), "events: the labelled key to learn from (its development half)")
	shared := fs.String("shared", "", "the shared data folder (default ../shared or $WARTA_SHARED)")
	out := fs.String("out", "", "where to write the model (default internal/entity/model/ner.gob.gz or words.tsv.gz)")
	if err := c.m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || !slices.Contains(trainModes, fs.Arg(0)) {
		return &UsageError{Msg: "train: say what to train", Hint: trainUsage}
	}
	dir, err := sharedDir("train", *shared)
	if err != nil {
		return err
	}
	if fs.Arg(0) == "words" {
		return c.words(ctx, dir, *out)
	}
	if fs.Arg(0) == "events" {
		if *out == "" {
			*out = repoPath(eventsModelDir)
		}
		start := time.Now()
		hold := map[string]bool{}
		for _, d := range strings.Split(*holdout, ",") {
			if d = strings.TrimSpace(d); d != "" {
				hold[d] = true
			}
		}
		var folds [][]string
		for _, f := range strings.Split(*cv, ";") {
			if f = strings.TrimSpace(f); f != "" {
				folds = append(folds, strings.Split(f, ","))
			}
		}
		t, err := trainEvents(ctx, dir, eventTrainOptions{Key: repoPath(*key), Holdout: hold, Folds: folds, Learner: *learner, Workers: c.m.Config.Workers, Verbose: *verbose, Cache: *cache})
		if err != nil {
			return err
		}
		for _, l := range t.Log {
			fmt.Fprintln(c.m.Stdout, l)
		}
		if err := writeEventsModel(*out, t); err != nil {
			return err
		}
		fmt.Fprintf(c.m.Stdout, "%s\ntrained in %.1f s; wrote %s\n", t.Model.Trained, time.Since(start).Seconds(), *out)
		return nil
	}
	if *out == "" {
		*out = filepath.Join("internal", "entity", "model", "ner.gob.gz")
	}
	start := time.Now()
	tagger, n, err := trainTagger(dir)
	if err != nil {
		return err
	}
	if err := writeFile(*out, tagger.Save); err != nil {
		return err
	}
	fmt.Fprintf(c.m.Stdout, "trained on %d sentences in %.1f s, %d features; wrote %s\n", n, time.Since(start).Seconds(), len(tagger.Keys), *out)
	return nil
}

// words builds the word classes from the news corpus and the text (not the
// labels) of the NER train splits.
func (c *TrainCommand) words(ctx context.Context, dir, out string) error {
	if out == "" {
		out = filepath.Join("internal", "entity", "model", "words.tsv.gz")
	}
	start := time.Now()
	wc, err := countWords(ctx, dir)
	if err != nil {
		return err
	}
	counted := time.Since(start)
	classes := wc.Classes(entity.WordClassOptions{})
	if err := writeFile(out, classes.Write); err != nil {
		return err
	}
	fmt.Fprintf(c.m.Stdout, "counted %d tokens in %.1f s; %d words in classes after %.1f s; wrote %s\n",
		wc.Tokens(), counted.Seconds(), classes.Len(), time.Since(start).Seconds(), out)
	return nil
}

// countWords reads the unlabeled text word classes are built from: the
// titles and bodies of the news corpus, then the sentences of the NER
// train splits (never the validation or test splits).
func countWords(ctx context.Context, dir string) (*entity.WordCounter, error) {
	wc := entity.NewWordCounter()
	path := filepath.Join(dir, "data", "news-corpus", "click-id", "articles.jsonl.gz")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open news corpus: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read news corpus %s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var a struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("read news corpus %s line %d: %w", path, n, err)
		}
		wc.Add(a.Title)
		wc.Add(a.Text)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read news corpus %s: %w", path, err)
	}
	for _, file := range eval.NERTrainFiles(dir) {
		sents, err := entity.ReadCoNLLFile(file)
		if err != nil {
			return nil, err
		}
		for _, s := range sents {
			wc.AddTokens(s.Tokens)
		}
	}
	return wc, nil
}

// writeFile creates path (and its folder) and fills it with write.
func writeFile(path string, write func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create model dir: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create model: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// trainTagger trains the tagger the same way for `train ner` and `eval ner`:
// each train split as its own domain, three orders averaged, and Tag
// assuming idner-news-2k's conventions, the closest to the news warta
// reads (docs/understanding.md).
func trainTagger(dir string) (*entity.Tagger, int, error) {
	var train []entity.Sentence
	for _, f := range eval.NERTrainFiles(dir) {
		s, err := entity.ReadCoNLLFile(f)
		if err != nil {
			return nil, 0, err
		}
		train = append(train, s...)
	}
	phrases, err := gazetteerPhrases(dir)
	if err != nil {
		return nil, 0, err
	}
	opt := entity.TrainOptions{Epochs: 10, Bags: 3, Phrases: phrases}
	return entity.Train(train, opt), len(train), nil
}

// gazetteerPhrases reads the names of ../shared/data/gazetteer as whole
// phrases for the tagger: countries, provinces, regencies and cities
// (LOC), institutions and parties (ORG), and office titles (TTL, which
// mark the name after them). The model keeps them, so the binary needs
// no gazetteer at run time. Where two lists name the same phrase, the
// earlier list wins.
func gazetteerPhrases(dir string) (map[string]string, error) {
	g := filepath.Join(dir, "data", "gazetteer")
	lists := []struct {
		file, typ string
		cols      []string
	}{
		{"countries/countries.tsv", "LOC", []string{"name_id", "name_en"}},
		{"wilayah/provinces.tsv", "LOC", []string{"name"}},
		{"wilayah/regencies.tsv", "LOC", []string{"name", "full_name"}},
		{"institutions/institutions.tsv", "ORG", []string{"name", "aliases"}},
		{"institutions/titles.tsv", "TTL", []string{"short", "full"}},
	}
	out := map[string]string{}
	for _, l := range lists {
		b, err := os.ReadFile(filepath.Join(g, l.file))
		if err != nil {
			return nil, fmt.Errorf("read gazetteer: %w", err)
		}
		rows := strings.Split(strings.TrimSpace(string(b)), "\n")
		head := strings.Split(rows[0], "\t")
		for _, row := range rows[1:] {
			cells := strings.Split(row, "\t")
			for _, col := range l.cols {
				i := slices.Index(head, col)
				if i < 0 || i >= len(cells) {
					continue
				}
				for _, name := range strings.Split(cells[i], "|") {
					if key := entity.PhraseKey(name); key != "" && out[key] == "" {
						out[key] = l.typ
					}
				}
			}
		}
	}
	return out, nil
}
