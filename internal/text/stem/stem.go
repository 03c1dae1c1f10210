package stem

import (
	"strings"
	"sync"
	"sync/atomic"

	sastrawi "github.com/RadhiFadlillah/go-sastrawi"
)

// Stemmer stems Indonesian words. It is immutable apart from its cache and
// safe for concurrent use.
type Stemmer struct {
	// dict is the root dictionary, built on first use: building it takes
	// about 3 MB and 20 ms, which every command would otherwise pay at
	// start-up through the packages that keep a package-level Stemmer.
	dict func() sastrawi.Dictionary
	// cache maps word → root. A long-running server meets new words for
	// ever (names, typos), so the cache is dropped and started afresh when
	// it holds maxCached words: memory stays bounded, and the words news
	// uses every day are back in it within minutes.
	cache  atomic.Pointer[sync.Map]
	cached atomic.Int64
	limit  int64 // maxCached; smaller in tests
}

// maxCached bounds the words a Stemmer's cache holds (about 40 MB).
const maxCached = 100_000

// defaultDict is go-sastrawi's root dictionary, built once per process
// when a stemmer first needs it, and shared.
var defaultDict = sync.OnceValue(func() sastrawi.Dictionary {
	d := sastrawi.DefaultDictionary()
	// Roots the dictionary lacks but news uses constantly.
	d.Add("tandatangan", "kunjung", "temu", "covid", "vaksin")
	return d
})

// New returns a stemmer over go-sastrawi's default root dictionary. It is
// cheap: the dictionary is built on the first Stem or IsWord of any
// stemmer in the process.
func New() *Stemmer {
	s := &Stemmer{dict: defaultDict, limit: maxCached}
	s.cache.Store(new(sync.Map))
	return s
}

// Preload builds the shared root dictionary now rather than on first use,
// so that a program can have it built on another core while it does other
// start-up work.
func Preload() { defaultDict() }

// protected words are never stemmed: acronyms and blends whose letters
// happen to look like affixes (pe-milu, ke-menlu, pil-kada).
var protected = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`pemilu pilkada pilpres pileg pemilukada menlu kemenlu kemlu menkeu kemenkeu mendagri
		kemendagri menhan kemhan kemenhan menkes kemenkes mendikbud kemendikbud mendikbudristek menpora kemenpora
		menag kemenag mensesneg kemensetneg menko kemenko menteri kapolri kapolda kapolres kapolsek polri polda polres
		polsek pemkot pemkab pemprov pemda pemdes dprd dpr mpr dpd bumn bumd kpk kpu bawaslu bpom bnpb bpbd bnn
		menkumham kemenkumham menaker kemnaker menpan kemenpan menparekraf kemenparekraf mentan kementan
		menhub kemenhub menperin kemenperin mendag kemendag menlhk klhk pangdam pangkostrad kasad ksad
		wapres capres cawapres caleg cagub cawagub cabup cawabup cawalkot pemerintah pemerintahan perppu perpres
		pergub perda permen kepmen inpres keppres ormas parpol lapas rutan puskesmas posyandu sembako pertalite`) {
		m[w] = true
	}
	return m
}()

// Stem returns the root of a lower-cased word, or the word itself when it
// does not reduce to a dictionary root.
func (s *Stemmer) Stem(word string) string {
	if len(word) < 4 || protected[word] {
		return word
	}
	cache := s.cache.Load()
	if v, ok := cache.Load(word); ok {
		return v.(string)
	}
	root := s.stem(word)
	if s.cached.Add(1) > s.limit {
		s.cached.Store(0)
		cache = new(sync.Map)
		s.cache.Store(cache)
	}
	cache.Store(word, root)
	return root
}

func (s *Stemmer) has(w string) bool { return len(w) >= 2 && s.dict().Contains(w) }

