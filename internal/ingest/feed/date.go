package feed

import (
	"strconv"
	"strings"
	"time"
)

// WIB is Western Indonesian Time, the zone an Indonesian feed means when
// it gives none.
var WIB = time.FixedZone("WIB", 7*3600)

var months = map[string]time.Month{
	"januari": 1, "january": 1, "jan": 1, "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
	"maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
	"september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nopember": 11, "nov": 11, "nop": 11, "desember": 12, "december": 12, "des": 12, "dec": 12,
}

var weekdays = map[string]bool{
	"senin": true, "selasa": true, "rabu": true, "kamis": true, "jumat": true, "jum'at": true, "sabtu": true,
	"minggu": true, "ahad": true, "sen": true, "sel": true, "rab": true, "kam": true, "jum": true, "sab": true,
	"min": true, "monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "mon": true, "tue": true, "tues": true, "wed": true, "thu": true,
	"thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
}

// zones are the named zones feeds use: Indonesia's three, and the ones
// RFC 822 names.
var zones = map[string]*time.Location{
	"wib": WIB, "wita": time.FixedZone("WITA", 8*3600), "wit": time.FixedZone("WIT", 9*3600),
	"gmt": time.UTC, "ut": time.UTC, "utc": time.UTC, "z": time.UTC,
	"est": time.FixedZone("EST", -5*3600), "edt": time.FixedZone("EDT", -4*3600),
	"cst": time.FixedZone("CST", -6*3600), "cdt": time.FixedZone("CDT", -5*3600),
	"mst": time.FixedZone("MST", -7*3600), "mdt": time.FixedZone("MDT", -6*3600),
	"pst": time.FixedZone("PST", -8*3600), "pdt": time.FixedZone("PDT", -7*3600),
	"sgt": time.FixedZone("SGT", 8*3600), "myt": time.FixedZone("MYT", 8*3600),
}

// isoLayouts are tried first: Atom, W3C and sitemap dates.
var isoLayouts = []struct {
	layout  string
	hasZone bool
	hasTime bool
}{
	{time.RFC3339Nano, true, true},
	{"2006-01-02T15:04:05Z0700", true, true},
	{"2006-01-02T15:04Z07:00", true, true},
	{"2006-01-02 15:04:05Z07:00", true, true},
	{"2006-01-02 15:04:05 Z07:00", true, true},
	{"2006-01-02 15:04:05 -0700", true, true},
	{"2006-01-02T15:04:05", false, true},
	{"2006-01-02 15:04:05", false, true},
	{"2006-01-02T15:04", false, true},
	{"2006-01-02 15:04", false, true},
	{"2006-01-02", false, false},
}

// Date is a publish date as a feed gave it and as warta reads it.
type Date struct {
	Raw string
	// Time is in the offset the feed used (UTC only when it said so);
	// zero when Raw could not be read.
	Time time.Time
	// HasTime is false for a bare day; Time is then midnight.
	HasTime bool
}

// String renders the date for Hints.Published: RFC 3339 with the feed's
// own offset, a bare date when the feed gave no time, or Raw when it could
// not be read.
func (d Date) String() string {
	switch {
	case d.Time.IsZero():
		return d.Raw
	case d.HasTime:
		return d.Time.Format(time.RFC3339)
	}
	return d.Time.Format("2006-01-02")
}

// ParseDate reads a feed or sitemap date: RFC 822/1123 ("Tue, 06 May
// 2025 10:00:00 +0700"), ISO 8601 and RFC 3339, and the Indonesian forms
// ("Selasa, 06 Mei 2025 10:00:00 WIB", "6 Mei 2025 | 10.00 WIB", "06/05/2025
// 10:00"). The offset given is kept; a date without one is read in def
// (WIB when nil). ok is false when s is not a date it can read; Time is
// then zero.
func ParseDate(s string, def *time.Location) (Date, bool) {
	d := Date{Raw: s}
	if def == nil {
		def = WIB
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 100 {
		return d, false
	}
	for _, l := range isoLayouts {
		var t time.Time
		var err error
		if l.hasZone {
			t, err = time.Parse(l.layout, s)
		} else {
			t, err = time.ParseInLocation(l.layout, s, def)
		}
		if err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
			d.Time, d.HasTime = t, l.hasTime
			return d, true
		}
	}
	return parseWords(d, s, def)
}

