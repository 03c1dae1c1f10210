package quote

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/pattern"
)

// Options configure Find. The functions come from the entity stage's
// offices table; without them titles resolve only through the article's
// own words.
type Options struct {
	// Holder names who held the office a title names ("Menlu RI",
	// "Kapolri") on a day.
	Holder func(title string, on time.Time) (name, id string, ok bool)
	// HolderNamed finds the one office holder on a day, of one of the
	// given countries or institutions, whose name holds a word ("Agus"
	// in a report on the KPK of 2019 → Agus Rahardjo).
	HolderNamed func(word string, on time.Time, of []string) (name, id string, ok bool)
	// Known tells whether a phrase names a place or an organization the
	// knowledge file knows.
	Known func(phrase string) bool
	// TitleWords says how many leading words of a phrase are an office
	// title ("Menteri Luar Negeri Rusia Sergey Lavrov" → 4), 0 for none.
	TitleWords func(phrase string) int
}

// speech verbs in their bare, -nya and me- forms.
const verbs = `kata|ujar|ucap|ungkap|tutur|jelas|tegas|sebut|papar|terang|imbuh|tambah|lanjut|sambung|tulis|tukas|pungkas|kilah|seru|tanya|akui|aku|beber|klaim|cerita|kisah|timpal|sahut|tandas|harap|pinta|ajak|urai|tutup|lengkap|jawab|nilai|sindir|keluh|kenang|simpul|said|says|told|added|wrote|asked|stated|explained`

var (
	// After a closing quote: ", kata Retno", ", ucap dia", ", sambungnya".
	reAfter = pattern.New(`^\s*[,.]?\s*(?i:(` + verbs + `)(nya)?)\b\s*(.*)`)
	// Before an opening quote: "Retno mengatakan, ", "Menurut Retno, ", "Retno: ".
	reBeforeVerb = pattern.New(`(?i)\b(mengatakan|menuturkan|menyebut(?:kan)?|menjelaskan|menegaskan|mengungkapkan|menambahkan|melanjutkan|memaparkan|menerangkan|menyatakan|berkata|bertanya|menulis|mengaku|mengakui|membeberkan|berujar|bercerita|berpesan|said|says|added|wrote|told reporters|told [A-Z][\w ]{0,30}|stated|said in a statement)\s*(?:bahwa\s*|that\s*)?[,:]?\s*$`)
	reMenurut    = pattern.New(`(?i)\b(menurut|according to|kata)\s+(.+?)\s*,\s*$`)
	// After a closing quote, a statement named as the source: "demikian
	// bunyi pernyataan MHA", "bunyi keterangan tertulis Kemenlu".
	reStatement = pattern.New(`^\s*[,.]?\s*(?i:demikian\s+)?(?i:bunyi|isi)\s+(?i:pernyataan|keterangan|pengumuman|rilis|siaran pers|surat|unggahan|cuitan|tulisan|kutipan)(?:\s+(?i:resmi|tertulis|pers))*(?:\s+(?i:dari))?\s+(.*)`)
	// After a closing quote in English: `, Lavrov said.`, `, he told reporters`.
	reAfterEnglish = pattern.New(`^\s*[,.]?\s*((?:[A-Z][\w.'’-]*|he|she|they|it)(?:\s+(?:[A-Z][\w.'’-]*|bin|al|van|de)){0,5})\s+(said|says|told|added|wrote|stated|explained|asked|noted)\b`)
	// Reported speech: "Retno menuturkan (bahwa) ...".
	reIndirect = pattern.New(`(?i)^(.{2,80}?)\s+(menuturkan|mengatakan|menyebut|menjelaskan|menegaskan|mengungkapkan|menambahkan|memaparkan|menyatakan|mengklaim|menilai|berpendapat)\s+(?:bahwa\s+|,\s*)?(.{10,})$`)
	pronouns   = map[string]bool{"dia": true, "ia": true, "beliau": true, "mereka": true, "he": true, "she": true}
)

// quoted is a direct quote located in the text.
type quoted struct {
	text       string
	para       int // paragraph where it ends (attribution follows there)
	startPara  int
	before     string // text before the opening mark in its paragraph
	after      string // text after the closing mark
	hasClosing bool
}