func (s *Stemmer) stem(word string) string {
	if s.has(word) {
		return word
	}
	// Reduplication: "negara-negara" → negara, "kerja-kerja" → kerja.
	if i := strings.IndexByte(word, '-'); i > 0 {
		a, b := s.Stem(word[:i]), s.Stem(word[i+1:])
		if a == b {
			return a
		}
		return word
	}
	// Inflections (particle, then possessive) may or may not be there:
	// "bertemu" ends in "mu" but is ber-temu. Each reading is tried.
	variants := []string{word}
	w := word
	for _, p := range []string{"lah", "kah", "tah", "pun"} {
		if strings.HasSuffix(w, p) && len(w) > len(p)+2 {
			w = w[:len(w)-len(p)]
			variants = append(variants, w)
			break
		}
	}
	for _, p := range []string{"nya", "ku", "mu"} {
		if strings.HasSuffix(w, p) && len(w) > len(p)+2 {
			w = w[:len(w)-len(p)]
			variants = append(variants, w)
			break
		}
	}
	for _, v := range variants[1:] {
		if s.has(v) {
			return v
		}
	}
	type form struct{ base, suffix string }
	var all [][]form
	for _, v := range variants {
		// ECS removes -kan and -an before prefixes (memberikan → beri, not
		// be-rikan → ikan) but a final -i is often part of the root
		// (memakai → pakai, membeli → beli), so the whole word is tried
		// before the -i reading.
		var forms, iForms []form
		for _, suf := range []string{"kan", "an", "i"} {
			if !strings.HasSuffix(v, suf) || len(v) <= len(suf)+2 {
				continue
			}
			b := v[:len(v)-len(suf)]
			switch {
			case suf == "i":
				iForms = append(iForms, form{b, suf})
			case suf == "an" && strings.HasSuffix(b, "k"):
				forms = append(forms, form{b[:len(b)-1], "kan"}, form{b, suf})
			default:
				forms = append(forms, form{b, suf})
			}
		}
		forms = append(append(forms, form{v, ""}), iForms...)
		for _, f := range forms {
			if f.suffix != "" && s.has(f.base) {
				return f.base
			}
		}
		all = append(all, forms)
	}
	for _, forms := range all {
		for _, f := range forms {
			if r, ok := s.prefixes(f.base, f.suffix, 0, ""); ok {
				return r
			}
		}
	}
	return word
}

// disallowed confixes (prefix with suffix) never form a word in ECS.
func disallowed(prefix, suffix string) bool {
	switch prefix + "+" + suffix {
	case "be+i", "di+an", "ke+i", "ke+kan", "me+an", "se+i", "se+kan", "te+an":
		return true
	}
	return false
}

// prefixes strips up to three derivational prefixes, trying each recoding
// the ECS rules allow, and returns the first dictionary root found.
func (s *Stemmer) prefixes(w, suffix string, depth int, prev string) (string, bool) {
	if depth >= 3 || len(w) < 4 {
		return "", false
	}
	for _, c := range prefixCandidates(w) {
		if c.prefix == prev || disallowed(c.prefix, suffix) {
			continue
		}
		for _, base := range c.bases {
			if s.has(base) {
				return base, true
			}
			if r, ok := s.prefixes(base, suffix, depth+1, c.prefix); ok {
				return r, true
			}
		}
	}
	return "", false
}

// preferK lists roots starting with k that win over the vowel-initial
// reading of meng-/peng- when both are words (mengunjungi: kunjung, not
// unjung). They are frequent news verbs.
var preferK = map[string]bool{"kunjung": true, "kunjungi": true, "kenal": true, "kecam": true, "kata": true, "kirim": true,
	"kuasa": true, "kumpul": true, "kelola": true, "kuat": true, "kritik": true, "kabul": true, "kembang": true,
	"kukuh": true, "kurang": true, "kaji": true, "kuras": true, "kejar": true, "kendali": true, "keluar": true}

type prefixCandidate struct {
	prefix string
	bases  []string
}

func isVowel(b byte) bool { return strings.IndexByte("aiueo", b) >= 0 }

