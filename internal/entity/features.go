package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Features are 64-bit hashes of (template, value) rather than strings: a
// token's features are built without allocating, and the model stores
// 8 bytes a key. At a few hundred thousand features a collision is
// improbable (about 1 in 10^8 per pair), and one would cost a little
// accuracy, not correctness.

// Feature templates. The numbers are part of the model: renumbering one
// changes every hash and needs `warta train ner`.
const (
	fBias = iota + 1
	fWord
	fWordPrev
	fWordNext
	fWordPrev2
	fWordNext2
	fBigramPrev
	fBigramNext
	fShape
	fShapePrev
	fShapeNext
	fShapeWindow
	fPrefix
	fSuffix
	fFirst
	fDictShape
	fGazFirst
	fGazInner
	fGazFirstPrev
	fPhrase
	fPhrasePrev
	fPhraseNext
	fClass
	fClassPrev
	fClassNext
	fClassShape
	fCapRatio
	fCapRatioShape
	fLowerSentence
	fClassBigram // tried (class of previous word and this one), did not help; kept so the numbers after it stay
	fQuote
	fParen
	fWordPrevShape
	fWordNextShape
	fPairWord
	fPairShape
	fPairClass
	fLast
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashString is FNV-1a over the bytes of s.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// mix combines two hashes (a splitmix64 finaliser over a multiply-xor),
// so that feat(t, v) differs for every template t of the same value v.
func mix(a, b uint64) uint64 {
	h := a*0x9E3779B97F4A7C15 ^ b
	h ^= h >> 30
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 27
	h *= 0x94D049BB133111EB
	h ^= h >> 31
	return h
}

func feat(tmpl int, v uint64) uint64 { return mix(uint64(tmpl), v) }

// tokInfo is what the features need of one token, computed once per
// sentence so that window features reuse it.
type tokInfo struct {
	lower      string
	word       uint64 // hash of lower
	shape      uint64 // hash of the full shape ("Xx", "X.X.", "dd-x")
	short      byte   // coarse shape: 'X' capitalized, 'A' all caps, 'x' lower, 'd' digits, 'p' other
	dict       bool   // an ordinary Indonesian word (stemmer dictionary)
	gazFirst   uint8  // bit per type: the word starts a knowledge-file name of that type
	gazInner   uint8  // bit per type: the word continues one
	phrase     uint64 // hash of "TYPE|pos" from the longest gazetteer phrase over it, 0 if none
	class      [numGrains]uint16
	capRatio   uint8 // bucket of how often the corpus capitalizes the word mid-sentence; 0 unknown
	hasClasses bool
}

// sentence holds the features of every token of one sentence: token i has
// feats[off[i]:off[i+1]].
//
// Pair features are scored for each previous tag: token i has
// pairs[poff[i]:poff[i+1]], and the key for previous tag p is mix(f, p).
type sentence struct {
	feats []uint64
	off   []int32
	pairs []uint64
	poff  []int32
	info  []tokInfo
}

var (
	hashStart = hashString("<s>")
	hashEnd   = hashString("</s>")
)

// shapeOf returns the hash of the word's shape (runs of upper, lower,
// digit collapsed; other characters kept) and its coarse class.
func shapeOf(w string) (uint64, byte) {
	h := uint64(fnvOffset)
	var last rune = -1
	upper, lower, digit, other, n := 0, 0, 0, 0, 0
	firstUpper := false
	for _, r := range w {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			if n == 0 {
				firstUpper = true
			}
		case unicode.IsLower(r) || unicode.IsLetter(r):
			c = 'x'
			lower++
		case unicode.IsDigit(r):
			c = 'd'
			digit++
		default:
			other++
		}
		n++
		if c != last {
			h ^= uint64(c)
			h *= fnvPrime
			last = c
		}
	}
	switch {
	case upper >= 2 && lower == 0:
		return h, 'A'
	case firstUpper:
		return h, 'X'
	case lower > 0:
		return h, 'x'
	case digit > 0:
		return h, 'd'
	}
	return h, 'p'
}

// typeNames are the entity types in the order of their bits in
// tokInfo.gazFirst and gazInner.
var typeNames = [...]string{"PER", "ORG", "LOC"}

