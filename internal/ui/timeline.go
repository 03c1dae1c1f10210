package ui

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/query"
)

// The time axis is drawn in bands chosen from the data rather than on a
// linear scale: news about a person spans years but crowds into a few
// weeks, and a linear axis from 2014 to 2020 squeezes September 2019 into
// one pixel column. Every band starts as a year; the band with the most
// events opens into its months, a month into its days, as long as the
// chart keeps at most maxBands bands. Stretches with no event between two
// bands fold into a break mark whatever their length.

// grain is how much time one band covers.
type grain int

const (
	year grain = iota
	month
	day
)

// band is one stretch of the axis that has events: a year, a month or a
// day, [start, end).
type band struct {
	start, end time.Time
	grain      grain
	events     []*warta.EventRecord
}

// maxBands bounds the bands of one chart so that each keeps room for its
// dots at the narrowest width the chart is drawn (it scales to the page).
const maxBands = 36

// precision is the grain an event's date is written to: "2019" cannot
// open into months, nor "2019-09" into days.
func precision(date string) grain {
	switch len(date) {
	case len("2006"):
		return year
	case len("2006-01"):
		return month
	}
	return day
}

// bands lays dated events out in bands, oldest first. Events whose date is
// coarser than the band they would fall into stay in a band of their own
// precision, placed first among the bands that open from it.
func bands(evs []*warta.EventRecord) []band {
	byYear := map[int]*band{}
	for _, e := range evs {
		t, ok := eventTime(e.Date)
		if !ok {
			continue
		}
		y := t.Year()
		if byYear[y] == nil {
			start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			byYear[y] = &band{start: start, end: start.AddDate(1, 0, 0), grain: year}
		}
		byYear[y].events = append(byYear[y].events, e)
	}
	var out []band
	for _, b := range byYear {
		out = append(out, *b)
	}
	sortBands(out)
	for {
		best := -1
		for i, b := range out {
			if b.grain == day {
				continue
			}
			if best < 0 || len(b.events) > len(out[best].events) {
				parts := split(b)
				if len(out)-1+len(parts) <= maxBands && len(parts) > 1 || len(parts) == 1 && parts[0].grain != b.grain {
					best = i
				}
			}
		}
		if best < 0 {
			return out
		}
		parts := split(out[best])
		out = append(out[:best], append(parts, out[best+1:]...)...)
	}
}

// split opens a year into its months or a month into its days, keeping
// events dated only to the band's own grain together in a band of that
// grain. A band whose events are all coarse cannot open: split returns it.
func split(b band) []band {
	child := b.grain + 1
	var coarse []*warta.EventRecord
	parts := map[time.Time]*band{}
	for _, e := range b.events {
		if precision(e.Date) < child {
			coarse = append(coarse, e)
			continue
		}
		t, _ := eventTime(e.Date)
		var start, end time.Time
		if child == month {
			start = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
			end = start.AddDate(0, 1, 0)
		} else {
			start = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			end = start.AddDate(0, 0, 1)
		}
		if parts[start] == nil {
			parts[start] = &band{start: start, end: end, grain: child}
		}
		parts[start].events = append(parts[start].events, e)
	}
	if len(parts) == 0 {
		return []band{b}
	}
	var out []band
	if len(coarse) > 0 {
		out = append(out, band{start: b.start, end: b.end, grain: b.grain, events: coarse})
	}
	for _, p := range parts {
		out = append(out, *p)
	}
	sortBands(out)
	return out
}

func sortBands(bs []band) {
	sort.SliceStable(bs, func(i, j int) bool {
		if !bs[i].start.Equal(bs[j].start) {
			return bs[i].start.Before(bs[j].start)
		}
		return bs[i].grain < bs[j].grain
	})
}

// The chart's geometry, in viewBox units (the SVG scales to the page).
const (
	chartW    = 900.0
	pad       = 6.0
	dotR      = 5.0
	dotGap    = 2.0
	maxStack  = 8
	fontSize  = 11.0
	charW     = 7.0 // a generous width of one character at fontSize, for placing labels
	labelGap  = 6.0
	breakFrac = 0.6 // a break is this much of a band's width
	maxBandW  = 70.0
)

// labelWidth estimates how wide s is drawn at fontSize.
func labelWidth(s string) float64 { return charW * float64(utf8.RuneCountInString(s)) }

