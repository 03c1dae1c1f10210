package sitemap

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/feed"
	"golang.org/x/net/html/charset"
)

// ErrNotSitemap is wrapped by the error Parse returns for input that is no
// sitemap: empty, an HTML page, a feed, other XML.
var ErrNotSitemap = errors.New("not a sitemap")

// Options configure Parse. Zero values mean the defaults.
type Options struct {
	// Source names the sitemap in problems (its URL).
	Source string
	// MaxDepth bounds element nesting (default 16; sitemaps need 4).
	MaxDepth int
	// MaxEntries bounds the entries read (default 50,000, the protocol's
	// own limit per file).
	MaxEntries int
	// Zone is the zone of dates that name none (default WIB).
	Zone *time.Location
}

// Sitemap is one sitemap file.
type Sitemap struct {
	// Index is set for a sitemap index, whose Entries are sitemaps.
	Index   bool
	Entries []Entry
	// Truncated is set when the file ended or broke before its end.
	Truncated bool
}

// Entry is a <url> of a sitemap or a <sitemap> of an index.
type Entry struct {
	Loc     string
	LastMod feed.Date
	// News is the Google News extension, nil when absent.
	News *News
}

// News is what a news sitemap says of an article.
type News struct {
	Publication string
	Language    string
	Title       string
	Date        feed.Date
	Keywords    string
}

// maxField caps the text kept from one field; a <loc> or a title longer
// than this is not a real one.
const maxField = 4096

// Parse reads a sitemap, an index or a plain-text URL list.
func Parse(data []byte, opt Options) (*Sitemap, []warta.Problem, error) {
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = 16
	}
	if opt.MaxEntries <= 0 {
		opt.MaxEntries = 50000
	}
	if opt.Zone == nil {
		opt.Zone = feed.WIB
	}
	p := &parser{opt: opt, sm: &Sitemap{}}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	start := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(start) == 0:
		return nil, nil, fmt.Errorf("%w: empty body", ErrNotSitemap)
	case start[0] != '<':
		if err := p.text(start); err != nil {
			return nil, nil, err
		}
	default:
		if err := p.xml(start); err != nil {
			return nil, p.probs, err
		}
	}
	if p.badLocs > 0 {
		p.problem("%d entries without a usable <loc> (first: %q)", p.badLocs, p.firstBad)
	}
	return p.sm, p.probs, nil
}

type parser struct {
	opt      Options
	sm       *Sitemap
	probs    []warta.Problem
	badLocs  int
	firstBad string
}

func (p *parser) problem(format string, args ...any) {
	p.probs = append(p.probs, warta.Problem{Source: p.opt.Source, Stage: "ingest", Msg: fmt.Sprintf(format, args...)})
}

// loc checks an entry's URL: absolute http or https.
func (p *parser) loc(s string) (string, bool) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if p.badLocs == 0 {
			p.firstBad = clip(s, 80)
		}
		p.badLocs++
		return "", false
	}
	// Schemes are case-insensitive ("HTTP://"); entries carry them in
	// lower case like every other URL warta keeps (found by FuzzParse).
	return u.Scheme + s[len(u.Scheme):], true
}

func (p *parser) add(e Entry) bool {
	if len(p.sm.Entries) >= p.opt.MaxEntries {
		p.problem("more than %d entries; the rest are ignored", p.opt.MaxEntries)
		return false
	}
	p.sm.Entries = append(p.sm.Entries, e)
	return true
}

// text reads a plain-text sitemap: one URL per line.
func (p *parser) text(data []byte) error {
	if bytes.IndexByte(data[:min(len(data), 1024)], 0) >= 0 {
		return fmt.Errorf("%w: binary data", ErrNotSitemap)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxField)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if loc, ok := p.loc(line); ok {
			if !p.add(Entry{Loc: loc}) {
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		p.problem("stopped reading: %v", err)
		p.sm.Truncated = true
	}
	if len(p.sm.Entries) == 0 {
		return fmt.Errorf("%w: no XML and no URL lines", ErrNotSitemap)
	}
	return nil
}

// xml reads an XML sitemap or index as a stream of tokens.
func (p *parser) xml(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var (
		stack []string // local names of open elements
		field *strings.Builder
		cur   *Entry
		root  string
	)
	parent := func() string {
		if len(stack) < 2 {
			return ""
		}
		return stack[len(stack)-2]
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				p.sm.Truncated = true
				p.problem("truncated sitemap: it ends inside <%s>; kept the %d entries before it", stack[len(stack)-1], len(p.sm.Entries))
			}
			return nil
		}
		if err != nil {
			if root == "" {
				return fmt.Errorf("%w: %v", ErrNotSitemap, err)
			}
			p.sm.Truncated = true
			what := "damaged sitemap: " + err.Error()
			if strings.Contains(err.Error(), "unexpected EOF") {
				what = "truncated sitemap"
			}
			p.problem("%s; kept the %d entries before it", what, len(p.sm.Entries))
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root == "" {
				root = name
				switch root {
				case "urlset":
				case "sitemapindex":
					p.sm.Index = true
				case "html":
					return fmt.Errorf("%w: an HTML page", ErrNotSitemap)
				case "rss", "feed", "rdf":
					return fmt.Errorf("%w: a feed (<%s>)", ErrNotSitemap, t.Name.Local)
				default:
					return fmt.Errorf("%w: root element <%s>", ErrNotSitemap, t.Name.Local)
				}
			}
			stack = append(stack, name)
			if len(stack) > p.opt.MaxDepth {
				p.sm.Truncated = true
				p.problem("damaged sitemap: elements nested deeper than %d; kept the %d entries before it", p.opt.MaxDepth, len(p.sm.Entries))
				return nil
			}
			switch {
			case len(stack) == 2 && (name == "url" || name == "sitemap"):
				cur = &Entry{}
			case cur != nil && name == "news" && strings.Contains(strings.ToLower(t.Name.Space), "news"):
				cur.News = &News{}
			}
			if cur != nil && isField(name) {
				field = &strings.Builder{}
			}
		case xml.CharData:
			if field != nil && field.Len()+len(t) <= maxField {
				field.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			if field != nil && cur != nil {
				p.setField(cur, name, parent(), strings.TrimSpace(field.String()))
				field = nil
			}
			stack = stack[:len(stack)-1]
			if cur != nil && len(stack) == 1 && (name == "url" || name == "sitemap") {
				if cur.Loc != "" {
					if loc, ok := p.loc(cur.Loc); ok {
						cur.Loc = loc
						if !p.add(*cur) {
							return nil
						}
					}
				} else {
					p.loc("")
				}
				cur = nil
			}
		}
	}
}

func isField(name string) bool {
	switch name {
	case "loc", "lastmod", "name", "language", "publication_date", "title", "keywords":
		return true
	}
	return false
}

// setField stores a field's text by where it stood: <loc> and <lastmod>
// directly in the entry, the rest inside <news:news>.
func (p *parser) setField(e *Entry, name, parent, val string) {
	switch {
	case name == "loc" && (parent == "url" || parent == "sitemap"):
		e.Loc = val
	case name == "lastmod" && (parent == "url" || parent == "sitemap"):
		e.LastMod, _ = feed.ParseDate(val, p.opt.Zone)
	case e.News == nil:
	case name == "name" && parent == "publication":
		e.News.Publication = val
	case name == "language" && parent == "publication":
		e.News.Language = val
	case name == "title" && parent == "news":
		e.News.Title = val
	case name == "publication_date" && parent == "news":
		e.News.Date, _ = feed.ParseDate(val, p.opt.Zone)
	case name == "keywords" && parent == "news":
		e.News.Keywords = val
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