// prepare computes the per-token information of a sentence.
func (lx *lexicon) prepare(toks []string, info []tokInfo) {
	for i, w := range toks {
		ti := &info[i]
		ti.lower = strings.ToLower(w)
		ti.word = hashString(ti.lower)
		ti.shape, ti.short = shapeOf(w)
		ti.dict = lx.isWord(ti.lower)
		ti.gazFirst, ti.gazInner = lx.first[ti.lower], lx.inner[ti.lower]
		ti.phrase = 0
		ti.class, ti.capRatio, ti.hasClasses = [numGrains]uint16{}, 0, false
		if c, ok := lx.classes[ti.lower]; ok {
			ti.class, ti.capRatio, ti.hasClasses = c.class, c.capRatio, true
		}
	}
	lx.markPhrases(info)
}

// markPhrases finds the longest gazetteer phrases, left to right, and
// marks their tokens with type and position (B, I, E or single S).
func (lx *lexicon) markPhrases(info []tokInfo) {
	if len(lx.phrases) == 0 {
		return
	}
	var key strings.Builder
	for i := 0; i < len(info); {
		most := lx.phraseStarts[info[i].lower]
		found, typ := 0, ""
		for n := min(most, len(info)-i); n >= 1; n-- {
			key.Reset()
			for k := i; k < i+n; k++ {
				if k > i {
					key.WriteByte(' ')
				}
				key.WriteString(info[k].lower)
			}
			if t, ok := lx.phrases[key.String()]; ok {
				found, typ = n, t
				break
			}
		}
		if found == 0 {
			i++
			continue
		}
		for k := i; k < i+found; k++ {
			pos := "I"
			switch {
			case found == 1:
				pos = "S"
			case k == i:
				pos = "B"
			case k == i+found-1:
				pos = "E"
			}
			info[k].phrase = hashString(typ + "|" + pos)
		}
		i += found
	}
}

// extract fills s with the features of every token of toks. With a
// domain, every feature also comes in a copy for that domain (Daumé's
// "frustratingly easy" domain adaptation): the shared copy learns what
// the corpora agree on, the domain copy how one corpus annotates.
func (lx *lexicon) extract(toks []string, domain string, s *sentence) {
	var dom uint64
	if domain != "" {
		dom = hashString("domain|" + domain)
	}
	if cap(s.info) < len(toks) {
		s.info = make([]tokInfo, len(toks))
	}
	s.info = s.info[:len(toks)]
	lx.prepare(toks, s.info)
	s.feats = s.feats[:0]
	s.off = append(s.off[:0], 0)
	s.pairs = s.pairs[:0]
	s.poff = append(s.poff[:0], 0)
	info := s.info
	lowerSentence := true
	for i := range info {
		if info[i].short == 'X' || info[i].short == 'A' {
			lowerSentence = false
			break
		}
	}
	wordAt := func(i int) uint64 {
		switch {
		case i < 0:
			return hashStart
		case i >= len(info):
			return hashEnd
		}
		return info[i].word
	}
	shapeAt := func(i int) uint64 {
		switch {
		case i < 0:
			return hashStart
		case i >= len(info):
			return hashEnd
		}
		return info[i].shape
	}
	shortAt := func(i int) uint64 {
		switch {
		case i < 0:
			return '<'
		case i >= len(info):
			return '>'
		}
		return uint64(info[i].short)
	}
	inQuote, inParen := false, false
	for i := range info {
		ti := &info[i]
		switch ti.lower {
		case "\"", "“", "”":
			inQuote = !inQuote
		case "(":
			inParen = true
		case ")":
			inParen = false
		}
		f := s.feats
		start := len(f)
		// Titles of films and songs are quoted and not entities; an
		// acronym in parentheses names what stands before it.
		if inQuote {
			f = append(f, feat(fQuote, uint64(ti.short)))
		}
		if inParen {
			f = append(f, feat(fParen, uint64(ti.short)))
		}
		f = append(f, feat(fWordPrevShape, mix(wordAt(i-1), uint64(ti.short))), feat(fWordNextShape, mix(wordAt(i+1), uint64(ti.short))))
		f = append(f, feat(fBias, 0),
			feat(fWord, ti.word),
			feat(fWordPrev, wordAt(i-1)),
			feat(fWordNext, wordAt(i+1)),
			feat(fWordPrev2, wordAt(i-2)),
			feat(fWordNext2, wordAt(i+2)),
			feat(fBigramPrev, mix(wordAt(i-1), ti.word)),
			feat(fBigramNext, mix(ti.word, wordAt(i+1))),
			feat(fShape, ti.shape),
			feat(fShapePrev, shapeAt(i-1)),
			feat(fShapeNext, shapeAt(i+1)),
			feat(fShapeWindow, shortAt(i-1)<<16|shortAt(i)<<8|shortAt(i+1)),
		)
		f = appendAffixes(f, ti.lower)
		if i == 0 {
			f = append(f, feat(fFirst, uint64(ti.short)))
		}
		if ti.dict {
			f = append(f, feat(fDictShape, uint64(ti.short)))
		}
		for b, t := range typeNames {
			bit := uint8(1) << b
			if ti.gazFirst&bit != 0 {
				f = append(f, feat(fGazFirst, hashString(t)))
			}
			if ti.gazInner&bit != 0 {
				f = append(f, feat(fGazInner, hashString(t)))
			}
			if i > 0 && info[i-1].gazFirst&bit != 0 {
				f = append(f, feat(fGazFirstPrev, hashString(t)))
			}
		}
		if ti.phrase != 0 {
			f = append(f, feat(fPhrase, ti.phrase))
		}
		if i > 0 && info[i-1].phrase != 0 {
			f = append(f, feat(fPhrasePrev, info[i-1].phrase))
		}
		if i+1 < len(info) && info[i+1].phrase != 0 {
			f = append(f, feat(fPhraseNext, info[i+1].phrase))
		}
		f = lx.appendClasses(f, info, i)
		if lowerSentence {
			f = append(f, feat(fLowerSentence, 0))
		}
		if dom != 0 {
			for _, x := range f[start:] {
				f = append(f, mix(x, dom))
			}
		}
		s.feats = f
		s.off = append(s.off, int32(len(s.feats)))
		pstart := len(s.pairs)
		s.pairs = append(s.pairs, feat(fPairWord, ti.word), feat(fPairShape, uint64(ti.short)))
		if ti.hasClasses {
			s.pairs = append(s.pairs, feat(fPairClass, uint64(ti.class[1])))
		}
		if dom != 0 {
			for _, x := range s.pairs[pstart:] {
				s.pairs = append(s.pairs, mix(x, dom))
			}
		}
		s.poff = append(s.poff, int32(len(s.pairs)))
	}

}