// svgText is one label as placed, kept so tests can check that no two
// overlap and none leaves the chart.
type svgText struct {
	x, y, w float64
	s       string
}

// timelineChart is a laid-out chart: its markup and the labels in it.
type timelineChart struct {
	svg    string
	labels []svgText
	width  float64
	height float64
}

// timelineSVG draws events on a banded time axis as inline SVG, one dot
// per event linked to its page, stacked above its band; a band with more
// events than fit shows the first ones and links to its day in the list.
// warta draws it on the server so the page needs no script and no chart
// library. Every piece of text is escaped; the markup is only what this
// file writes.
func timelineSVG(evs []*warta.EventRecord, lang string) template.HTML {
	c := drawTimeline(evs, lang)
	return template.HTML(c.svg) //nolint:gosec // every text in it is escaped
}

func drawTimeline(evs []*warta.EventRecord, lang string) timelineChart {
	bs := bands(evs)
	if len(bs) == 0 {
		return timelineChart{}
	}
	breaks := 0
	for i := 1; i < len(bs); i++ {
		if bs[i].start.After(bs[i-1].end) {
			breaks++
		}
	}
	unit := math.Min(maxBandW, (chartW-2*pad)/(float64(len(bs))+breakFrac*float64(breaks)))
	used := unit * (float64(len(bs)) + breakFrac*float64(breaks))
	x := pad + (chartW-2*pad-used)/2

	stack := 0
	for _, b := range bs {
		stack = max(stack, min(len(b.events), maxStack))
	}
	r := math.Min(dotR, unit/2-1)
	topY := fontSize + 2 // the row of counts over crowded bands
	axisY := topY + 4 + float64(stack)*(2*r+dotGap) + 4
	tier1Y, tier2Y := axisY+fontSize+6, axisY+2*fontSize+10
	height := tier2Y + 6

	var body strings.Builder
	var labels []svgText
	lastEnd := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	// place adds a label starting near x on a tier (0 under the axis,
	// 1 under that, 2 over the dots) unless it would overlap
	// the tier's previous label; it never runs past either edge.
	place := func(tier int, x float64, s string, centered bool) {
		w := labelWidth(s)
		left := x
		if centered {
			left = x - w/2
		}
		left = math.Max(0, math.Min(left, chartW-w))
		if left < lastEnd[tier]+labelGap {
			return
		}
		lastEnd[tier] = left + w
		y := [3]float64{tier1Y, tier2Y, topY}[tier]
		labels = append(labels, svgText{x: left, y: y, w: w, s: s})
		fmt.Fprintf(&body, `<text x="%.1f" y="%.1f" font-size="%.0f" fill="%s">%s</text>`, left, y, fontSize,
			[3]string{"#333", "#666", "#555"}[tier], template.HTMLEscapeString(s))
	}
	segStart := x
	var prevTier2 string
	for i, b := range bs {
		if i > 0 && b.start.After(bs[i-1].end) {
			// Close the axis segment, draw the fold and say what it hides.
			fmt.Fprintf(&body, `<line class="axis" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888" stroke-width="2"/>`, segStart, axisY, x, axisY)
			bw := unit * breakFrac
			cx := x + bw/2
			fmt.Fprintf(&body, `<g class="fold"><title>%s</title><path d="M%.1f %.1f l4 -8 M%.1f %.1f l4 -8" stroke="#888" stroke-width="1.5" fill="none"/></g>`,
				template.HTMLEscapeString(gapText(bs[i-1].end, b.start, lang)), cx-5, axisY+4, cx+1, axisY+4)
			x += bw
			segStart = x
		}
		cx := x + unit/2
		anchor := "d-" + b.start.Format(map[grain]string{year: "2006", month: "2006-01", day: "2006-01-02"}[b.grain])
		fmt.Fprintf(&body, `<g class="band"><title>%s</title>`, template.HTMLEscapeString(bandTitle(b, lang)))
		for j, e := range b.events {
			if j == maxStack {
				break
			}
			cy := axisY - 4 - r - float64(j)*(2*r+dotGap)
			href := "/events/" + template.URLQueryEscaper(e.ID)
			tip := e.Date + " · " + query.EventLabel(e)
			if j == maxStack-1 && len(b.events) > maxStack {
				// The last dot that fits stands for the rest: it opens the band's day in the list.
				href = "#" + anchor
				tip = fmt.Sprintf("+%d %s", len(b.events)-j, t(lang, "more_events"))
				fmt.Fprintf(&body, `<a href="%s"><title>%s</title><circle cx="%.1f" cy="%.1f" r="%.1f" fill="#fff" stroke="#555" stroke-width="1.5"/></a>`,
					href, template.HTMLEscapeString(tip), cx, cy, r)
				break
			}
			fmt.Fprintf(&body, `<a href="%s"><title>%s</title><circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s"/></a>`,
				href, template.HTMLEscapeString(tip), cx, cy, r, colorOf(e.Type))
		}
		body.WriteString(`</g>`)
		if n := strconv.Itoa(len(b.events)); len(b.events) > maxStack && labelWidth(n) <= unit {
			place(2, cx, n, true) // how many the stack stands for
		}
		t1, t2 := bandLabels(b, lang)
		place(0, cx, t1, true)
		if t2 != "" && t2 != prevTier2 {
			place(1, x, t2, false)
			prevTier2 = t2
		}
		x += unit
	}
	fmt.Fprintf(&body, `<line class="axis" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888" stroke-width="2"/>`, segStart, axisY, x, axisY)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, chartW, height, template.HTMLEscapeString(t(lang, "timeline")))
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return timelineChart{svg: b.String(), labels: labels, width: chartW, height: height}
}

