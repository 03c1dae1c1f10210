package sanitize

import (
	"html/template"

	"github.com/microcosm-cc/bluemonday"
)

// Policy is an allow-list for article HTML. It is safe for concurrent use
// once built.
type Policy struct{ p *bluemonday.Policy }

// New builds the policy: paragraphs, emphasis, lists, quotes, headings,
// figures and links (http, https, mailto only; rel="nofollow noopener"
// added; no target). Images are dropped: they would load from third-party
// hosts and leak the reader's visit.
func New() *Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "blockquote", "q", "cite",
		"ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "pre", "code", "mark", "small", "span", "div")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return &Policy{p: p}
}

// HTML sanitizes s and returns it as template.HTML, the only way article
// markup may reach a page.
func (p *Policy) HTML(s string) template.HTML {
	return template.HTML(p.p.Sanitize(s)) //nolint:gosec // sanitized by the allow-list above
}
