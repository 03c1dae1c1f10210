package entity

import (
	"bytes"
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
	if sents[2].Tags[0] != "B-ORG" || sents[2].Tags[3] != "O" {
		t.Fatalf("space-separated with POS column, EVT ignored: %v", sents[2].Tags)
	}
	if _, err := ReadCoNLL(strings.NewReader("satu\n")); err == nil {
		t.Fatal("a line without a tag must be an error")
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

func TestTrainSaveLoad(t *testing.T) {
	sents, _ := ReadCoNLL(strings.NewReader(strings.Repeat(conll+"\n", 5)))
	tg := Train(sents, TrainOptions{Epochs: 3})
	var buf bytes.Buffer
	if err := tg.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := LoadTagger(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Tag(sents[0].Tokens)
	if strings.Join(got, " ") != strings.Join(sents[0].Tags, " ") {
		t.Fatalf("a tagger trained on a sentence should tag it back: %v vs %v", got, sents[0].Tags)
	}
}

func BenchmarkTag(b *testing.B) {
	sents, _ := ReadCoNLL(strings.NewReader(strings.Repeat(conll+"\n", 20)))
	tg := Train(sents, TrainOptions{Epochs: 2})
	toks := strings.Fields("Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri Rusia Sergei Lavrov di Gedung Pancasila , Jakarta , Selasa .")
	b.ReportAllocs()
	for b.Loop() {
		tg.Tag(toks)
	}
	b.ReportMetric(float64(len(toks)*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
