package ui

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"

	"github.com/warta-news/warta"
)

// timelineSVG draws events on a time axis as inline SVG: one dot per dated
// event, linked to its page, with its date and type beside it. warta draws
// it on the server so the page needs no script and no chart library.
// Every piece of text is escaped; the markup is only what this function
// writes.
func timelineSVG(evs []*warta.EventRecord, lang string) template.HTML {
	type point struct {
		t  time.Time
		ev *warta.EventRecord
	}
	var pts []point
	for _, e := range evs {
		if t, ok := eventTime(e.Date); ok {
			pts = append(pts, point{t, e})
		}
	}
	if len(pts) == 0 {
		return ""
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].t.Before(pts[j].t) })
	const width, left, right, rowH, top = 900.0, 40.0, 40.0, 22.0, 30.0
	first, last := pts[0].t, pts[len(pts)-1].t
	span := last.Sub(first).Hours()
	if span <= 0 {
		span = 24
	}
	x := func(t time.Time) float64 {
		if len(pts) == 1 {
			return width / 2
		}
		return left + (width-left-right)*t.Sub(first).Hours()/span
	}
	// Labels go on rows below the axis so that close events do not
	// overwrite each other: each takes the first row whose last label
	// ends before it starts.
	var rowEnd []float64
	rows := make([]int, len(pts))
	for i, p := range pts {
		px := x(p.t)
		r := 0
		for ; r < len(rowEnd); r++ {
			if rowEnd[r] < px-4 {
				break
			}
		}
		if r == len(rowEnd) {
			rowEnd = append(rowEnd, 0)
		}
		rowEnd[r] = px + 7*float64(len(label(p.ev)))
		rows[i] = r
	}
	height := top + 20 + rowH*float64(len(rowEnd)) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, width, height, template.HTMLEscapeString(t(lang, "timeline")))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#888" stroke-width="2"/>`, left, top, width-right, top)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12" fill="#555">%s</text>`, left, top-10, first.Format("2006-01-02"))
	if len(pts) > 1 {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12" fill="#555" text-anchor="end">%s</text>`, width-right, top-10, last.Format("2006-01-02"))
	}
	for i, p := range pts {
		px := x(p.t)
		ly := top + 20 + rowH*float64(rows[i])
		href := "/events/" + template.URLQueryEscaper(p.ev.ID)
		fmt.Fprintf(&b, `<a href="%s"><title>%s</title>`, href, template.HTMLEscapeString(p.ev.Date+" "+p.ev.Type+" "+strings.Join(p.ev.Actors, ", ")))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#bbb"/>`, px, top, px, ly-10)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.0f" r="6" fill="%s"/>`, px, top, colorOf(p.ev.Type))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="#222">%s</text></a>`, px, ly, template.HTMLEscapeString(label(p.ev)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text above is escaped
}

func label(e *warta.EventRecord) string {
	s := e.Date + " " + e.Type
	if e.Place != "" {
		s += " · " + e.Place
	}
	return s
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

// colorOf gives each PLOVER family a fixed color, so a reader learns them.
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
	case "DISASTER":
		return "#8250df"
	}
	return "#57606a"
}
