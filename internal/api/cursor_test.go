package api

import "testing"

// FuzzCursor feeds decodeCursor what clients may send: it must not panic,
// must refuse what it cannot read, and must read back what encodeCursor
// wrote.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{"", "bzo1", encodeCursor("q", 3, 1), encodeCursor("p", 99), "!!", "bzotMQ", "cTox"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		for _, kind := range []string{"o", "q", "p"} {
			want := map[string]int{"o": 1, "q": 2, "p": 1}[kind]
			ns, err := decodeCursor(c, kind, want)
			if err != nil {
				continue
			}
			if len(ns) != want {
				t.Fatalf("decodeCursor(%q, %s) = %v", c, kind, ns)
			}
			for _, n := range ns {
				if n < 0 {
					t.Fatalf("negative position from %q: %v", c, ns)
				}
			}
			again, err := decodeCursor(encodeCursor(kind, ns...), kind, want)
			if err != nil || len(again) != want {
				t.Fatalf("round trip of %v: %v %v", ns, again, err)
			}
		}
	})
}
