package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/pattern"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// ErrNotFeed is wrapped by the error Parse returns for input that is no
// feed at all: empty, not XML or JSON, an HTML page, a sitemap, or XML so
// damaged that not even its start can be read.
var ErrNotFeed = errors.New("not a feed")

// Options configure Parse. Zero values mean the defaults.
type Options struct {
	// Source names the feed in problems (its URL).
	Source string
	// ContentType is the HTTP Content-Type; its charset wins over the
	// XML declaration, as RFC 7303 says.
	ContentType string
	// BaseURL resolves relative item links (the feed's own URL).
	BaseURL string
	// MaxDepth bounds element nesting (default 64).
	MaxDepth int
	// MaxItems bounds the items read (default 10,000).
	MaxItems int
	// Zone is the zone of dates that name none (default WIB).
	Zone *time.Location
}

// Feed is what a feed says about itself and its items.
type Feed struct {
	Title string
	Link  string
	Items []Item
	// Charset is the encoding the bytes were read in.
	Charset string
	// Truncated is set when the feed ended or broke before its end; Items
	// then holds the items before the damage.
	Truncated bool
}

// Item is one entry: an article to fetch, with what the feed says of it.
type Item struct {
	Title string
	// Link is absolute; items without one are skipped with a problem.
	Link    string
	GUID    string
	Date    Date
	Authors []string
}

// Parse reads a feed. Trouble with parts of it (damage after some items,
// unreadable dates, items without links) comes back as problems with the
// items that could be read; an error wrapping ErrNotFeed means nothing
// could be.
func Parse(data []byte, opt Options) (*Feed, []warta.Problem, error) {
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = 64
	}
	if opt.MaxItems <= 0 {
		opt.MaxItems = 10000
	}
	if opt.Zone == nil {
		opt.Zone = WIB
	}
	var probs []warta.Problem
	problem := func(format string, args ...any) {
		probs = append(probs, warta.Problem{Source: opt.Source, Stage: "ingest", Msg: fmt.Sprintf(format, args...)})
	}
	text, cs := toUTF8(data, declaredCharset(opt.ContentType, data))
	start := bytes.TrimLeft(text, " \t\r\n")
	out := &Feed{Charset: cs}
	var parsed *gofeed.Feed
	switch {
	case len(start) == 0:
		return nil, nil, fmt.Errorf("%w: empty body", ErrNotFeed)
	case start[0] == '{':
		f, err := gofeed.NewParser().Parse(bytes.NewReader(start))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: JSON that is no JSON Feed: %v", ErrNotFeed, err)
		}
		if !strings.Contains(f.FeedVersion, "jsonfeed.org") && !bytes.Contains(start[:min(len(start), 4096)], []byte("jsonfeed.org")) {
			return nil, nil, fmt.Errorf("%w: JSON without a JSON Feed version", ErrNotFeed)
		}
		parsed = f
	case start[0] != '<':
		return nil, nil, fmt.Errorf("%w: neither XML nor JSON (starts %q)", ErrNotFeed, clip(start, 20))
	default:
		body := xmlDeclUTF8(start)
		sc, err := scan(body, opt.MaxDepth)
		if err != nil {
			return nil, nil, err
		}
		if sc.damage != "" {
			out.Truncated = true
			problem("%s; kept the %d items before it", sc.damage, sc.items)
			body = sc.repaired(body)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil {
			return nil, probs, fmt.Errorf("%w: %v", ErrNotFeed, err)
		}
		parsed = f
	}
	out.Title, out.Link = squash(parsed.Title), parsed.Link
	base, _ := url.Parse(opt.BaseURL)
	for i, it := range parsed.Items {
		if len(out.Items) >= opt.MaxItems {
			problem("more than %d items; the rest are ignored", opt.MaxItems)
			break
		}
		item := Item{Title: squash(stripTags(it.Title)), GUID: strings.TrimSpace(it.GUID)}
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link == "" && (strings.HasPrefix(item.GUID, "http://") || strings.HasPrefix(item.GUID, "https://")) {
			link = item.GUID
		}
		if link == "" {
			problem("item %d (%q) has no link", i+1, clip([]byte(item.Title), 60))
			continue
		}
		if base != nil {
			if u, err := base.Parse(link); err == nil {
				link = u.String()
			}
		}
		item.Link = link
		raw := strings.TrimSpace(it.Published)
		if raw == "" {
			raw = strings.TrimSpace(it.Updated)
		}
		if raw != "" {
			d, ok := ParseDate(raw, opt.Zone)
			if !ok {
				// gofeed knows more layouts than we do; its answer is in
				// UTC, which keeps the instant if not the zone.
				switch {
				case it.PublishedParsed != nil:
					d.Time, d.HasTime = *it.PublishedParsed, true
				case it.UpdatedParsed != nil:
					d.Time, d.HasTime = *it.UpdatedParsed, true
				default:
					problem("item %d: unreadable date %q", i+1, clip([]byte(raw), 60))
				}
			}
			item.Date = d
		}
		for _, p := range it.Authors {
			if p == nil {
				continue
			}
			name := squash(p.Name)
			if name == "" {
				name = squash(p.Email)
			}
			if name != "" {
				item.Authors = append(item.Authors, name)
			}
		}
		out.Items = append(out.Items, item)
	}
	return out, probs, nil
}