// appendAffixes adds prefixes and suffixes of 1 to 4 runes.
func appendAffixes(f []uint64, w string) []uint64 {
	n := utf8.RuneCountInString(w)
	// prefixes
	h := uint64(fnvOffset)
	k, bi := 0, 0
	for bi < len(w) && k < 4 {
		_, sz := utf8.DecodeRuneInString(w[bi:])
		for j := bi; j < bi+sz; j++ {
			h ^= uint64(w[j])
			h *= fnvPrime
		}
		bi += sz
		k++
		f = append(f, feat(fPrefix, mix(uint64(k), h)))
	}
	// suffixes: hash of w[end-k:], computed per k (words are short).
	end := len(w)
	start := end
	for k := 1; k <= 4 && k <= n; k++ {
		_, sz := utf8.DecodeLastRuneInString(w[:start])
		start -= sz
		f = append(f, feat(fSuffix, mix(uint64(k), hashString(w[start:end]))))
	}
	return f
}

// appendClasses adds the distributional word-class features: the class of
// the word and its neighbours at each grain, and how often the corpus
// writes the word capitalized.
func (lx *lexicon) appendClasses(f []uint64, info []tokInfo, i int) []uint64 {
	if len(lx.classes) == 0 {
		return f
	}
	ti := &info[i]
	for g := 0; g < numGrains; g++ {
		gg := uint64(g) << 32
		if ti.hasClasses {
			f = append(f, feat(fClass, gg|uint64(ti.class[g])), feat(fClassShape, gg|uint64(ti.class[g])<<8|uint64(ti.short)))
		} else {
			f = append(f, feat(fClass, gg|0xffff))
		}
		if i > 0 && info[i-1].hasClasses {
			f = append(f, feat(fClassPrev, gg|uint64(info[i-1].class[g])))
		}
		if i+1 < len(info) && info[i+1].hasClasses {
			f = append(f, feat(fClassNext, gg|uint64(info[i+1].class[g])))
		}
	}
	if ti.hasClasses {
		f = append(f, feat(fCapRatio, uint64(ti.capRatio)), feat(fCapRatioShape, uint64(ti.capRatio)<<8|uint64(ti.short)))
	}
	return f
}
