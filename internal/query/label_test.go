package query

import (
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

func TestEventLabel(t *testing.T) {
	long := strings.Repeat("Presiden menerima para tokoh di Istana ", 8)
	for _, c := range []struct {
		name string
		e    warta.EventRecord
		want string
	}{
		{"its headline", warta.EventRecord{Title: "Revisi UU KPK Disahkan DPR", Type: "LEGISLATE",
			Reports: []warta.Report{{Title: "Lain", Sentence: "DPR mengesahkan revisi."}}}, "Revisi UU KPK Disahkan DPR"},
		{"a main report's headline", warta.EventRecord{Type: "LEGISLATE",
			Reports: []warta.Report{{Title: "Sebut Saja", Sentence: "Kalimat."}, {Title: "DPR Sahkan Revisi", Main: true}}}, "DPR Sahkan Revisi"},
		// A mention's headline is another event's: the sentence tells this one.
		{"the sentence of a mention", warta.EventRecord{Type: "CONSULT",
			Reports: []warta.Report{{Title: "Habibie Wafat", Sentence: "Basuki sempat bertemu Habibie di RSPAD."}}}, "Basuki sempat bertemu Habibie di RSPAD."},
		{"a long sentence is cut at a word", warta.EventRecord{Type: "CONSULT", Reports: []warta.Report{{Sentence: long}}},
			"Presiden menerima para tokoh di Istana Presiden menerima para tokoh di Istana Presiden menerima para tokoh di Istana Presiden menerima para…"},
		{"who acted", warta.EventRecord{Type: "REQUEST", Actors: []string{"Yusuf Mansyur", "Ainun", "B.J. Habibie", "Lain"}},
			"Yusuf Mansyur, Ainun, B.J. Habibie · request"},
		{"nothing but a type", warta.EventRecord{Type: "OTHER"}, "other"},
	} {
		if got := EventLabel(&c.e); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
