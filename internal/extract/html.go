package extract

import (
	"fmt"
	"html"
	"net/url"
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"github.com/warta-news/warta/internal/pattern"
	xhtml "golang.org/x/net/html"
)

// htmlMeta is what an HTML page says about itself.
type htmlMeta struct {
	title, siteName, author, published string
}

var (
	reJSONLDDate = pattern.New(`"datePublished"\s*:\s*"([^"]{8,40})"`)
	reMetaDate   = pattern.New(`(?i)<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|pubdate|publishdate|publish[-_]date|datepublished|content_PublishedDate|dc\.date\.issued|dtm)["'][^>]*>`)
	reContent    = pattern.New(`(?i)content\s*=\s*["']([^"']+)["']`)
	reTimeTag    = pattern.New(`(?i)<time[^>]+datetime\s*=\s*["']([^"']+)["']`)
)

// fromHTML finds the main content of a page with go-trafilatura (the most
// accurate Go extractor measured here, docs/extraction.md) and returns it
// as lines for the classifier, with the page's metadata. The publish date
// is read from JSON-LD and meta tags ourselves, because trafilatura keeps
// only the day and drops the time and the +07:00 offset.
func fromHTML(page, pageURL string) (string, *htmlMeta, error) {
	opts := trafilatura.Options{
		EnableFallback:  false,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled,
	}
	if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	// Parse ourselves: ingest already decoded the page to UTF-8, and
	// trafilatura.Extract would run charset detection (chardet) over every
	// page again, which profiling showed to be a third of its time.
	root, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		return "", nil, fmt.Errorf("parse HTML: %v", err)
	}
	res, err := trafilatura.ExtractDocument(root, opts)
	if err != nil {
		return "", nil, fmt.Errorf("no main content in HTML: %v", err)
	}
	m := &htmlMeta{title: res.Metadata.Title, siteName: res.Metadata.Sitename, author: res.Metadata.Author}
	m.published = publishedFromHTML(page)
	text := blockText(res.ContentNode)
	if strings.TrimSpace(text) == "" {
		text = res.ContentText
	}
	return text, m, nil
}

// blockText writes the text of each block element of the main content on
// a line of its own, so that the classifier sees paragraphs, not one run.
func blockText(n *xhtml.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var cur strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			b.WriteString(t)
			b.WriteByte('\n')
		}
		cur.Reset()
	}
	// Text on either side of an inline element is separate words, as in
	// trafilatura's own text output ("for<ref>Larry</ref>" is two words).
	sep := false
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch n.Type {
		case xhtml.TextNode:
			if sep && cur.Len() > 0 && n.Data != "" {
				cur.WriteByte(' ')
			}
			sep = false
			cur.WriteString(n.Data)
			return
		case xhtml.ElementNode:
			switch n.Data {
			case "script", "style", "noscript":
				return
			case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "td", "th", "dd", "dt", "figcaption", "section", "article", "ul", "ol", "table", "head", "list", "item", "quote", "row", "cell":
				flush()
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				flush()
				return
			case "br", "lb":
				flush()
				return
			}
		}
		sep = true
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		sep = true
	}
	walk(n)
	flush()
	return b.String()
}

// publishedFromHTML reads the publish time from JSON-LD, meta tags or a
// <time> element. It looks for the markers with plain string search and
// runs the patterns only on a small window, because regular expressions
// over whole pages cost more than the extraction itself.
func publishedFromHTML(page string) string {
	window := func(i int) string {
		from, to := max(0, i-300), min(len(page), i+300)
		return page[from:to]
	}
	if i := strings.Index(page, `"datePublished"`); i >= 0 {
		if mm := reJSONLDDate.FindStringSubmatch(window(i)); mm != nil {
			return mm[1]
		}
	}
	for _, marker := range []string{"published_time", "pubdate", "publishdate", "publish-date", "datePublished", "PublishedDate", "date.issued"} {
		if i := strings.Index(page, marker); i >= 0 {
			if tag := reMetaDate.FindString(window(i)); tag != "" {
				if c := reContent.FindStringSubmatch(tag); c != nil {
					return html.UnescapeString(c[1])
				}
			}
		}
	}
	if i := strings.Index(page, "<time"); i >= 0 {
		if mm := reTimeTag.FindStringSubmatch(page[i:min(len(page), i+300)]); mm != nil {
			return mm[1]
		}
	}
	return ""
}

func (c *cleaner) applyHTMLMeta(m *htmlMeta) {
	if c.a.Title == "" {
		c.a.Title = strings.TrimSpace(m.title)
	}
	if len(c.a.Authors) == 0 && m.author != "" {
		c.a.Authors = appendNames(nil, strings.ReplaceAll(m.author, ";", ","))
	}
	if c.a.Published == "" && m.published != "" {
		if pt, _, ok := parsePublished(m.published); ok {
			c.a.Published, c.a.PublishedAt, c.a.PublishedFrom = pt.value(), pt.t, "hint"
		}
	}
}
