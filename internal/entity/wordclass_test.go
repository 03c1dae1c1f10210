package entity

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// synthetic writes sentences in which the names of each group are used in
// the same frames, so that clustering should keep each group together.
func synthetic() *WordCounter {
	wc := NewWordCounter()
	cities := []string{"Bandung", "Surabaya", "Medan", "Makassar"}
	people := []string{"Budi", "Siti", "Agus", "Dewi"}
	for i := 0; i < 400; i++ {
		c, p := cities[i%4], people[(i/4)%4]
		wc.Add(fmt.Sprintf("Kemarin %s pergi ke kota %s untuk bekerja .", p, c))
		wc.Add(fmt.Sprintf("Menurut %s , warga %s senang sekali .", p, c))
		wc.Add(fmt.Sprintf("Di %s hujan turun sejak pagi , kata %s kepada wartawan .", c, p))
	}
	return wc
}

func TestWordClassesGroupWordsUsedAlike(t *testing.T) {
	classes := synthetic().Classes(WordClassOptions{MinCount: 2, Contexts: 30, Dims: 8, Fanout: []int{2, 2, 2, 2}})
	tests := []struct{ a, b string }{{"bandung", "medan"}, {"surabaya", "makassar"}, {"budi", "dewi"}, {"siti", "agus"}}
	for _, tc := range tests {
		ca, okA := classes.Class(tc.a)
		cb, okB := classes.Class(tc.b)
		if !okA || !okB {
			t.Fatalf("%s or %s has no class", tc.a, tc.b)
		}
		if ca[0] != cb[0] {
			t.Errorf("%s (%v) and %s (%v) are used alike but differ at the coarsest grain", tc.a, ca, tc.b, cb)
		}
	}
	city, _ := classes.Class("bandung")
	person, _ := classes.Class("budi")
	if city[0] == person[0] {
		t.Errorf("cities and people share the coarsest class %d", city[0])
	}
	if c := classes.byWord["bandung"]; c.capRatio != 6 {
		t.Errorf("Bandung is always capitalized mid-sentence: bucket %d, want 6", c.capRatio)
	}
	if c := classes.byWord["kemarin"]; c.capRatio != 0 {
		t.Errorf("kemarin only starts sentences: bucket %d, want 0", c.capRatio)
	}
}

func TestWordClassesRoundTripAndReproducible(t *testing.T) {
	opt := WordClassOptions{MinCount: 2, Contexts: 30, Dims: 8, Fanout: []int{2, 2, 2, 2}}
	a, b := synthetic().Classes(opt), synthetic().Classes(opt)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs of Classes with the same options differ")
	}
	var buf bytes.Buffer
	if err := a.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadWordClasses(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, a) {
		t.Fatal("written and read word classes differ")
	}
}

func TestReadWordClassesRejectsBadInput(t *testing.T) {
	var buf bytes.Buffer
	wc := &WordClasses{words: []string{"x"}, byWord: map[string]wordClass{"x": {}}}
	if err := wc.Write(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	for name, in := range map[string]string{"not gzip": "word\t1\t2\t3\t4\t5\n", "empty": ""} {
		if _, err := ReadWordClasses(strings.NewReader(in)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if _, err := ReadWordClasses(strings.NewReader(good)); err != nil {
		t.Errorf("good input: %v", err)
	}
}

func TestShippedWordClasses(t *testing.T) {
	wc := defaultWordClasses()
	if len(wc) < 10000 {
		t.Fatalf("embedded word classes have %d words, want the news vocabulary (run warta train words)", len(wc))
	}
	for _, w := range []string{"jakarta", "presiden", "kpk"} {
		if _, ok := wc[w]; !ok {
			t.Errorf("%q has no class", w)
		}
	}
}
