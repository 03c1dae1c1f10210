package entity

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const conll = "Retno\tB-PERSON\nMarsudi\tI-PERSON\nbertemu\tO\nLavrov\tB-PERSON\ndi\tO\nJakarta\tB-PLACE\n.\tO\n\r\n" +
	"kemenlu b-ind\nmenyambut O\nwho B-IND\n\nBPOM POS B-ORG\nmemberi VERB O\nizin NOUN O\nfestival NOUN B-EVT\n"

func TestReadCoNLLAndSpans(t *testing.T) {
	sents, err := ReadCoNLL(strings.NewReader(conll))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 3 {
		t.Fatalf("want 3 sentences, got %d", len(sents))
	}
	if got := Spans(sents[0].Tags); len(got) != 3 || got[0] != (Span{0, 2, "PER"}) || got[2] != (Span{5, 6, "LOC"}) {
		t.Fatalf("spans = %v", got)
	}
	if got := strings.Join(sents[1].Tags, " "); got != "B-ORG O B-ORG" {
		t.Fatalf("lower-case tags: %s, want B-ORG O B-ORG", got)
	}
	if sents[2].Tags[0] != "B-ORG" || sents[2].Tags[3] != "O" {
		t.Fatalf("space-separated with POS column, EVT ignored: %v", sents[2].Tags)
	}
	if _, err := ReadCoNLL(strings.NewReader("satu\n")); err == nil {
		t.Fatal("a line without a tag must be an error")
	}
}

