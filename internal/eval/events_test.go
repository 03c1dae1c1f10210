package eval

import (
	"math"
	"testing"
)

func TestBCubedAndPairwise(t *testing.T) {
	// Gold: {a1 a2 a3} {b1 b2}; predicted: {a1 a2} {a3 b1 b2}.
	gold := []string{"a", "a", "a", "b", "b"}
	pred := []string{"x", "x", "y", "y", "y"}
	b3 := bcubed(gold, pred)
	// Precision per item: 1, 1, 1/3, 2/3, 2/3; recall: 2/3, 2/3, 1/3, 1, 1.
	wantP, wantR := (1+1+1.0/3+2.0/3+2.0/3)/5, (2.0/3+2.0/3+1.0/3+1+1)/5
	if math.Abs(b3.P-wantP) > 1e-9 || math.Abs(b3.R-wantR) > 1e-9 {
		t.Errorf("B-cubed = %+v, want P %.4f R %.4f", b3, wantP, wantR)
	}
	// Pairs predicted: (a1,a2) (a3,b1) (a3,b2) (b1,b2): 2 right; gold pairs: 3+1 = 4.
	pw := pairwise(gold, pred)
	if pw.P != 0.5 || pw.R != 0.5 {
		t.Errorf("pairwise = %+v, want P 0.5 R 0.5", pw)
	}
	if p := bcubed(gold, gold); p.F != 1 {
		t.Errorf("perfect clustering scores %v", p)
	}
}
