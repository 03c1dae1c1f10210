package extract

import (
	"strconv"
	"strings"
	"time"

	"github.com/warta-news/warta/internal/pattern"
)

var months = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "pebruari": 2,
	"maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}

// zones are the Indonesian time zones; a time without a zone on an
// Indonesian page means WIB.
var zones = map[string]int{"wib": 7, "wita": 8, "wit": 9}

const monthRe = `(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember|january|february|march|june|july|august|october|december|jan|feb|mar|apr|may|jun|jul|agu|agt|ags|aug|sept|sep|okt|oct|nov|des|dec)`

var (
	reLongDate = pattern.New(`(?i)\b(\d{1,2})\s+` + monthRe + `\.?\s+(\d{4})(?:\s*(?:[,|\-–—/]|pukul)?\s*(?:pukul\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(wib|wita|wit|gmt\s*\+\s*\d{1,2}|utc\s*\+\s*\d{1,2})?)?`)
	reEnDate   = pattern.New(`(?i)\b` + monthRe + `\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s*[,|\-–]?\s*(\d{1,2}):(\d{2})\s*(am|pm)?\s*(wib|wita|wit)?)?`)
	reNumDate  = pattern.New(`(?i)\b(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})(?:\s*[,|\-–]?\s*(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?\s*(wib|wita|wit)?)?`)
	reISO      = pattern.New(`\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?`)
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

func zoneOf(s string) (*time.Location, bool) {
	s = strings.ToLower(strings.ReplaceAll(s, " ", ""))
	if h, ok := zones[s]; ok {
		return time.FixedZone(strings.ToUpper(s), h*3600), true
	}
	for _, p := range []string{"gmt+", "utc+"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			if h, err := strconv.Atoi(rest); err == nil && h >= 0 && h <= 14 {
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
// span it covered. Indonesian outlets print times in WIB unless they say
// otherwise, so a time without a zone is read as +07:00.
func parsePublished(s string) (publishedTime, [2]int, bool) {
	if m := reISO.FindStringSubmatchIndex(s); m != nil {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
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
	if m := reLongDate.FindStringSubmatchIndex(s); m != nil {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		loc, _ := zoneOf(g(7))
		if t, ok := mk(atoi(g(3)), int(months[strings.ToLower(g(2))]), atoi(g(1)), atoi(g(4)), atoi(g(5)), atoi(g(6)), loc); ok {
			return publishedTime{t, g(4) != ""}, [2]int{m[0], m[1]}, true
		}
	}
	if m := reEnDate.FindStringSubmatchIndex(s); m != nil {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		h := atoi(g(4))
		if ap := strings.ToLower(g(6)); ap == "pm" && h < 12 {
			h += 12
		} else if ap == "am" && h == 12 {
			h = 0
		}
		loc, _ := zoneOf(g(7))
		if t, ok := mk(atoi(g(3)), int(months[strings.ToLower(g(1))]), atoi(g(2)), h, atoi(g(5)), 0, loc); ok {
			return publishedTime{t, g(4) != ""}, [2]int{m[0], m[1]}, true
		}
	}
	if m := reNumDate.FindStringSubmatchIndex(s); m != nil {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		loc, _ := zoneOf(g(6))
		// Indonesian order: day/month/year.
		if t, ok := mk(atoi(g(3)), atoi(g(2)), atoi(g(1)), atoi(g(4)), atoi(g(5)), 0, loc); ok {
			return publishedTime{t, g(4) != ""}, [2]int{m[0], m[1]}, true
		}
	}
	return publishedTime{}, [2]int{}, false
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