// monthNames are short month names per interface language.
var monthNames = map[string][12]string{
	"id": {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"},
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

func monthName(m time.Month, lang string) string {
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames["id"]
	}
	return names[m-1]
}

// bandLabels are a band's label under the axis ("10", "Sep", "2019") and
// the wider context shown once per run of bands ("Sep 2019", "2019").
func bandLabels(b band, lang string) (string, string) {
	switch b.grain {
	case day:
		return strconv.Itoa(b.start.Day()), monthName(b.start.Month(), lang) + " " + strconv.Itoa(b.start.Year())
	case month:
		return monthName(b.start.Month(), lang), strconv.Itoa(b.start.Year())
	}
	return strconv.Itoa(b.start.Year()), ""
}

// bandTitle is a band's tooltip: its time and how many events it holds.
func bandTitle(b band, lang string) string {
	return periodName(b.start, b.grain, lang) + ": " + strconv.Itoa(len(b.events)) + " " + t(lang, "events_n")
}

// periodName names a day, month or year for a reader: "10 Sep 2019".
func periodName(t time.Time, g grain, lang string) string {
	switch g {
	case day:
		return strconv.Itoa(t.Day()) + " " + monthName(t.Month(), lang) + " " + strconv.Itoa(t.Year())
	case month:
		return monthName(t.Month(), lang) + " " + strconv.Itoa(t.Year())
	}
	return strconv.Itoa(t.Year())
}

// gapText says how long a folded stretch is: "3 hari", "2 bulan", "4 tahun".
func gapText(from, to time.Time, lang string) string {
	days := int(to.Sub(from).Hours() / 24)
	switch {
	case days < 60:
		return strconv.Itoa(max(days, 1)) + " " + t(lang, "days")
	case days < 730:
		return strconv.Itoa(days/30) + " " + t(lang, "months")
	}
	return strconv.Itoa(days/365) + " " + t(lang, "years")
}

// eventTime reads a normalized event date of any granularity; a month or
// year sits at its start.
func eventTime(d string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(d) == len(layout) {
			t, err := time.Parse(layout, d)
			return t, err == nil
		}
	}
	return time.Time{}, false
}

// colorOf gives each family of event types a fixed color, so a reader
// learns them.
func colorOf(typ string) string {
	switch typ {
	case "CONSULT":
		return "#1f6feb"
	case "AGREE", "COOPERATE", "AID":
		return "#2da44e"
	case "ACCUSE", "PROTEST", "REJECT", "THREATEN", "SANCTION":
		return "#d4a72c"
	case "COERCE", "ASSAULT", "MOBILIZE":
		return "#cf222e"
	case "DISASTER", "ACCIDENT", "DEATH":
		return "#8250df"
	}
	return "#57606a"
}
