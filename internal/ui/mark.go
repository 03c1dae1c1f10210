package ui

import (
	"html/template"
	"sort"
	"strings"

	"github.com/warta-news/warta"
)

// markParagraphs returns the article's paragraphs as HTML with entity
// mentions linked and quoted passages marked. Every piece of article text
// goes through template.HTMLEscapeString; the only markup is what this
// function writes, so the result is safe as template.HTML.
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
	out := make([]template.HTML, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		spans := byPara[i]
		sort.Slice(spans, func(x, y int) bool { return spans[x].start < spans[y].start })
		var b strings.Builder
		pos := 0
		for _, s := range spans {
			if s.start < pos || s.end > len(p) {
				continue // overlapping or stale offsets: leave the text plain
			}
			b.WriteString(template.HTMLEscapeString(p[pos:s.start]))
			b.WriteString(s.open)
			b.WriteString(template.HTMLEscapeString(p[s.start:s.end]))
			b.WriteString("</a>")
			pos = s.end
		}
		b.WriteString(template.HTMLEscapeString(p[pos:]))
		out[i] = template.HTML(b.String()) //nolint:gosec // built from escaped pieces above
	}
	return out
}