// declaredCharset is the Content-Type charset, else the XML declaration's.
func declaredCharset(contentType string, data []byte) string {
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		return params["charset"]
	}
	if m := reXMLDecl.FindSubmatch(data[:min(len(data), 512)]); m != nil {
		if e := reEncoding.FindSubmatch(m[0]); e != nil {
			return string(e[1])
		}
	}
	return ""
}

var (
	reXMLDecl  = pattern.New(`^(?:\xEF\xBB\xBF)?\s*<\?xml[^>]*\?>`)
	reEncoding = pattern.New(`(?i)encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']`)
)

// toUTF8 decodes data and names the charset it used. A BOM decides; valid
// UTF-8 is UTF-8 whatever is declared (a wrong declaration is commoner than
// Windows-1252 that happens to be valid UTF-8); otherwise the declared
// charset, else UTF-8 with stray bytes read as Windows-1252. Control
// characters XML forbids are dropped.
func toUTF8(data []byte, declared string) ([]byte, string) {
	var out []byte
	cs := "utf-8"
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		out = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		b, err := dec.Bytes(data)
		if err == nil {
			out, cs = b, "utf-16"
			break
		}
		out, cs = windows1252(data), "windows-1252"
	case utf8.Valid(data):
		out = data
	default:
		enc, name := charset.Lookup(strings.TrimSpace(declared))
		if enc != nil && name != "utf-8" && !strings.HasPrefix(name, "utf-16") && name != "replacement" {
			if b, err := enc.NewDecoder().Bytes(data); err == nil {
				out, cs = b, name
				break
			}
		}
		out, cs = mixedUTF8(data), "windows-1252"
	}
	return dropControls(out), cs
}

func windows1252(raw []byte) []byte {
	out := make([]byte, 0, len(raw)+len(raw)/4)
	for _, c := range raw {
		out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(c))
	}
	return out
}

// mixedUTF8 keeps well-formed UTF-8 and reads every other byte as
// Windows-1252: right for Windows-1252 feeds and for UTF-8 feeds with a
// few pasted strays alike.
func mixedUTF8(raw []byte) []byte {
	out := make([]byte, 0, len(raw)+len(raw)/4)
	for len(raw) > 0 {
		r, n := utf8.DecodeRune(raw)
		if r == utf8.RuneError && n == 1 {
			r = charmap.Windows1252.DecodeByte(raw[0])
		}
		out = utf8.AppendRune(out, r)
		raw = raw[n:]
	}
	return out
}

// dropControls removes C0 controls other than tab, LF and CR, which XML
// 1.0 does not allow anywhere and feeds still contain.
func dropControls(b []byte) []byte {
	i := bytes.IndexFunc(b, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' })
	if i < 0 {
		return b
	}
	out := append([]byte(nil), b[:i]...)
	for _, c := range b[i:] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			continue
		}
		out = append(out, c)
	}
	return out
}

