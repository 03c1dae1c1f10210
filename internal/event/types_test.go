package event

import (
	"slices"
	"testing"
)

func TestTypes(t *testing.T) {
	ts := Types()
	for _, want := range []string{"CONSULT", "AGREE", "REQUEST", "PROTEST", "DISASTER", "DEATH", "STATEMENT", "SUPPORT", "OTHER"} {
		if !slices.Contains(ts, want) {
			t.Errorf("Types() lacks %s: %v", want, ts)
		}
	}
	for _, bad := range []string{"", "FOO", "interview", "consult"} {
		if slices.Contains(ts, bad) {
			t.Errorf("Types() has %q", bad)
		}
	}
	if !slices.IsSorted(ts) {
		t.Errorf("Types() not sorted: %v", ts)
	}
}
