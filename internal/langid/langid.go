package langid

import (
	"math"
	"strings"
	"unicode"
)

// Result is a detected language: an ISO 639-1 code ("" when the text is
// too short or has no evidence) and a confidence in [0, 1].
type Result struct {
	Lang       string  `json:"lang"`
	Confidence float64 `json:"confidence"`
}

// Each language has common words (weight 1: frequent, shared with close
// relatives) and marker words (weight 3: rare in the other languages).
type lexicon struct {
	common, marker map[string]bool
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var langs = map[string]lexicon{
	"id": {
		common: set(`yang dan di ke dari untuk dengan ini itu tidak akan pada dalam adalah juga oleh atau sudah telah
			bahwa karena setelah saja bisa kami kita mereka saat ketika namun tetapi sehingga tersebut para secara
			lebih masih harus dapat belum sejak hingga antara terhadap tentang melalui kepada ada seperti`),
		marker: set(`bahwa karena setelah bisa uang kantor gratis pengadilan universitas polisi taksi rupiah kemarin
			nggak enggak gak banget aja sih dong kok kalau mobil pemerintah presiden rumah sakit menurut dilakukan
			mengatakan mengungkapkan menjelaskan pihaknya jakarta kecamatan kabupaten provinsi`),
	},
	"ms": {
		common: set(`yang dan di ke dari untuk dengan ini itu tidak akan pada dalam adalah juga oleh atau sudah telah
			kami kita mereka ketika namun tetapi sehingga tersebut para secara lebih masih harus dapat belum sejak
			hingga antara terhadap tentang melalui kepada ada seperti ialah beliau`),
		// Words that Indonesian news also uses often (boleh, apabila,
		// pejabat, jabatan, mahkamah, berkata, Malaysia) are left out: the
		// news corpus showed them.
		marker: set(`bahawa kerana selepas wang percuma universiti polis teksi ringgit sahaja sebarang manakala iaitu
			persekutuan berkenaan mesyuarat disyaki tertuduh mangsa menaiki kenyataan`),
	},
	"en": {
		common: set(`the and of to in for with that this is are was were be by on at from as it its has have had will
			would not or an which their they he she his her who been also but more said about after`),
		marker: set(`the and of to is was were with that which would their they said from this have has been`),
	},
	"jv": {
		common: set(`lan ing ora iki kuwi sing wis arep uga marang saka dening kanggo kowe dheweke`),
		marker: set(`ing lan ora iki kuwi sing wis arep marang dening kanggo yaiku nanging amarga menawa
			dheweke panjenengan sampeyan mboten inggih kula punika wonten saged badhe sampun ugi akeh
			liyane kabeh padha ngandika ujare jroning menyang lunga udane isih omah mula`),
	},
	"su": {
		common: set(`teh jeung anu nu henteu teu naon ieu eta urang abdi anjeun sareng kana tina pikeun ku mah oge nya`),
		marker: set(`jeung henteu teu kumaha naon ieu eta anjeun sareng tina pikeun oge ogé geus keur dina kituna
			ayeuna sanes parantos tiasa hoyong seueur pisan sakumaha ngeunaan saurna cenah lamun salian acan
			sabab énjing kedah heula badé indung gedé kamari dipésér éta damang`),
	},
}

// others are languages warta does not analyze but must not mistake for
// Indonesian: their most frequent words.
var others = map[string]map[string]bool{
	"pt": set(`de que não uma para com por mais como são também foi pelo pela ao dos das seu sua você está isso muito`),
	"es": set(`el los las del que una para con por más como pero fue sus este está son también muy hay`),
	"it": set(`il che non una per con del della sono anche come più gli nel alla questo stato è delle dei`),
	"fr": set(`le les des une est pour dans que qui pas sur avec sont mais comme plus cette été aux du`),
	"de": set(`der die das und nicht ist mit sich auf für eine dem den auch ein wird sind von zu`),
	"nl": set(`het een van niet voor zijn met ook maar wordt door naar heeft deze`),
}

// order fixes the iteration order so ties resolve the same way every run.
var order = []string{"id", "ms", "en", "jv", "su"}

// script recognizes texts mostly in a non-Latin script.
func script(text string) (Result, bool) {
	counts := map[string]int{}
	letters := 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			counts["ru"]++
		case unicode.Is(unicode.Hangul, r):
			counts["ko"]++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			counts["ja"]++
		case unicode.Is(unicode.Han, r):
			counts["zh"]++
		case unicode.Is(unicode.Arabic, r):
			counts["ar"]++
		}
	}
	if counts["ja"] > 0 && counts["ja"]+counts["zh"] > letters/2 {
		return Result{Lang: "ja", Confidence: 0.9}, true
	}
	for _, code := range []string{"ru", "ko", "zh", "ar"} {
		if counts[code] > letters/2 {
			return Result{Lang: code, Confidence: 0.9}, true
		}
	}
	return Result{}, false
}

// Detect returns the most likely language of text. Texts with fewer than
// three scoring words yield an empty Lang: a headline of names says
// nothing about its language.
func Detect(text string) Result {
	scores := map[string]float64{}
	hits := 0
	toks := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '-' && r != 'é' && r != '.' && r != '!' && r != '?'
	})
	capital := func(i int) bool {
		if i >= len(toks) {
			return false
		}
		o := strings.Trim(toks[i], ".!?")
		return o != "" && unicode.IsUpper([]rune(o)[0])
	}
	sentenceStart := true
	for i, tok := range toks {
		// Sentence ends ride on the token before them ("itu.").
		end := strings.ContainsAny(tok, ".!?")
		orig := strings.Trim(tok, ".!?")
		w := strings.ToLower(orig)
		// A capitalized word inside a sentence, or one followed by another
		// capitalized word, is a name: "Wang Yi" is no Malay "wang"
		// (money).
		name := capital(i) && (!sentenceStart || !end && capital(i+1))
		sentenceStart = end
		if w == "" {
			continue
		}
		matched := false
		for _, l := range order {
			lx := langs[l]
			if lx.marker[w] && !name {
				scores[l] += 3
				matched = true
			} else if lx.common[w] {
				scores[l]++
				matched = true
			}
		}
		if matched {
			hits++
		}
	}
	if r, ok := script(text); ok {
		return r
	}
	if hits < 3 {
		return Result{}
	}
	best, second := "", ""
	for _, l := range order {
		if best == "" || scores[l] > scores[best] {
			best, second = l, best
		} else if second == "" || scores[l] > scores[second] {
			second = l
		}
	}
	if scores[best] == 0 {
		return Result{}
	}
	// A European language with more of its own frequent words than the
	// best of ours wins: "di", "e" and "de" are not enough for Indonesian.
	words := strings.Fields(strings.ToLower(text))
	for _, code := range []string{"pt", "es", "it", "fr", "de", "nl"} {
		n := 0
		for _, w := range words {
			if others[code][w] {
				n++
			}
		}
		if float64(n) > scores[best] {
			return Result{Lang: code, Confidence: 0.5}
		}
	}
	// Confidence from the margin over the runner-up, squashed to [0,1].
	margin := scores[best] - scores[second]
	conf := 1 - math.Exp(-margin/4)
	return Result{Lang: best, Confidence: math.Round(conf*100) / 100}
}