// xmlDeclUTF8 rewrites an XML declaration to say UTF-8, which the bytes now
// are, so the XML reader does not convert them a second time.
func xmlDeclUTF8(b []byte) []byte {
	loc := reXMLDecl.FindIndex(b)
	if loc == nil || !reEncoding.Match(b[loc[0]:loc[1]]) {
		return b
	}
	decl := reEncoding.ReplaceAll(b[loc[0]:loc[1]], []byte(`encoding="utf-8"`))
	out := make([]byte, 0, len(b))
	out = append(out, b[:loc[0]]...)
	out = append(out, decl...)
	return append(out, b[loc[1]:]...)
}

// scanResult is what a pass over the XML found.
type scanResult struct {
	items int // whole items read before any damage
	// damage says what went wrong, "" when the feed is whole.
	damage string
	// cut is the offset just after the last whole item (or after the
	// channel's start when no item is whole), and open the elements open
	// there, outermost first, as written (with prefix).
	cut  int64
	open []string
}

// scan reads the XML once, without building anything, to check the root
// element, bound the nesting and find where the feed stops being whole.
// gofeed, given a truncated feed, returns nothing at all; with scan's cut
// it gets a whole feed holding every item before the damage.
func scan(b []byte, maxDepth int) (*scanResult, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var stack []string
	res := &scanResult{}
	root := ""
	inner := 1 // depth of the element holding the items: <feed>, <rdf:RDF>, or <channel> in RSS 2.0
	mark := func() {
		res.cut = d.InputOffset()
		res.open = append(res.open[:0], stack...)
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(stack) > 0 {
				res.damage = fmt.Sprintf("truncated feed: it ends inside <%s>", stack[len(stack)-1])
			}
			break
		}
		if err != nil {
			if root == "" {
				return nil, fmt.Errorf("%w: %v", ErrNotFeed, err)
			}
			res.damage = "damaged feed: " + err.Error()
			if strings.Contains(err.Error(), "unexpected EOF") {
				res.damage = fmt.Sprintf("truncated feed: it ends inside <%s>", last(stack, root))
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if t.Name.Space != "" {
				name = t.Name.Space + ":" + name
			}
			if root == "" {
				root = strings.ToLower(t.Name.Local)
				switch root {
				case "rss":
					inner = 2
				case "feed", "rdf":
				case "urlset", "sitemapindex":
					return nil, fmt.Errorf("%w: a sitemap (<%s>)", ErrNotFeed, t.Name.Local)
				case "html":
					return nil, fmt.Errorf("%w: an HTML page", ErrNotFeed)
				default:
					return nil, fmt.Errorf("%w: root element <%s>", ErrNotFeed, t.Name.Local)
				}
			}
			stack = append(stack, name)
			if len(stack) > maxDepth {
				res.damage = fmt.Sprintf("damaged feed: elements nested deeper than %d at line %d", maxDepth, line(b, d.InputOffset()))
				return res, nil
			}
			if len(stack) == inner {
				mark()
			}
		case xml.EndElement:
			name := t.Name.Local
			if t.Name.Space != "" {
				name = t.Name.Space + ":" + name
			}
			// Tolerate unclosed elements (stray HTML) by closing back to
			// the matching start; an end tag matching nothing is ignored.
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == name {
					stack = stack[:i]
					break
				}
			}
			// Every element closed just inside the channel (or feed) is a
			// place the feed can be cut and still make sense.
			if len(stack) >= 1 && len(stack) <= inner {
				if l := strings.ToLower(t.Name.Local); l == "item" || l == "entry" {
					res.items++
				}
				mark()
			}
		}
	}
	if root == "" {
		return nil, fmt.Errorf("%w: no XML element", ErrNotFeed)
	}
	return res, nil
}

// repaired returns the feed cut after its last whole item, with the
// elements open there closed.
func (r *scanResult) repaired(b []byte) []byte {
	out := append([]byte(nil), b[:r.cut]...)
	for i := len(r.open) - 1; i >= 0; i-- {
		out = append(out, "</"+r.open[i]+">"...)
	}
	return out
}

func last(stack []string, def string) string {
	if len(stack) == 0 {
		return def
	}
	return stack[len(stack)-1]
}

func line(b []byte, off int64) int {
	return bytes.Count(b[:min(int(off), len(b))], []byte("\n")) + 1
}

var reTag = pattern.New(`<[^>]{0,200}>`)

func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	return reTag.ReplaceAllString(s, " ")
}

// squash trims and collapses white space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n]) + "…"
}