// parseWords reads a date written in words and numbers, token by token. A
// token it does not know fails the whole date rather than being guessed
// around.
func parseWords(d Date, s string, def *time.Location) (Date, bool) {
	var (
		day, year, hour, min, sec = -1, -1, 0, 0, 0
		month                     time.Month
		hasTime                   bool
		loc                       *time.Location
		pm, am                    bool
	)
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '|' || r == '(' || r == ')' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0'
	})
	for i := 0; i < len(fields); i++ {
		f := strings.TrimSuffix(fields[i], ".")
		if f == "" {
			continue
		}
		// A time with its offset attached: 10:00:00+0700.
		if j := strings.IndexAny(f, "+-"); j > 0 && strings.Contains(f[:j], ":") {
			fields = append(fields[:i+1], append([]string{f[j:]}, fields[i+1:]...)...)
			f = f[:j]
		}
		switch {
		case f == "-" || f == "–" || f == "pukul" || f == "jam" || f == "at" || weekdays[f]:
		case months[f] != 0 && month == 0:
			month = months[f]
		case zones[f] != nil && loc == nil:
			loc = zones[f]
		case f == "pm" || f == "am":
			pm, am = f == "pm", f == "am"
		case isClock(f) && !hasTime:
			parts := strings.FieldsFunc(f, func(r rune) bool { return r == ':' || r == '.' })
			hour, min = atoi(parts[0]), atoi(parts[1])
			if len(parts) == 3 {
				sec = atoi(parts[2])
			}
			hasTime = true
		case offset(f) != nil && loc == nil:
			loc = offset(f)
		case numericDate(f) != nil && day < 0:
			p := numericDate(f)
			day, month, year = p[0], time.Month(p[1]), p[2]
		case allDigits(f) && len(f) == 4 && year < 0:
			year = atoi(f)
		case allDigits(f) && len(f) <= 2 && day < 0:
			day = atoi(f)
		case allDigits(f) && len(f) == 2 && year < 0 && day >= 0 && month != 0:
			year = 2000 + atoi(f) // RFC 822 allows two-digit years
		default:
			return d, false
		}
	}
	if pm && hour < 12 {
		hour += 12
	} else if am && hour == 12 {
		hour = 0
	}
	if day < 1 || day > 31 || month < 1 || month > 12 || year < 1900 || year > 2200 || hour > 23 || min > 59 || sec > 60 {
		return d, false
	}
	if loc == nil {
		loc = def
	}
	t := time.Date(year, month, day, hour, min, min0(sec), 0, loc)
	if t.Day() != day {
		return d, false // 31 June
	}
	d.Time, d.HasTime = t, hasTime
	return d, true
}

func min0(sec int) int { return min(sec, 59) } // a leap second reads as :59

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isClock matches 10:00, 10:00:00, 10.00 (the Indonesian way).
func isClock(s string) bool {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ':' || r == '.' })
	if len(parts) < 2 || len(parts) > 3 || strings.Count(s, ":")+strings.Count(s, ".") != len(parts)-1 {
		return false
	}
	for i, p := range parts {
		if !allDigits(p) || len(p) > 2 || i > 0 && len(p) != 2 {
			return false
		}
	}
	return true
}

// offset reads +0700, +07:00, -05, GMT+7, UTC+07:00.
func offset(s string) *time.Location {
	rest := s
	for _, p := range []string{"gmt", "utc"} {
		rest = strings.TrimPrefix(rest, p)
	}
	if len(rest) < 2 || rest[0] != '+' && rest[0] != '-' {
		return nil
	}
	digits := strings.ReplaceAll(rest[1:], ":", "")
	if !allDigits(digits) {
		return nil
	}
	var h, m int
	switch len(digits) {
	case 1, 2:
		h = atoi(digits)
	case 3:
		h, m = atoi(digits[:1]), atoi(digits[1:])
	case 4:
		h, m = atoi(digits[:2]), atoi(digits[2:])
	default:
		return nil
	}
	if h > 14 || m > 59 {
		return nil
	}
	off := h*3600 + m*60
	if rest[0] == '-' {
		off = -off
	}
	if off == 0 {
		return time.UTC
	}
	return time.FixedZone("", off)
}

// numericDate reads day/month/year (Indonesian order) with / - or . and
// returns [day, month, year].
func numericDate(s string) []int {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 {
		return nil
	}
	for _, p := range parts {
		if !allDigits(p) {
			return nil
		}
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return nil
	}
	return []int{atoi(parts[0]), atoi(parts[1]), atoi(parts[2])}
}
