package date

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/pattern"
)

// Options configure Find.
type Options struct {
	// Ref is the reference time: the article's publish time, or the time
	// the caller passes in when that is unknown.
	Ref time.Time
	// RefKnown says Ref is the article's own date. When false, a day and
	// month without a year take their year from the weekday where given.
	RefKnown bool
}

var months = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1, "februari": 2, "pebruari": 2, "feb": 2, "february": 2,
	"maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nopember": 11, "nov": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}

var weekdays = map[string]time.Weekday{
	"minggu": time.Sunday, "ahad": time.Sunday, "senin": time.Monday, "selasa": time.Tuesday, "rabu": time.Wednesday,
	"kamis": time.Thursday, "jumat": time.Friday, "jum'at": time.Friday, "sabtu": time.Saturday,
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

var numberWords = map[string]int{
	"satu": 1, "se": 1, "sebuah": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
	"sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "beberapa": 0,
}

const (
	mon  = `(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember|january|february|march|june|july|august|october|december|jan|feb|mar|apr|may|jun|jul|agu|agt|aug|sept|sep|okt|oct|nov|des|dec)`
	wday = `(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)`
	zone = `(wib|wita|wit)`
	num  = `(\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|beberapa|se|one|two|three|four|five|six|seven|eight|nine|ten)`
)

// rule is one pattern and how to turn its match into a mention.
type rule struct {
	re *pattern.Regexp
	fn func(m []string, o Options) (value string, gran warta.Granularity, problem string, ok bool)
	// need is what a paragraph must contain for the rule to have a chance
	// (see guards); checking it first keeps Find fast on long text.
	need guard
}

// guard is a cheap precondition on a lower-cased paragraph.
type guard int

const (
	anyText guard = iota
	digit
	digitAndMonth
	month
	relativeWord
)

var monthStems = []string{"jan", "feb", "peb", "mar", "apr", "mei", "may", "jun", "jul", "agu", "agt", "aug", "sep", "okt", "oct", "nov", "nop", "des", "dec"}

var relativeStems = []string{"hari", "kemarin", "besok", "lusa", "pekan", "minggu", "bulan", "tahun", "today", "yesterday", "tomorrow", "week", "month", "year", "lalu", "depan", "mendatang", "lagi", "silam", "awal", "akhir", "early", "late", "mid", "ago", "jam", "menit", "dekade", "abad", "hour", "day", "decade", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "ahad", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

func (g guard) ok(lower string, hasDigit, hasMonth, hasRel bool) bool {
	switch g {
	case digit:
		return hasDigit
	case digitAndMonth:
		return hasDigit && hasMonth
	case month:
		return hasMonth
	case relativeWord:
		return hasRel
	}
	return true
}

func re(s string) *pattern.Regexp { return pattern.New(`(?i)` + s) }

// rules are tried in order; earlier rules win on overlapping spans, so the
// most specific come first.
var rules = []rule{
	// Weekday with numeric date in parentheses: "Selasa (6/7/2021)", "Rabu (9/8)".
	{re(`\b` + wday + `\s*,?\s*\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		d, mo := atoi(m[2]), atoi(m[3])
		return dayWithWeekday(d, mo, m[4], m[1], o)
	}, digit},
	// "Selasa, 6 Juli 2021 10:00 WIB", "6 Juli 2021 pukul 10.00 WIB".
	{re(`\b(?:` + wday + `\s*,?\s*)?(\d{1,2})\s+` + mon + `\.?\s+(\d{4})\s*(?:[,|\-–]\s*)?(?:pukul|jam|pk\.?)?\s*(\d{1,2})[:.](\d{2})\s*` + zone + `?`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		loc := zoneLoc(m[7])
		t, ok := mk(atoi(m[4]), months[strings.ToLower(m[3])], atoi(m[2]), atoi(m[5]), atoi(m[6]), loc)
		if !ok {
			return "", "", "", false
		}
		return t.Format(time.RFC3339), warta.GranularityTime, weekdayProblem(m[1], t), true
	}, digitAndMonth},
	// Day ranges: "8-9 Agustus 2017", "8 hingga 10 Agustus", "8 sampai 10 Agustus 2017".
	{re(`\b(\d{1,2})\s*(?:-|–|hingga|sampai|s\.?d\.?|sd|to|until)\s*(\d{1,2})\s+` + mon + `\.?(?:\s+(\d{4}))?`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		y := yearOr(m[4], o, months[strings.ToLower(m[3])], atoi(m[1]))
		a, ok1 := mk(y, months[strings.ToLower(m[3])], atoi(m[1]), 0, 0, nil)
		b, ok2 := mk(y, months[strings.ToLower(m[3])], atoi(m[2]), 0, 0, nil)
		if !ok1 || !ok2 || b.Before(a) {
			return "", "", "", false
		}
		return a.Format("2006-01-02") + "/" + b.Format("2006-01-02"), warta.GranularityRange, "", true
	}, digitAndMonth},
	// "(Selasa) 6 Juli 2021", "6 Juli 2021", "6 Juli".
	{re(`\b(?:` + wday + `\s*,?\s*)?(\d{1,2})\s+` + mon + `\.?(?:\s+(\d{4}))?\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		mo := months[strings.ToLower(m[3])]
		y := yearOr(m[4], o, mo, atoi(m[2]))
		t, ok := mk(y, mo, atoi(m[2]), 0, 0, nil)
		if !ok {
			return "", "", "", false
		}
		return t.Format("2006-01-02"), warta.GranularityDay, weekdayProblem(m[1], t), true
	}, digitAndMonth},
	// English: "July 6, 2021", "July 6".
	{re(`\b` + mon + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		mo := months[strings.ToLower(m[1])]
		if len(m[1]) <= 3 && m[3] == "" {
			return "", "", "", false // "Mei 3" is rarely a date without a year
		}
		t, ok := mk(yearOr(m[3], o, mo, atoi(m[2])), mo, atoi(m[2]), 0, 0, nil)
		if !ok {
			return "", "", "", false
		}
		return t.Format("2006-01-02"), warta.GranularityDay, "", true
	}, digitAndMonth},
	// Numeric dates: "06/07/2021", "6-7-2021" (day first), ISO "2021-07-06".
	{re(`\b(\d{4})-(\d{2})-(\d{2})\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		t, ok := mk(atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3]), 0, 0, nil)
		return t.Format("2006-01-02"), warta.GranularityDay, "", ok
	}, digit},
	{re(`\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		t, ok := mk(atoi(m[3]), time.Month(atoi(m[2])), atoi(m[1]), 0, 0, nil)
		return t.Format("2006-01-02"), warta.GranularityDay, "", ok
	}, digit},
	// Year ranges: "periode 2021-2023", "tahun 2019-2024", "2021-2023".
	{re(`\b(?:(periode|tahun|masa|masa jabatan|kurun)\s+)?((?:19|20)\d{2})\s*(?:-|–|hingga|sampai|s\.?d\.?)\s*((?:19|20)\d{2})\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		if atoi(m[3]) <= atoi(m[2]) {
			return "", "", "", false
		}
		return m[2] + "/" + m[3], warta.GranularityRange, "", true
	}, digit},
	// Month parts: "awal Maret", "akhir Juni lalu", "pertengahan Agustus 2019".
	{re(`\b(awal|akhir|pertengahan|medio|early|late|mid)[\s-]+` + mon + `(?:\s+((?:19|20)\d{2})|\s+(lalu|mendatang|depan|ini))?\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		return monthValue(m[2], m[3], m[4], o)
	}, month},
	// Month-year and relative months: "Maret 2020", "Juni lalu", "Agustus mendatang".
	{re(`\b(?:bulan\s+)?` + mon + `(?:\s+((?:19|20)\d{2})|\s+(tahun\s+lalu|tahun\s+depan|tahun\s+ini|lalu|kemarin|mendatang|depan|ini|nanti))\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		return monthValue(m[1], m[2], m[3], o)
	}, month},
	// "akhir tahun", "awal tahun depan", "akhir tahun lalu".
	{re(`\b(awal|akhir|pertengahan)\s+tahun(?:\s+(ini|lalu|depan|mendatang|((?:19|20)\d{2})))?\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		y := o.Ref.Year()
		switch strings.ToLower(m[2]) {
		case "lalu":
			y--
		case "depan", "mendatang":
			y++
		case "":
		case "ini":
		default:
			y = atoi(m[2])
		}
		return strconv.Itoa(y), warta.GranularityYear, "", true
	}, relativeWord},
	// Counted relative: "dua hari lalu", "3 tahun lalu", "tiga pekan yang lalu", "2 bulan lagi".
	{re(`\b` + num + `\s+(hari|pekan|minggu|bulan|tahun|days?|weeks?|months?|years?)\s+(yang\s+lalu|lalu|silam|ago|lagi|mendatang|ke\s+depan)\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		n := atoiWord(m[1])
		if n <= 0 {
			return "", "", "", false
		}
		dir := -1
		switch strings.ToLower(m[3]) {
		case "lagi", "mendatang":
			dir = 1
		}
		if strings.HasPrefix(strings.ToLower(m[3]), "ke") {
			dir = 1
		}
		return shift(o.Ref, strings.ToLower(m[2]), dir*n)
	}, relativeWord},
	// Weekday alone with "lalu": "Senin lalu", "Jumat kemarin".
	{re(`\b` + wday + `\s+(lalu|kemarin|pekan lalu|minggu lalu|depan|mendatang)\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		// "minggu lalu" is last week; "Minggu lalu" last Sunday.
		if m[1] == "minggu" {
			return "", "", "", false
		}
		wd := weekdays[strings.ToLower(m[1])]
		t := o.Ref
		if strings.HasPrefix(strings.ToLower(m[2]), "depan") || strings.HasPrefix(strings.ToLower(m[2]), "mendatang") {
			for i := 1; i <= 7; i++ {
				if d := t.AddDate(0, 0, i); d.Weekday() == wd {
					return d.Format("2006-01-02"), warta.GranularityDay, "", true
				}
			}
		}
		for i := 1; i <= 7; i++ {
			if d := t.AddDate(0, 0, -i); d.Weekday() == wd {
				return d.Format("2006-01-02"), warta.GranularityDay, "", true
			}
		}
		return "", "", "", false
	}, relativeWord},
	// "se-" counted: "sepekan lagi", "setahun lalu", "sebulan silam".
	{re(`\bse(hari|pekan|minggu|bulan|tahun)\s+(yang\s+lalu|lalu|silam|lagi|mendatang)\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		dir := -1
		if l := strings.ToLower(m[2]); l == "lagi" || l == "mendatang" {
			dir = 1
		}
		return shift(o.Ref, strings.ToLower(m[1]), dir)
	}, relativeWord},
	// Single relative words.
	{re(`\b(hari ini|kemarin lusa|kemarin|besok lusa|besok|lusa|pekan lalu|minggu lalu|pekan depan|minggu depan|pekan ini|minggu ini|bulan lalu|bulan depan|bulan ini|tahun lalu|tahun depan|tahun ini|today|yesterday|tomorrow|last week|next week|last month|next month|last year|next year|this year)\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		return relative(strings.ToLower(m[1]), o.Ref)
	}, relativeWord},
	// A weekday alone after "pada"/"hari": the last such day up to the
	// report ("pada Selasa" in Tuesday's report is that day).
	{re(`\b(?:pada|hari|sejak|on)\s+` + wday + `\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		if !o.RefKnown || m[1] == "minggu" {
			return "", "", "", false
		}
		wd := weekdays[strings.ToLower(m[1])]
		for i := 0; i < 7; i++ {
			if d := o.Ref.AddDate(0, 0, -i); d.Weekday() == wd {
				return d.Format("2006-01-02"), warta.GranularityDay, "", true
			}
		}
		return "", "", "", false
	}, anyText},
	// A capitalized weekday closing a clause after a comma, the wire
	// style: "di Jakarta, Selasa." or "kata dia, Rabu (malam)".
	{re(`, (?P<d>(?-i:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Ahad)(?:\s+(?:pagi|siang|sore|malam|dini hari))?(?:\s+waktu setempat)?)(?:[.,;]|$)`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		if !o.RefKnown {
			return "", "", "", false
		}
		wd := weekdays[strings.ToLower(strings.Fields(m[1])[0])]
		for i := 0; i < 7; i++ {
			if d := o.Ref.AddDate(0, 0, -i); d.Weekday() == wd {
				return d.Format("2006-01-02"), warta.GranularityDay, "", true
			}
		}
		return "", "", "", false
	}, anyText},
	// A law's name holds a year that dates nothing: "Undang-Undang Nomor
	// 30 Tahun 2002", "Perpres No. 7 Tahun 2021".
	{re(`\b(?:nomor|no\.?)\s*\d+\s+tahun\s+(?:19|20)\d{2}\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		return "", "", "", true
	}, digit},
	// Years with a cue: "pada 2017", "tahun 2017", "sejak 2014", "in 2019".
	{re(`\b(pada|tahun|sejak|hingga|sampai|medio|in|since|by)\s+((?:19|20)\d{2})\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		return m[2], warta.GranularityYear, "", true
	}, digit},
	// Durations, not dates: "30 tahun", "selama dua pekan", "tiga bulan".
	{re(`\b(?:selama\s+)?` + num + `\s+(tahun|bulan|pekan|minggu|hari|jam|menit|dekade|abad|years?|months?|weeks?|days?|hours?)\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		if atoiWord(m[1]) <= 0 && !strings.EqualFold(m[1], "beberapa") {
			return "", "", "", false
		}
		return "", warta.GranularityDuration, "", true
	}, relativeWord},
	// "selama sepekan", "sebulan": a duration of one unit.
	{re(`\b(?:selama\s+)?se(hari|pekan|minggu|bulan|tahun|jam)\b`), func(m []string, o Options) (string, warta.Granularity, string, bool) {
		return "", warta.GranularityDuration, "", true
	}, relativeWord},
}

// cues tells whether s has a digit, a month stem and a relative word: what
// the rules' guards ask for. lower is s in lower case.
func cues(s, lower string) (hasDigit, hasMonth, hasRel bool) {
	hasDigit = strings.ContainsAny(s, "0123456789")
	for _, m := range monthStems {
		if strings.Contains(lower, m) {
			hasMonth = true
			break
		}
	}
	for _, w := range relativeStems {
		if strings.Contains(lower, w) {
			hasRel = true
			break
		}
	}
	return hasDigit, hasMonth, hasRel
}

// Find returns the date expressions in the paragraphs, in text order, and
// problems for dates that contradict their weekday.
func Find(paragraphs []string, opt Options) ([]warta.DateMention, []warta.Problem) {
	var out []warta.DateMention
	var probs []warta.Problem
	if opt.Ref.IsZero() {
		opt.Ref = time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	}
	for pi, p := range paragraphs {
		lower := strings.ToLower(p)
		hasDigit, hasMonth, hasRel := cues(p, lower)
		if !hasDigit && !hasMonth && !hasRel {
			continue
		}
		taken := make([]bool, len(p)+1)
		var ms []warta.DateMention
		for _, w := range windows(p) {
			seg := p[w[0]:w[1]]
			// The guards again, on the window: a rule cannot match in it
			// without what it needs, and most windows lack a month or a
			// relative word their paragraph has. This skips 41 % of the
			// pattern runs over 3,000 corpus articles, which were the
			// cost of this function (docs/performance.md).
			segLower := strings.ToLower(seg)
			segDigit, segMonth, segRel := cues(seg, segLower)
			for _, r := range rules {
				if !r.need.ok(segLower, segDigit, segMonth, segRel) {
					continue
				}
				for _, idx := range r.re.FindAllStringSubmatchIndex(seg, -1) {
					for k := range idx {
						if idx[k] >= 0 {
							idx[k] += w[0]
						}
					}
					start, end := idx[0], idx[1]
					// A group named "d" is the mention; the rest of the
					// match is context, such as the comma before a weekday.
					if k := r.re.SubexpIndex("d"); k > 0 {
						start, end = idx[2*k], idx[2*k+1]
					}
					if overlaps(taken, start, end) || !boundary(p, start, end) {
						continue
					}
					groups := make([]string, len(idx)/2)
					for g := range groups {
						if idx[2*g] >= 0 {
							groups[g] = p[idx[2*g]:idx[2*g+1]]
						}
					}
					value, gran, problem, ok := r.fn(groups, opt)
					if !ok {
						continue
					}
					for i := start; i < end; i++ {
						taken[i] = true
					}
					if gran == "" {
						continue // a span that only blocks others (a law's name)
					}
					dm := warta.DateMention{Text: p[start:end], Granularity: gran, Paragraph: pi, Start: start, End: end}
					if value != "" {
						v := value
						dm.Value = &v
					}
					ms = append(ms, dm)
					if problem != "" {
						probs = append(probs, warta.Problem{Stage: "date", Msg: fmt.Sprintf("paragraph %d: %q: %s", pi+1, dm.Text, problem)})
					}
				}
			}
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
		out = append(out, ms...)
	}
	return out, probs
}

// anchorWords start a window: a date expression always contains a digit,
// a month or weekday name, or one of these words.
var anchorWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range months {
		m[w] = true
	}
	for w := range weekdays {
		m[w] = true
	}
	for _, w := range strings.Fields(`sehari sepekan seminggu sebulan setahun hari pekan minggu bulan tahun kemarin besok lusa today yesterday tomorrow week weeks
		month months year years day days jam menit dekade abad hour hours decade`) {
		m[w] = true
	}
	return m
}()

// windows returns the stretches of p around anchor words (30 bytes either
// side, cut at spaces, merged when they overlap). Only they are matched
// against the patterns: most of a news paragraph holds no date, and
// running every pattern over all of it was the pipeline's largest cost.
func windows(p string) [][2]int {
	var out [][2]int
	i := 0
	for i < len(p) {
		r, n := utf8.DecodeRuneInString(p[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		j := i
		digit := false
		for j < len(p) {
			r2, n2 := utf8.DecodeRuneInString(p[j:])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && r2 != '\'' {
				break
			}
			if unicode.IsDigit(r2) {
				digit = true
			}
			j += n2
		}
		if digit || anchorWords[strings.ToLower(p[i:j])] {
			from, to := i-30, j+30
			if from < 0 {
				from = 0
			} else if k := strings.IndexByte(p[from:i], ' '); k >= 0 {
				from += k + 1
			} else {
				from = i
			}
			if to >= len(p) {
				to = len(p)
			} else if k := strings.LastIndexByte(p[j:to], ' '); k >= 0 {
				to = j + k
			} else {
				to = j
			}
			if len(out) > 0 && from <= out[len(out)-1][1] {
				out[len(out)-1][1] = max(out[len(out)-1][1], to)
			} else {
				out = append(out, [2]int{from, to})
			}
		}
		i = j
	}
	return out
}

func overlaps(taken []bool, s, e int) bool {
	for i := s; i < e; i++ {
		if taken[i] {
			return true
		}
	}
	return false
}

// boundary rejects matches glued to letters or digits ("Covid-19",
// "8 GB" is handled by the units the rules accept).
func boundary(p string, s, e int) bool {
	if s > 0 {
		c := p[s-1]
		if c >= '0' && c <= '9' || c == '-' && s > 1 && isAlnum(p[s-2]) {
			return false
		}
	}
	if e < len(p) {
		c := p[e]
		if c >= '0' && c <= '9' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func atoiWord(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return numberWords[strings.ToLower(s)]
}

func zoneLoc(z string) *time.Location {
	switch strings.ToLower(z) {
	case "wita":
		return time.FixedZone("WITA", 8*3600)
	case "wit":
		return time.FixedZone("WIT", 9*3600)
	}
	return time.FixedZone("WIB", 7*3600)
}

func mk(y int, mo time.Month, d, h, mi int, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	if y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, mo, d, h, mi, 0, 0, loc)
	return t, t.Day() == d
}

// yearOr returns the written year, or the year that puts day/month nearest
// the reference, counting the future three times as far: a report in July
// about "28 Desember" means last December, about "17 Agustus" this August.
// News tells what happened and what is announced for the coming weeks, so
// a year that puts the date more than planAhead after the report is never
// taken; and when the reference is not the report's own date but the time
// of ingest, nothing after it is.
func yearOr(y string, o Options, mo time.Month, d int) int {
	if y != "" {
		n := atoi(y)
		if n < 100 {
			n += 2000
		}
		return n
	}
	limit := o.Ref
	if o.RefKnown {
		limit = o.Ref.Add(planAhead)
	}
	best, bestDiff := o.Ref.Year()-1, time.Duration(1<<62)
	for _, cand := range []int{o.Ref.Year() - 1, o.Ref.Year(), o.Ref.Year() + 1} {
		t := time.Date(cand, mo, d, 0, 0, 0, 0, o.Ref.Location())
		if t.After(limit) {
			continue
		}
		diff := t.Sub(o.Ref)
		if diff < 0 {
			diff = -diff
		} else {
			diff *= 3 // news mostly tells what has happened
		}
		if diff < bestDiff {
			best, bestDiff = cand, diff
		}
	}
	return best
}

// planAhead is how far after a report a date without a written year may
// lie: the announced near future ("17 Agustus" in a July report).
const planAhead = 62 * 24 * time.Hour

// dayWithWeekday resolves "Selasa (6/7[/2021])". Without a year, the
// weekday picks it when the reference is not the article's own date; with
// a year that the weekday contradicts, the written date stands and a
// problem is reported.
func dayWithWeekday(d, mo int, year, wd string, o Options) (string, warta.Granularity, string, bool) {
	want := weekdays[strings.ToLower(wd)]
	if year != "" {
		y := atoi(year)
		if y < 100 {
			y += 2000
		}
		t, ok := mk(y, time.Month(mo), d, 0, 0, nil)
		if !ok {
			return "", "", "", false
		}
		return t.Format("2006-01-02"), warta.GranularityDay, weekdayProblem(wd, t), true
	}
	if o.RefKnown {
		y := yearOr("", o, time.Month(mo), d)
		t, ok := mk(y, time.Month(mo), d, 0, 0, nil)
		if !ok {
			return "", "", "", false
		}
		return t.Format("2006-01-02"), warta.GranularityDay, weekdayProblem(wd, t), true
	}
	// Unknown report date: the reference is the time of ingest, which no
	// date the report tells can follow; the latest year at or before it
	// whose calendar puts the date on the written weekday.
	for back := 0; back < 28; back++ {
		y := o.Ref.Year() - back
		if t, ok := mk(y, time.Month(mo), d, 0, 0, nil); ok && t.Weekday() == want && !t.After(o.Ref) {
			return t.Format("2006-01-02"), warta.GranularityDay, "", true
		}
	}
	t, ok := mk(yearOr("", o, time.Month(mo), d), time.Month(mo), d, 0, 0, nil)
	return t.Format("2006-01-02"), warta.GranularityDay, "", ok
}

func weekdayProblem(wd string, t time.Time) string {
	if wd == "" {
		return ""
	}
	want, ok := weekdays[strings.ToLower(wd)]
	if !ok || t.Weekday() == want {
		return ""
	}
	return fmt.Sprintf("the text says %s but %s was a %s", wd, t.Format("2006-01-02"), t.Weekday())
}

// monthValue resolves a month with a year, or relative to the reference:
// "Juni lalu" is the last June before the report.
func monthValue(month, year, rel string, o Options) (string, warta.Granularity, string, bool) {
	mo := months[strings.ToLower(month)]
	if mo == 0 {
		return "", "", "", false
	}
	y := o.Ref.Year()
	switch strings.Join(strings.Fields(strings.ToLower(rel)), " ") {
	case "tahun lalu":
		y--
	case "tahun depan":
		y++
	case "tahun ini":
	case "lalu", "kemarin":
		if mo >= o.Ref.Month() {
			y--
		}
	case "depan", "mendatang", "nanti":
		if mo <= o.Ref.Month() {
			y++
		}
	case "ini", "":
	}
	if year != "" {
		y = atoi(year)
	}
	return fmt.Sprintf("%04d-%02d", y, mo), warta.GranularityMonth, "", true
}

// shift moves the reference by n units and gives the result at the unit's
// granularity.
func shift(ref time.Time, unit string, n int) (string, warta.Granularity, string, bool) {
	switch {
	case strings.HasPrefix(unit, "hari") || strings.HasPrefix(unit, "day"):
		return ref.AddDate(0, 0, n).Format("2006-01-02"), warta.GranularityDay, "", true
	case unit == "pekan" || unit == "minggu" || strings.HasPrefix(unit, "week"):
		return week(ref.AddDate(0, 0, 7*n))
	case unit == "bulan" || strings.HasPrefix(unit, "month"):
		t := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, ref.Location()).AddDate(0, n, 0)
		return t.Format("2006-01"), warta.GranularityMonth, "", true
	case unit == "tahun" || strings.HasPrefix(unit, "year"):
		return strconv.Itoa(ref.Year() + n), warta.GranularityYear, "", true
	}
	return "", "", "", false
}

// week returns the Monday–Sunday range containing t.
func week(t time.Time) (string, warta.Granularity, string, bool) {
	off := (int(t.Weekday()) + 6) % 7
	mon := t.AddDate(0, 0, -off)
	return mon.Format("2006-01-02") + "/" + mon.AddDate(0, 0, 6).Format("2006-01-02"), warta.GranularityRange, "", true
}

func relative(w string, ref time.Time) (string, warta.Granularity, string, bool) {
	switch w {
	case "hari ini", "today":
		return shift(ref, "hari", 0)
	case "kemarin", "yesterday":
		return shift(ref, "hari", -1)
	case "kemarin lusa":
		return shift(ref, "hari", -2)
	case "besok", "tomorrow":
		return shift(ref, "hari", 1)
	case "lusa", "besok lusa":
		return shift(ref, "hari", 2)
	case "pekan lalu", "minggu lalu", "last week":
		return shift(ref, "pekan", -1)
	case "pekan depan", "minggu depan", "next week":
		return shift(ref, "pekan", 1)
	case "pekan ini", "minggu ini":
		return shift(ref, "pekan", 0)
	case "bulan lalu", "last month":
		return shift(ref, "bulan", -1)
	case "bulan depan", "next month":
		return shift(ref, "bulan", 1)
	case "bulan ini":
		return shift(ref, "bulan", 0)
	case "tahun lalu", "last year":
		return shift(ref, "tahun", -1)
	case "tahun depan", "next year":
		return shift(ref, "tahun", 1)
	case "tahun ini", "this year":
		return shift(ref, "tahun", 0)
	}
	return "", "", "", false
}