func TestMapTag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"B-PERSON", "B-PER"}, {"I-ORGANISATION", "I-ORG"}, {"b-ind", "B-ORG"}, {"I-PLC", "I-LOC"},
		{"B-EVT", "O"}, {"O", "O"}, {"0-ORG", "O"}, {"X-PER", "O"}, {"B-", "O"}, {"-", "O"},
	}
	for _, tc := range tests {
		if got := mapTag(tc.in); got != tc.want {
			t.Errorf("mapTag(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSpans(t *testing.T) {
	tests := []struct {
		name string
		tags string
		want []Span
	}{
		{"empty", "", nil},
		{"single", "B-PER", []Span{{0, 1, "PER"}}},
		{"two adjacent", "B-PER B-PER I-PER", []Span{{0, 1, "PER"}, {1, 3, "PER"}}},
		{"I without B starts a span", "O I-LOC I-LOC O", []Span{{1, 3, "LOC"}}},
		{"type change ends a span", "B-ORG I-LOC", []Span{{0, 1, "ORG"}, {1, 2, "LOC"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Spans(strings.Fields(tc.tags)); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Spans(%q) = %v, want %v", tc.tags, got, tc.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	sc := NewScore()
	sc.Add([]string{"B-PER", "I-PER", "O", "B-LOC"}, []string{"B-PER", "I-PER", "O", "B-ORG"})
	p, r, f := sc.PRF("")
	if p != 0.5 || r != 0.5 || f != 0.5 {
		t.Fatalf("P %v R %v F %v, want 0.5 each", p, r, f)
	}
}

func TestGoldPathAndAllowed(t *testing.T) {
	tests := []struct {
		name, tags string
		want       []int
	}{
		{"valid BIO kept", "B-PER I-PER O", []int{1, 2, 0}},
		{"I after O becomes B", "O I-LOC I-LOC", []int{0, 5, 6}},
		{"I at the start becomes B", "I-ORG", []int{3}},
		{"I of another type becomes B", "B-PER I-ORG", []int{1, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := goldPath(strings.Fields(tc.tags))
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("goldPath(%q) = %v, want %v", tc.tags, got, tc.want)
			}
			prev := nTags
			for _, c := range got {
				if !allowed(prev, c) {
					t.Fatalf("goldPath(%q) = %v is not allowed at %d", tc.tags, got, c)
				}
				prev = c
			}
		})
	}
}

// TestViterbiKeepsBIO gives emission scores that greedily read "O I-PER":
// the decoder may not produce an I-PER after O.
func TestViterbiKeepsBIO(t *testing.T) {
	em := make([]float32, 2*nTags)
	em[0] = 1       // token 0: O
	em[nTags+2] = 5 // token 1: I-PER (not allowed after O)
	em[nTags+1] = 4 // token 1: B-PER
	edge := make([]float32, 2*(nTags+1)*nTags)
	path := make([]int, 2)
	viterbi(em, edge, 2, path)
	if got := []string{tagSet[path[0]], tagSet[path[1]]}; got[1] == "I-PER" && got[0] == "O" {
		t.Fatalf("viterbi = %v: I-PER after O", got)
	}
}

func TestPhraseKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Kementerian Luar Negeri", "kementerian luar negeri"},
		{"Kementerian Hukum, HAM", "kementerian hukum , ham"},
		{"  Jawa   Barat ", "jawa barat"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := PhraseKey(tc.in); got != tc.want {
			t.Errorf("PhraseKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func mustTrain(tb testing.TB, epochs int) ([]Sentence, *Tagger) {
	tb.Helper()
	sents, err := ReadCoNLL(strings.NewReader(strings.Repeat(conll+"\n", 5)))
	if err != nil {
		tb.Fatal(err)
	}
	// A tiny corpus has tiny weights: keep them all.
	return sents, Train(sents, TrainOptions{Epochs: epochs, Prune: 1e-6, Phrases: map[string]string{"retno marsudi": "PER"}})
}

func TestTrainSaveLoad(t *testing.T) {
	sents, tg := mustTrain(t, 3)
	var buf bytes.Buffer
	if err := tg.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := LoadTagger(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Keys, tg.Keys) || !reflect.DeepEqual(back.Weights, tg.Weights) ||
		!reflect.DeepEqual(back.Trans, tg.Trans) || !reflect.DeepEqual(back.Phrases, tg.Phrases) {
		t.Fatal("a saved and loaded tagger differs from the trained one")
	}
	got := back.Tag(sents[0].Tokens)
	if strings.Join(got, " ") != strings.Join(sents[0].Tags, " ") {
		t.Fatalf("a tagger trained on a sentence should tag it back: %v vs %v", got, sents[0].Tags)
	}
	if _, err := LoadTagger(strings.NewReader("not gzip")); err == nil {
		t.Fatal("LoadTagger of garbage must fail")
	}
}

// TestDomains trains two "corpora" that disagree on one word and checks
// that each domain learns its own convention, while the shared features
// still tag what they agree on.
func TestDomains(t *testing.T) {
	var sents []Sentence
	for i := 0; i < 20; i++ {
		sents = append(sents,
			Sentence{Tokens: strings.Fields("Kami ke Bandung kemarin ."), Tags: strings.Fields("O O B-LOC O O"), Domain: "a"},
			Sentence{Tokens: strings.Fields("Kami ke Bandung kemarin ."), Tags: strings.Fields("O O B-ORG O O"), Domain: "b"},
			Sentence{Tokens: strings.Fields("Retno bertemu Lavrov ."), Tags: strings.Fields("B-PER O B-PER O"), Domain: "a"},
			Sentence{Tokens: strings.Fields("Retno bertemu Lavrov ."), Tags: strings.Fields("B-PER O B-PER O"), Domain: "b"},
		)
	}
	tg := Train(sents, TrainOptions{Epochs: 5, Prune: 1e-6, Domain: "b"})
	toks := strings.Fields("Kami ke Bandung kemarin .")
	tests := []struct{ domain, want string }{{"a", "B-LOC"}, {"b", "B-ORG"}}
	for _, tc := range tests {
		if got := tg.TagIn(tc.domain, toks)[2]; got != tc.want {
			t.Errorf("TagIn(%q) tags Bandung %s, want %s", tc.domain, got, tc.want)
		}
	}
	if got := tg.Tag(toks)[2]; got != "B-ORG" {
		t.Errorf("Tag uses the default domain b: Bandung %s, want B-ORG", got)
	}
	if got := tg.TagIn("", strings.Fields("Retno bertemu Lavrov ."))[0]; got != "B-PER" {
		t.Errorf("shared features alone tag Retno %s, want B-PER", got)
	}
}

func TestTrainIsReproducible(t *testing.T) {
	_, a := mustTrain(t, 2)
	_, b := mustTrain(t, 2)
	if !reflect.DeepEqual(a.Keys, b.Keys) || !reflect.DeepEqual(a.Weights, b.Weights) || !reflect.DeepEqual(a.Trans, b.Trans) {
		t.Fatal("two runs of Train with the same options differ")
	}
}

func BenchmarkTag(b *testing.B) {
	_, tg := mustTrain(b, 2)
	toks := strings.Fields("Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri Rusia Sergei Lavrov di Gedung Pancasila , Jakarta , Selasa .")
	b.ReportAllocs()
	for b.Loop() {
		tg.Tag(toks)
	}
	b.ReportMetric(float64(len(toks)*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkTagShipped tags with the embedded model, whose feature table
// is the size real tagging looks features up in.
func BenchmarkTagShipped(b *testing.B) {
	tg := mustLoadShipped(b)
	toks := strings.Fields("Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri Rusia Sergei Lavrov di Gedung Pancasila , Jakarta , Selasa .")
	tg.Tag(toks) // build the index outside the timing
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tg.Tag(toks)
	}
	b.ReportMetric(float64(len(toks)*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLoadShipped is the start-up cost of the tagger: decoding the
// embedded model and word classes and building the lookup table.
func BenchmarkLoadShipped(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		tg := mustLoadShipped(b)
		tg.init()
		_ = defaultWordClasses()
	}
}

func mustLoadShipped(tb testing.TB) *Tagger {
	tb.Helper()
	raw, err := modelFS.ReadFile("model/ner.gob.gz")
	if err != nil {
		tb.Skip("no model embedded")
	}
	tg, err := LoadTagger(bytes.NewReader(raw))
	if err != nil {
		tb.Fatal(err)
	}
	return tg
}

func FuzzReadCoNLL(f *testing.F) {
	f.Add(conll)
	f.Add("a\tB-PER\n\n\nb O\r\n")
	f.Add("x y z I-ORG\n")
	if b, err := os.ReadFile("testdata/sample.conll"); err == nil {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := ReadCoNLL(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, s := range sents {
			if len(s.Tokens) == 0 || len(s.Tokens) != len(s.Tags) {
				t.Fatalf("sentence with %d tokens and %d tags", len(s.Tokens), len(s.Tags))
			}
			for _, tg := range s.Tags {
				if tagIndex(tg) == 0 && tg != "O" {
					t.Fatalf("tag %q outside the tag set", tg)
				}
			}
			for _, sp := range Spans(s.Tags) {
				if sp.Start < 0 || sp.End > len(s.Tags) || sp.Start >= sp.End {
					t.Fatalf("span %v outside %d tags", sp, len(s.Tags))
				}
			}
		}
	})
}

// BenchmarkTagSentences tags the 2,000 sentences of an Indonesian NER
// validation set with the shipped model: varied text, so that feature
// lookups miss the caches as they do in a real ingest (one sentence
// repeated keeps its features in the cache). Run it under
// `valgrind --tool=callgrind --cache-sim=yes` for counts that do not move
// with the machine's load.
func BenchmarkTagSentences(b *testing.B) {
	shared := sharedForTest(b)
	sents, err := ReadCoNLLFile(filepath.Join(shared, "data", "ner", "idner-news-2k", "dev.txt"))
	if err != nil {
		b.Fatal(err)
	}
	tg := mustLoadShipped(b)
	tg.Tag(sents[0].Tokens)
	ntok := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			tg.Tag(s.Tokens)
			ntok += len(s.Tokens)
		}
	}
	b.ReportMetric(float64(ntok)/b.Elapsed().Seconds(), "tokens/s")
}
