package cluster

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
)

// Signature sizes. 128 hashes estimate Jaccard similarity within about
// ±0.09 (one standard deviation 1/sqrt(128)). 16 bands of 8 rows make a
// pair with similarity 0.9 a candidate with probability 1-(1-0.9^8)^16 ≈
// 1.0 and one at 0.8 with about 0.95, while a pair at 0.5 becomes one with
// about 0.06; the exact signature comparison then decides. Fewer bands mean
// fewer index rows per article (16 instead of 32), which was a fifth of
// the ingest's store time.
const (
	NumHashes = 128
	Bands     = 16
	rows      = NumHashes / Bands
	shingleK  = 3 // word 3-grams: robust to light rewording, still specific
)

// Signature is a MinHash signature of a text's word shingles.
type Signature [NumHashes]uint64

// The hash family: h_i(x) = a_i*x + b_i over 64-bit words (multiply-shift),
// drawn from a fixed splitmix64 stream so they never change between runs.
var hashA, hashB = func() (a, b [NumHashes]uint64) {
	s := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 {
		s += 0x9E3779B97F4A7C15
		z := s
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		return z ^ (z >> 31)
	}
	for i := range NumHashes {
		a[i] = next() | 1
		b[i] = next()
	}
	return
}()

// fnv64 hashes a shingle deterministically (maphash seeds differ per
// process, which would make stored signatures useless).
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// shingles returns the hashes of the text's lower-cased word k-grams.
func shingles(text string) []uint64 {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return nil
	}
	if len(words) < shingleK {
		return []uint64{fnv64(strings.Join(words, " "))}
	}
	out := make([]uint64, 0, len(words)-shingleK+1)
	for i := 0; i+shingleK <= len(words); i++ {
		out = append(out, fnv64(strings.Join(words[i:i+shingleK], " ")))
	}
	return out
}

// Sign computes the MinHash signature of text. Empty text gives the
// all-ones signature, which matches nothing but itself.
func Sign(text string) Signature {
	var sig Signature
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, x := range shingles(text) {
		for i := range NumHashes {
			if v := hashA[i]*x + hashB[i]; v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// Similarity estimates the Jaccard similarity of the texts behind two
// signatures.
func Similarity(a, b *Signature) float64 {
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / NumHashes
}

// BandKeys returns one key per LSH band: texts sharing any band key are
// candidate near-duplicates. Band index is mixed into the key so that one
// index column serves all bands.
func (s *Signature) BandKeys() [Bands]uint64 {
	var keys [Bands]uint64
	for b := range Bands {
		h := uint64(b+1) * 0x9E3779B97F4A7C15
		for r := range rows {
			h = bits.RotateLeft64(h^s[b*rows+r], 23) * 0xBF58476D1CE4E5B9
		}
		keys[b] = h
	}
	return keys
}

// Bytes encodes the signature for storage.
func (s *Signature) Bytes() []byte {
	out := make([]byte, NumHashes*8)
	for i, v := range s {
		binary.LittleEndian.PutUint64(out[i*8:], v)
	}
	return out
}

// SignatureFrom decodes a stored signature; ok is false for a wrong size.
func SignatureFrom(b []byte) (sig Signature, ok bool) {
	if len(b) != NumHashes*8 {
		return sig, false
	}
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint64(b[i*8:])
	}
	return sig, true
}
