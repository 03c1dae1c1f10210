package extract

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
)

// htmlMeta is what an HTML page says about itself.
type htmlMeta struct {
	title, siteName, author, published string
}

var (
	reJSONLDDate = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]{8,40})"`)
	reMetaDate   = regexp.MustCompile(`(?i)<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|pubdate|publishdate|publish[-_]date|datepublished|content_PublishedDate|dc\.date\.issued|dtm)["'][^>]*>`)
	reContent    = regexp.MustCompile(`(?i)content\s*=\s*["']([^"']+)["']`)
	reTimeTag    = regexp.MustCompile(`(?i)<time[^>]+datetime\s*=\s*["']([^"']+)["']`)
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
	res, err := trafilatura.Extract(strings.NewReader(page), opts)
	if err != nil {
		return "", nil, fmt.Errorf("no main content in HTML: %v", err)
	}
	m := &htmlMeta{title: res.Metadata.Title, siteName: res.Metadata.Sitename, author: res.Metadata.Author}
	head := page
	if len(head) > 200_000 {
		head = head[:200_000]
	}
	if mm := reJSONLDDate.FindStringSubmatch(head); mm != nil {
		m.published = mm[1]
	} else if tag := reMetaDate.FindString(head); tag != "" {
		if c := reContent.FindStringSubmatch(tag); c != nil {
			m.published = html.UnescapeString(c[1])
		}
	} else if mm := reTimeTag.FindStringSubmatch(head); mm != nil {
		m.published = mm[1]
	}
	return res.ContentText, m, nil
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
			c.a.Published, c.a.PublishedAt = pt.value(), pt.t
		}
	}
}
