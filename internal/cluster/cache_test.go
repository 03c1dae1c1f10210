package cluster

import (
	"encoding/json"
	"testing"
)

// The decoded-centroid cache answers only for the exact bytes it decoded:
// a rolled-back batch or another process's write must not be answered from
// a stale entry.
func TestCentroidCacheFollowsTheBytes(t *testing.T) {
	cc := &centroidCache{max: 2}
	one := json.RawMessage(`{"n":1,"title":{"temu":1}}`)
	two := json.RawMessage(`{"n":2,"title":{"temu":1,"bahas":1}}`)
	a := cc.get("e1", one)
	if a == nil || a.N != 1 || a.norms.title == 0 {
		t.Fatalf("decoded %+v", a)
	}
	if cc.get("e1", one) != a {
		t.Error("the same bytes were decoded again")
	}
	if b := cc.get("e1", two); b == a || b.N != 2 {
		t.Errorf("new bytes answered from the old entry: %+v", b)
	}
	// Full: it starts afresh rather than growing.
	cc.get("e2", one)
	cc.get("e3", one)
	if len(cc.m) > 2 {
		t.Errorf("%d entries, max 2", len(cc.m))
	}
	if cc.get("e4", nil) != nil || cc.get("e5", json.RawMessage(`{`)) != nil {
		t.Error("no centroid from empty or broken bytes")
	}
}

// cosineN with precomputed lengths is cosine.
func TestCosineN(t *testing.T) {
	a := Vec{"temu": 0.5, "bahas": 0.25, "rusia": 1}
	b := Vec{"temu": 1, "rusia": 0.5, "lavrov": 2}
	got, want := cosineN(a, b, norm(a), norm(b)), cosine(a, b)
	if d := got - want; d > 1e-12 || d < -1e-12 {
		t.Errorf("cosineN %v, cosine %v", got, want)
	}
	if cosineN(a, Vec{}, norm(a), 0) != 0 {
		t.Error("cosine with an empty vector")
	}
}
