package extract

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/warta-news/warta/internal/pattern"
)

var months = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "pebruari": 2,
	"maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11, "nopember": 11, "nop": 11, "peb": 2, "desember": 12, "des": 12, "dec": 12, "december": 12,
}

// zones are the Indonesian time zones; a time without a zone on an
// Indonesian page means WIB.
var zones = map[string]int{"wib": 7, "wita": 8, "wit": 9}

const monthRe = `(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember|january|february|march|june|july|august|october|december|jan|feb|peb|mar|apr|may|jun|jul|agu|agt|ags|aug|sept|sep|okt|oct|nov|nop|des|dec)`

var (
	// Dates, without their time: "6 Juli 2021", "6th July 2021";
	// "July 6, 2021", "Jul 6th 2021"; "06/07/2021", "06-07-2021",
	// "06.07.2021" (day first, as Indonesia writes them).
	reLongDate = pattern.New(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+` + monthRe + `\.?,?\s+(\d{4})\b`)
	reEnDate   = pattern.New(`(?i)\b` + monthRe + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	reNumDate  = pattern.New(`\b(\d{1,2})([/\-.])(\d{1,2})([/\-.])(\d{4})\b`)
	reISO      = pattern.New(`\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?`)
	// reClock is a time of day with its zone: "14:30", "14.30 WIB",
	// "14:30:11 WIB", "2:30 pm", "07:30:00 GMT", "14:30 GMT+7".
	reClock = pattern.New(`(?i)(?:\bpukul\s*)?\b(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(am|pm)?\b\s*(wib|wita|wit|gmt\s*[+-]\s*\d{1,2}|utc\s*[+-]\s*\d{1,2}|gmt|utc)?\b`)
	// reDatelineDate is the report date in a dateline: "Selasa (6/7/2021)".
	reDatelineDate = pattern.New(`(?i)\b(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\s*\((\d{1,2})/(\d{1,2})/(\d{4})\)`)
)

// publishedTime is a parsed publish time and how it should be written.
type publishedTime struct {
	t       time.Time
	hasTime bool
}

// value renders RFC 3339 with the page's offset, or a bare date when the
// page gave no time.
func (p publishedTime) value() string {
	if p.hasTime {
		return p.t.Format(time.RFC3339)
	}
	return p.t.Format("2006-01-02")
}

// zoneOf reads a zone: WIB, WITA, WIT, "GMT+7", or GMT/UTC alone. A page
// that gives none is read in WIB (ok false).
func zoneOf(s string) (*time.Location, bool) {
	s = strings.ToLower(strings.ReplaceAll(s, " ", ""))
	if h, ok := zones[s]; ok {
		return time.FixedZone(strings.ToUpper(s), h*3600), true
	}
	if s == "gmt" || s == "utc" {
		return time.UTC, true
	}
	for _, p := range []string{"gmt+", "utc+", "gmt-", "utc-"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			if h, err := strconv.Atoi(rest); err == nil && h >= 0 && h <= 14 {
				if p[3] == '-' {
					h = -h
				}
				return time.FixedZone("", h*3600), true
			}
		}
	}
	return time.FixedZone("WIB", 7*3600), false
}

func mk(y, mo, d, h, mi, sec int, loc *time.Location) (time.Time, bool) {
	if y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc)
	if t.Day() != d {
		return time.Time{}, false // 31 June
	}
	return t, true
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// parsePublished finds a publish timestamp in s and returns it with the
// span it covered: a date (ISO, day-month-year with the month's name in
// Indonesian or English, month-day-year, or day/month/year) and the time
// of day written nearest to it, before or after ("14:30 WIB - Selasa, 6
// Juli 2021"). Indonesian outlets print times in WIB unless they say
// otherwise, so a time without a zone is read as +07:00.
func parsePublished(s string) (publishedTime, [2]int, bool) {
	if m := reISO.FindStringSubmatchIndex(s); m != nil {
		g := group(s, m)
		loc := time.FixedZone("WIB", 7*3600)
		if z := g(7); z == "Z" {
			loc = time.UTC
		} else if z != "" {
			z = strings.ReplaceAll(z, ":", "")
			off := atoi(z[1:3])*3600 + atoi(z[3:5])*60
			if z[0] == '-' {
				off = -off
			}
			loc = time.FixedZone("", off)
		}
		if t, ok := mk(atoi(g(1)), atoi(g(2)), atoi(g(3)), atoi(g(4)), atoi(g(5)), atoi(g(6)), loc); ok {
			return publishedTime{t, g(4) != ""}, [2]int{m[0], m[1]}, true
		}
	}
	y, mo, d, span, ok := findDate(s)
	if !ok {
		return publishedTime{}, [2]int{}, false
	}
	h, mi, sec, loc, tspan, hasTime := findClock(s, span)
	if !hasTime {
		loc = time.FixedZone("WIB", 7*3600)
	}
	t, ok := mk(y, mo, d, h, mi, sec, loc)
	if !ok {
		return publishedTime{}, [2]int{}, false
	}
	if hasTime {
		span = [2]int{min(span[0], tspan[0]), max(span[1], tspan[1])}
	}
	return publishedTime{t, hasTime}, span, true
}

func group(s string, m []int) func(int) string {
	return func(i int) string {
		if 2*i+1 >= len(m) || m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
}

// findDate finds the first date of s written with a day, a month and a
// year, and its span.
func findDate(s string) (y, mo, d int, span [2]int, ok bool) {
	type found struct {
		y, mo, d int
		span     [2]int
	}
	var best *found
	take := func(f found) {
		if best == nil || f.span[0] < best.span[0] {
			best = &f
		}
	}
	if m := reLongDate.FindStringSubmatchIndex(s); m != nil {
		g := group(s, m)
		take(found{atoi(g(3)), int(months[strings.ToLower(g(2))]), atoi(g(1)), [2]int{m[0], m[1]}})
	}
	if m := reEnDate.FindStringSubmatchIndex(s); m != nil {
		g := group(s, m)
		take(found{atoi(g(3)), int(months[strings.ToLower(g(1))]), atoi(g(2)), [2]int{m[0], m[1]}})
	}
	if m := reNumDate.FindStringSubmatchIndex(s); m != nil {
		g := group(s, m)
		if g(2) == g(4) { // "06/07-2021" is no date
			take(found{atoi(g(5)), atoi(g(3)), atoi(g(1)), [2]int{m[0], m[1]}})
		}
	}
	if best == nil || best.mo < 1 || best.mo > 12 || best.d < 1 || best.d > 31 {
		return 0, 0, 0, [2]int{}, false
	}
	return best.y, best.mo, best.d, best.span, true
}

// findClock finds the time of day written nearest to the date span (not
// inside it), with its zone.
func findClock(s string, date [2]int) (h, mi, sec int, loc *time.Location, span [2]int, ok bool) {
	bestDist := -1
	for _, m := range reClock.FindAllStringSubmatchIndex(s, -1) {
		if m[0] < date[1] && m[1] > date[0] {
			continue // inside the date: "06.07.2021"
		}
		g := group(s, m)
		hh, mm := atoi(g(1)), atoi(g(2))
		if hh > 23 || mm > 59 {
			continue
		}
		switch strings.ToLower(g(4)) {
		case "pm":
			if hh < 12 {
				hh += 12
			}
		case "am":
			if hh == 12 {
				hh = 0
			}
		}
		dist := m[0] - date[1]
		if m[1] <= date[0] {
			dist = date[0] - m[1]
		}
		if bestDist >= 0 && dist >= bestDist {
			continue
		}
		bestDist = dist
		h, mi, sec = hh, mm, atoi(g(3))
		loc, _ = zoneOf(g(5))
		span = [2]int{m[0], m[1]}
		ok = true
	}
	return
}

// datelineDate finds the report date a dateline gives: "Selasa (6/7/2021)".
func datelineDate(s string) (publishedTime, bool) {
	m := reDatelineDate.FindStringSubmatch(s)
	if m == nil {
		return publishedTime{}, false
	}
	t, ok := mk(atoi(m[4]), atoi(m[3]), atoi(m[2]), 0, 0, 0, time.FixedZone("WIB", 7*3600))
	return publishedTime{t: t}, ok
}

// dateLineLike tells whether a line is a publish-date line: a date, and
// around it only the words outlets print with one (the weekday,
// "Diterbitkan", "Published:", "pada", the outlet's domain) and at most
// one other word (a city or the outlet's name: "Jakarta ● Tue, July 6,
// 2021"). A sentence that mentions a date is no date line.
func dateLineLike(s string) bool {
	_, span, ok := parsePublished(s)
	if !ok {
		return false
	}
	other := 0
	for _, w := range strings.FieldsFunc(s[:span[0]]+" "+s[span[1]:], func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '\''
	}) {
		w = strings.ToLower(strings.Trim(w, "."))
		switch {
		case w == "" || dateLineWords[w] || strings.Contains(w, "."):
		default:
			other++
		}
	}
	return other <= 1
}

// dateLineWords are the words a publish-date line holds besides the date.
var dateLineWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`senin selasa rabu kamis jumat jum'at sabtu minggu ahad sen sel rab kam jum sab min
		monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
		diterbitkan dipublikasikan diperbarui diperbaharui diunggah dibuat terbit tayang update updated published
		posted publish last modified created on pada tanggal tgl date oleh by wib wita wit pukul jam at`) {
		m[w] = true
	}
	return m
}()

// reURLDate is a date in an article's address: "/2021/07/06/",
// "/read/2024/03/20/", "/2021-07-06/", "/20210706/".
var reURLDate = pattern.New(`/((?:19|20)\d{2})([/-])(\d{1,2})([/-])(\d{1,2})(?:[/-]|$)|/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/-]|$)`)

// urlDate reads the publish date from an article's address.
func urlDate(u string) (publishedTime, bool) {
	if u == "" {
		return publishedTime{}, false
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	m := reURLDate.FindStringSubmatch(u)
	if m == nil {
		return publishedTime{}, false
	}
	y, mo, d := m[1], m[3], m[5]
	if y == "" {
		y, mo, d = m[6], m[7], m[8]
	} else if m[2] != m[4] {
		return publishedTime{}, false
	}
	t, ok := mk(atoi(y), atoi(mo), atoi(d), 0, 0, 0, time.FixedZone("WIB", 7*3600))
	return publishedTime{t: t}, ok
}

// reLoneURL is a line that is only an address, as some page dumps begin.
var reLoneURL = pattern.New(`^(?:(?:url|sumber|source)\s*:\s*)?(https?://\S+)$`)

// pageURL is the page's own address when the dump prints it alone on one
// of its first lines. Addresses further down are links to other pages.
func (c *cleaner) pageURL() string {
	for i, l := range c.lines {
		if i >= 3 {
			break
		}
		if m := reLoneURL.FindStringSubmatch(strings.ToLower(l.text)); m != nil {
			return l.text[len(l.text)-len(m[1]):]
		}
	}
	return ""
}

// leadDate is the first full date (day, month and year) the lead writes:
// a page without a printed date reports what happened then, or soon after.
func (c *cleaner) leadDate() (publishedTime, bool) {
	for i, p := range c.a.Paragraphs {
		if i > 1 {
			break
		}
		if y, mo, d, _, ok := findDate(p); ok {
			if t, ok := mk(y, mo, d, 0, 0, 0, time.FixedZone("WIB", 7*3600)); ok {
				return publishedTime{t: t}, true
			}
		}
	}
	return publishedTime{}, false
}
