package cluster

import (
	"strings"
	"testing"
)

const original = `Menteri Luar Negeri Retno Marsudi menerima kunjungan Menteri Luar Negeri Rusia Sergey Lavrov di Gedung Pancasila, Jakarta, Selasa (6/7/2021). Keduanya membahas kerja sama kesehatan, perdagangan, investasi, pendidikan dan keamanan. Retno mengatakan Rusia merupakan salah satu mitra penting Indonesia di Eropa. Kedua menteri juga membahas rencana kunjungan Presiden Vladimir Putin ke Indonesia.`

func TestSimilarity(t *testing.T) {
	sig := Sign(original)
	tests := []struct {
		name     string
		text     string
		min, max float64
	}{
		{"identical copy", original, 1, 1},
		{"syndicated with a new dateline", "JAKARTA, KOMPAS.com - " + original, 0.8, 1},
		{"lightly reworded", strings.Replace(strings.Replace(original, "membahas", "mendiskusikan", 1), "mitra penting", "mitra utama", 1), 0.6, 0.95},
		{"different report of the same event", `Menlu Rusia Sergey Lavrov tiba di Jakarta pada Selasa pagi. Ia disambut Menlu Retno Marsudi. Dalam jumpa pers, Lavrov menyebut hubungan kedua negara terus menguat dan vaksin Sputnik V akan dikirim lebih banyak.`, 0, 0.15},
		{"unrelated", `Banjir merendam ratusan rumah di Semarang setelah hujan deras sejak Senin malam. BPBD mengerahkan perahu karet untuk mengevakuasi warga.`, 0, 0.05},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			other := Sign(tc.text)
			got := Similarity(&sig, &other)
			if got < tc.min || got > tc.max {
				t.Fatalf("Similarity = %.2f, want in [%.2f, %.2f]", got, tc.min, tc.max)
			}
		})
	}
}

func TestBandKeysFindNearDuplicates(t *testing.T) {
	a := Sign(original)
	b := Sign("Suara.com - " + original + " Simak berita lainnya.")
	c := Sign("Banjir merendam ratusan rumah di Semarang setelah hujan deras sejak Senin malam.")
	ka, kb, kc := a.BandKeys(), b.BandKeys(), c.BandKeys()
	shared := func(x, y [Bands]uint64) int {
		n := 0
		for i := range x {
			if x[i] == y[i] {
				n++
			}
		}
		return n
	}
	if shared(ka, kb) == 0 {
		t.Fatalf("near-duplicates share no band key")
	}
	if shared(ka, kc) != 0 {
		t.Fatalf("unrelated texts share %d band keys", shared(ka, kc))
	}
}

func TestSignatureRoundTrip(t *testing.T) {
	s := Sign(original)
	got, ok := SignatureFrom(s.Bytes())
	if !ok || got != s {
		t.Fatalf("round trip failed")
	}
	if _, ok := SignatureFrom([]byte{1, 2}); ok {
		t.Fatalf("short input accepted")
	}
}

func TestSignIsStable(t *testing.T) {
	// Signatures are stored; a change of hash family would silently break
	// duplicate detection against old rows. Pin one value.
	s := Sign("satu dua tiga")
	if s[0] != 5796691867285966682 || s[127] != 17565976521149788590 {
		t.Fatalf("signature of a pinned text changed: %d %d", s[0], s[127])
	}
	if s == Sign("tiga dua satu") {
		t.Fatalf("signature not order-sensitive")
	}
	empty := Sign("")
	if Similarity(&empty, &s) != 0 {
		t.Fatalf("empty text matches non-empty text")
	}
}

func BenchmarkSign(b *testing.B) {
	text := strings.Repeat(original+" ", 4)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sign(text)
	}
}