// prefixCandidates lists the ways w may be prefix + base, with the
// recodings of ECS (me-/pe- assimilation, be-/te- before r, and so on).
func prefixCandidates(w string) []prefixCandidate {
	var out []prefixCandidate
	add := func(prefix string, bases ...string) {
		var ok []string
		for _, b := range bases {
			if len(b) >= 2 {
				ok = append(ok, b)
			}
		}
		if len(ok) > 0 {
			out = append(out, prefixCandidate{prefix, ok})
		}
	}
	rest := func(n int) string { return w[n:] }
	switch {
	case strings.HasPrefix(w, "di"):
		add("di", rest(2))
	case strings.HasPrefix(w, "ke"):
		add("ke", rest(2))
	case strings.HasPrefix(w, "se"):
		add("se", rest(2))
	}
	// me- and pe- share assimilation rules: mem-/pem-, men-/pen-,
	// meng-/peng-, meny-/peny-.
	for _, p := range []string{"me", "pe"} {
		if !strings.HasPrefix(w, p) || len(w) < 5 {
			continue
		}
		r := w[2:]
		switch {
		case strings.HasPrefix(r, "ny") && len(r) > 2 && isVowel(r[2]):
			add(p, "s"+r[2:], "ny"+r[2:])
		case strings.HasPrefix(r, "nge") && len(r) > 3 && !isVowel(r[3]):
			add(p, "k"+r[2:], r[3:], r[2:]) // menge-nal → kenal; menge-cat → cat
		case strings.HasPrefix(r, "ng") && len(r) > 2 && isVowel(r[2]):
			if preferK[strings.TrimSuffix(strings.TrimSuffix("k"+r[2:], "i"), "kan")] || preferK["k"+r[2:]] {
				add(p, "k"+r[2:], r[2:])
			} else {
				add(p, r[2:], "k"+r[2:])
			}
		case strings.HasPrefix(r, "ng") && len(r) > 2:
			add(p, r[2:])
		case strings.HasPrefix(r, "m") && len(r) > 1 && (r[1] == 'b' || r[1] == 'f' || r[1] == 'v'):
			add(p, r[1:])
		case strings.HasPrefix(r, "mp") && len(r) > 2 && (r[2] == 'e' && (strings.HasPrefix(r[2:], "er") || strings.HasPrefix(r[2:], "el"))):
			add(p, r[1:], r[3:]) // mem-per-, mem-pel-
		case strings.HasPrefix(r, "m") && len(r) > 1 && isVowel(r[1]):
			add(p, "m"+r[1:], "p"+r[1:]) // memakan → makan; memakai → pakai
		case strings.HasPrefix(r, "n") && len(r) > 1 && strings.IndexByte("cdjzst", r[1]) >= 0:
			add(p, r[1:])
		case strings.HasPrefix(r, "n") && len(r) > 1 && isVowel(r[1]):
			add(p, "t"+r[1:], "n"+r[1:])
		case len(r) > 1 && strings.IndexByte("lrwy", r[0]) >= 0 && isVowel(r[1]):
			add(p, r)
		}
		if p == "pe" {
			switch {
			case strings.HasPrefix(r, "r") && len(r) > 1 && isVowel(r[1]):
				add("per", r[1:], r)
			case strings.HasPrefix(r, "r"):
				add("per", r[1:])
			case strings.HasPrefix(r, "lajar"):
				add("pe", "ajar")
			case len(r) > 0 && !isVowel(r[0]):
				add("pe", r)
			}
		}
		if p == "me" && strings.HasPrefix(r, "mper") {
			add("memper", r[4:])
		}
	}
	// be- and te-: ber-/ter- before a vowel may keep the r of the root.
	for _, p := range []string{"be", "te"} {
		if !strings.HasPrefix(w, p) || len(w) < 5 {
			continue
		}
		r := w[2:]
		switch {
		case strings.HasPrefix(r, "r") && len(r) > 1 && isVowel(r[1]):
			add(p, r[1:], r)
		case strings.HasPrefix(r, "r") && len(r) > 1:
			add(p, r[1:])
		case p == "be" && strings.HasPrefix(r, "lajar"):
			add(p, "ajar")
		case len(r) > 2 && !isVowel(r[0]) && r[0] != 'r':
			add(p, r)
		}
	}
	return out
}

// IsWord reports whether a lower-cased word is an Indonesian root in the
// dictionary: entity recognition uses it to tell a capitalized common word
// at a sentence start from a name.
func (s *Stemmer) IsWord(w string) bool { return s.dict().Contains(w) }