// Find returns the quotes of the article in text order.
func Find(a *warta.Article, opt Options) []warta.Quote {
	res := &resolver{a: a, opt: opt, spoke: map[int][]speaker{}}
	var out []warta.Quote
	interviewee := res.interviewee()
	if a.Type == "interview" && interviewee != nil {
		for i, p := range a.Paragraphs {
			t := strings.TrimSpace(p)
			if t == "" {
				continue
			}
			q := warta.Quote{Text: t, Direct: true, Paragraph: i}
			if strings.HasSuffix(t, "?") {
				q.Cue = "question" // the interviewer's: nobody in the text
			} else {
				name := interviewee.Name
				q.Speaker, q.SpeakerID, q.Cue = &name, interviewee.ID, "interview"
			}
			out = append(out, q)
		}
		return out
	}
	for _, qd := range directQuotes(a.Paragraphs) {
		q := warta.Quote{Text: qd.text, Direct: true, Paragraph: qd.startPara}
		who, cue := res.attribute(qd)
		if who.name != "" {
			n := who.name
			q.Speaker, q.SpeakerID = &n, who.id
		} else {
			q.SpeakerNote = who.note
		}
		res.spoke[qd.para] = append(res.spoke[qd.para], who)
		q.Cue = cue
		out = append(out, q)
	}
	continueSpeakers(out)
	// Reported speech outside quote marks.
	for i, p := range a.Paragraphs {
		if strings.ContainsAny(p, "\"“”") {
			continue
		}
		for _, s := range splitSentences(p) {
			m := reIndirect.FindStringSubmatch(s)
			if m == nil {
				continue
			}
			who := lastPhrase(m[1])
			if who == "" {
				continue
			}
			at := quoted{para: i, startPara: i, before: p[:max(0, strings.Index(p, s))]}
			sp := res.phraseSpeaker(who, at)
			if sp.name == "" {
				continue
			}
			n := sp.name
			out = append(out, warta.Quote{Text: strings.TrimRight(m[3], "."), Speaker: &n, SpeakerID: sp.id,
				Cue: who + " " + strings.ToLower(m[2]), Direct: false, Paragraph: i})
		}
	}
	sortByParagraph(out)
	return out
}

func sortByParagraph(qs []warta.Quote) {
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && qs[j].Paragraph < qs[j-1].Paragraph; j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}

func isOpen(r rune) bool  { return r == '"' || r == '“' || r == '„' }
func isClose(r rune) bool { return r == '"' || r == '”' }

// directQuotes finds double-quoted passages. A paragraph that opens a quote
// without closing it continues into the next ones (the convention of
// multi-paragraph quotes); a paragraph with a closing mark but no opening
// one quotes from its start.
func directQuotes(paras []string) []quoted {
	var out []quoted
	var open *quoted
	var buf []string
	for pi, p := range paras {
		pos := 0
		if open == nil && !hasOpening(p) {
			// Missing opening mark: `... ,” kata X.`
			if i := strings.IndexAny(p, "”"); i > 0 && strings.Count(p, "\"") == 0 {
				out = append(out, quoted{text: clean(p[:i]), para: pi, startPara: pi, after: p[i+len("”"):], hasClosing: true})
			}
			continue
		}
		for pos < len(p) {
			if open == nil {
				i := indexRune(p[pos:], isOpen)
				if i < 0 {
					break
				}
				start := pos + i
				_, w := utf8.DecodeRuneInString(p[start:])
				open = &quoted{startPara: pi, before: p[:start]}
				pos = start + w
				buf = nil
				continue
			}
			i := indexRune(p[pos:], isClose)
			if i < 0 {
				buf = append(buf, p[pos:])
				break
			}
			end := pos + i
			_, w := utf8.DecodeRuneInString(p[end:])
			buf = append(buf, p[pos:end])
			open.text = clean(strings.Join(buf, " "))
			open.para, open.after, open.hasClosing = pi, p[end+w:], true
			out = append(out, *open)
			open = nil
			pos = end + w
		}
		// A quote still open at a paragraph's end continues, unless the
		// next paragraph starts a new quote (the writer dropped the mark).
		if open != nil && pi+1 < len(paras) {
			next := strings.TrimSpace(paras[pi+1])
			r, _ := utf8.DecodeRuneInString(next)
			if isOpen(r) {
				open.text = clean(strings.Join(buf, " "))
				open.para = pi
				out = append(out, *open)
				open = nil
			}
		}
	}
	if open != nil && len(buf) > 0 {
		open.text = clean(strings.Join(buf, " "))
		open.para = len(paras) - 1
		out = append(out, *open)
	}
	// Scare quotes and names in quotes ("Merdeka Belajar") are not speech.
	var kept []quoted
	for _, q := range out {
		if len(strings.Fields(q.text)) >= 4 || reAfter.MatchString(q.after) {
			kept = append(kept, q)
		}
	}
	return kept
}

func hasOpening(p string) bool { return indexRune(p, isOpen) >= 0 }

func indexRune(s string, f func(rune) bool) int {
	for i, r := range s {
		if f(r) {
			return i
		}
	}
	return -1
}

func clean(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ",")
	return strings.TrimSpace(s)
}

// splitSentences splits at ". " before a capital letter.
func splitSentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(p); i++ {
		if p[i] == '.' && p[i+1] == ' ' {
			r, _ := utf8.DecodeRuneInString(p[i+2:])
			if unicode.IsUpper(r) {
				out = append(out, p[start:i+1])
				start = i + 2
			}
		}
	}
	return append(out, p[start:])
}

// continueSpeakers gives a quote with no cue at all the speaker of the
// quote next to it in the same paragraph: `"...," ungkap Heru. "Jangan
// lelet ..."` and `"Tidak bagus ..." "Kalau pelatih ...," papar Bambang.`
// are one person speaking on.
func continueSpeakers(qs []warta.Quote) {
	for i := range qs {
		q := &qs[i]
		if q.Speaker != nil || q.Cue != "" || q.SpeakerNote != "" {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(qs) || qs[j].Paragraph != q.Paragraph || qs[j].Speaker == nil {
				continue
			}
			q.Speaker, q.SpeakerID, q.Cue = qs[j].Speaker, qs[j].SpeakerID, "continues"
			break
		}
	}
}
