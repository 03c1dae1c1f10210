package ui

import (
	"html/template"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// markParagraphs returns the article's paragraphs as HTML with entity
// mentions linked and quoted passages marked with their speaker. Every
// piece of article text goes through template.HTMLEscapeString; the only
// markup is what this file writes, so the result is safe as template.HTML.
func markParagraphs(a *warta.Article) []template.HTML {
	type span struct {
		start, end int
		open       string
	}
	byPara := map[int][]span{}
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if e.ID == "" || m.Start < 0 || m.End <= m.Start {
				continue
			}
			open := `<a class="ent ent-` + template.HTMLEscapeString(string(e.Type)) + `" href="/entities/` +
				template.URLQueryEscaper(e.ID) + `" title="` + template.HTMLEscapeString(e.Name) + `">`
			byPara[m.Paragraph] = append(byPara[m.Paragraph], span{m.Start, m.End, open})
		}
	}
	quotes := map[int][]warta.Quote{}
	for _, q := range a.Quotes {
		quotes[q.Paragraph] = append(quotes[q.Paragraph], q)
	}
	// linked renders p[from:to] with the entity links that lie inside it.
	linked := func(p string, spans []span, from, to int) string {
		var b strings.Builder
		pos := from
		for _, s := range spans {
			if s.start < pos || s.end > to || s.end > len(p) {
				continue // outside, overlapping or stale offsets: plain text
			}
			b.WriteString(template.HTMLEscapeString(p[pos:s.start]))
			b.WriteString(s.open)
			b.WriteString(template.HTMLEscapeString(p[s.start:s.end]))
			b.WriteString("</a>")
			pos = s.end
		}
		b.WriteString(template.HTMLEscapeString(p[pos:to]))
		return b.String()
	}
	out := make([]template.HTML, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		spans := byPara[i]
		sort.Slice(spans, func(x, y int) bool { return spans[x].start < spans[y].start })
		var b strings.Builder
		pos := 0
		for _, q := range quotes[i] {
			at := strings.Index(p[pos:], q.Text)
			if q.Text == "" || at < 0 {
				continue
			}
			start, end := pos+at, pos+at+len(q.Text)
			b.WriteString(linked(p, spans, pos, start))
			who := "?"
			if q.Speaker != nil {
				who = *q.Speaker
			}
			b.WriteString(`<span class="said" title="` + template.HTMLEscapeString(who) + `">`)
			b.WriteString(linked(p, spans, start, end))
			b.WriteString(`</span><sup class="who">`)
			if q.Speaker != nil && q.SpeakerID != "" {
				b.WriteString(`<a href="/entities/` + template.URLQueryEscaper(q.SpeakerID) + `">` + template.HTMLEscapeString(who) + `</a>`)
			} else {
				b.WriteString(template.HTMLEscapeString(who))
			}
			b.WriteString(`</sup>`)
			pos = end
		}
		b.WriteString(linked(p, spans, pos, len(p)))
		out[i] = template.HTML(b.String()) //nolint:gosec // built from escaped pieces above
	}
	return out
}
