package crawl

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest"
	"github.com/warta-news/warta/internal/ingest/fetch"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageFormat decides how a fetched body is read, from its media type and,
// when the server names none, from its bytes. ok is false for what is not
// a page (images, PDFs, feeds).
func pageFormat(resp *fetch.Response) (warta.Format, string, bool) {
	mt := resp.MediaType()
	if mt == "" || mt == "application/octet-stream" {
		mt, _, _ = strings.Cut(http.DetectContentType(resp.Body), ";")
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return warta.FormatHTML, mt, true
	case "text/plain":
		if looksHTML(resp.Body) {
			return warta.FormatHTML, mt, true
		}
		return warta.FormatText, mt, true
	}
	return "", mt, false
}

func looksHTML(b []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(b[:min(len(b), 1024)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// article is a fetched page turned into a document.
type article struct {
	doc   *warta.Document
	key   string   // identity of the article (fetch.Key of its canonical URL)
	keys  []string // other keys it is known by (the final URL after redirects)
	probs []warta.Problem
}

// fetchArticle fetches the page at link and, when it is the first page of a
// multi-page article, the pages after it, and returns one document. The
// error is set when not even the first page could be used.
func (c *Crawler) fetchArticle(ctx context.Context, link string, req fetch.Request, hints warta.Hints) (*article, *fetch.Response, error) {
	canon, err := fetch.Canonical(link)
	if err != nil {
		return nil, nil, err
	}
	if req.URL == "" {
		req.URL = canon.String()
	}
	resp, err := c.Fetcher.Fetch(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	if resp.NotModified {
		return nil, resp, nil
	}
	c.metrics.pages.Add(1)
	format, mt, ok := pageFormat(resp)
	if !ok {
		return nil, resp, &permanentError{fmt.Sprintf("not a page: content type %q", mt)}
	}
	final, err := fetch.Canonical(resp.URL)
	if err != nil {
		final = canon
	}
	a := &article{}
	a.key, _ = fetch.Key(canon.String())
	if k, err := fetch.Key(final.String()); err == nil && k != a.key {
		a.keys = append(a.keys, k)
	}
	raw := resp.Body
	if format == warta.FormatHTML {
		raw, a.probs = c.morePages(ctx, resp, raw)
	}
	hints.ContentType = resp.ContentType
	doc := &warta.Document{Source: final.String(), URL: final.String(), Format: format, Raw: raw, Hints: hints}
	doc.ID = warta.ContentID(doc.Raw)
	if probs := ingest.Prepare(doc); len(probs) > 0 {
		return nil, resp, &permanentError{probs[0].Msg}
	}
	a.doc = doc
	return a, resp, nil
}

// permanentError is a page that will not become a document however often
// it is fetched: not a page, empty, binary.
type permanentError struct{ msg string }

func (e *permanentError) Error() string { return e.msg }

// morePages finds the further pages of a multi-page article on its first
// page, fetches them and splices their body paragraphs into the first
// page. Pages that cannot be fetched are reported and left out; when none
// can be, the first page is returned as it came.
func (c *Crawler) morePages(ctx context.Context, first *fetch.Response, raw []byte) ([]byte, []warta.Problem) {
	key, err := fetch.Key(first.URL)
	if err != nil {
		return raw, nil
	}
	var probs []warta.Problem
	problem := func(format string, args ...any) {
		probs = append(probs, warta.Problem{Source: first.URL, Stage: "fetch", Msg: fmt.Sprintf(format, args...)})
	}
	type page struct {
		url  string
		n    int
		body []byte
	}
	seen := map[string]bool{first.URL: true}
	var todo []page
	queue := func(body []byte, base string) {
		for _, l := range pageLinks(body, base, key) {
			if !seen[l] {
				seen[l] = true
				todo = append(todo, page{url: l, n: fetch.PageOf(l)})
			}
		}
		sort.SliceStable(todo, func(i, j int) bool { return todo[i].n < todo[j].n })
	}
	queue(raw, first.URL)
	var pages []page
	for len(todo) > 0 && len(pages) < c.opt.MaxPages-1 {
		p := todo[0]
		todo = todo[1:]
		resp, err := c.Fetcher.Get(ctx, p.url)
		if err != nil {
			problem("page %d of the article left out: %v", p.n, err)
			continue
		}
		c.metrics.pages.Add(1)
		if f, _, ok := pageFormat(resp); !ok || f != warta.FormatHTML || bytes.Equal(resp.Body, raw) {
			continue
		}
		p.body = resp.Body
		pages = append(pages, p)
		queue(resp.Body, resp.URL)
	}
	if len(todo) > 0 {
		problem("article has more than %d pages; the rest are left out", c.opt.MaxPages)
	}
	if len(pages) == 0 {
		return raw, probs
	}
	bodies := [][]byte{raw}
	urls := []string{first.URL}
	for _, p := range pages {
		bodies = append(bodies, p.body)
		urls = append(urls, p.url)
	}
	out, ok := assemble(bodies, urls)
	if !ok {
		problem("multi-page article: no body paragraphs found on page 1; kept page 1 only")
		return raw, probs
	}
	return out, probs
}

// pageLinks returns the links on a page to other pages of the same
// article: the same identity (fetch.Key) and a page number above 1, found
// in <a href> (numbered links, "Selanjutnya", "Berikutnya") or
// <link rel=next>.
func pageLinks(body []byte, base, key string) []string {
	b, err := url.Parse(base)
	if err != nil {
		return nil
	}
	var out []string
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if (a != atom.A && a != atom.Link) || !hasAttr {
			continue
		}
		var href string
		for {
			k, v, more := z.TagAttr()
			if string(k) == "href" {
				href = strings.TrimSpace(string(v))
			}
			if !more {
				break
			}
		}
		if href == "" || strings.HasPrefix(href, "#") {
			continue
		}
		u, err := b.Parse(href)
		if err != nil {
			continue
		}
		n, err := fetch.Normalize(u.String())
		if err != nil || fetch.PageOf(n.String()) < 2 {
			continue
		}
		if k, err := fetch.Key(n.String()); err == nil && k == key {
			out = append(out, n.String())
		}
	}
}

// para is a <p> of a page: its bytes b[start:end] and its text.
type para struct {
	start, end int
	closed     bool // ended with its own </p>
	text       string
	box        int // start offset of the element holding it
}

// blockTags end an open <p> implicitly, as HTML parsing does.
var blockTags = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Aside: true, atom.Ul: true, atom.Ol: true,
	atom.Table: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Figure: true, atom.Header: true, atom.Footer: true, atom.Nav: true,
	atom.Form: true, atom.Pre: true, atom.Body: true, atom.Html: true, atom.Main: true, atom.Hr: true,
}

// voidTags never have children; they are not containers.
var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// paragraphs lists a page's <p> elements with their byte spans, by
// tokenizing (not parsing) so that the spans are the page's own bytes.
func paragraphs(b []byte) []para {
	z := html.NewTokenizer(bytes.NewReader(b))
	var (
		out  []para
		cur  *para
		text strings.Builder
		off  int
		skip int // inside script or style
		open []struct {
			a     atom.Atom
			start int
		}
	)
	closeP := func(end int, closed bool) {
		if cur == nil {
			return
		}
		cur.end, cur.closed = end, closed
		cur.text = strings.Join(strings.Fields(text.String()), " ")
		if cur.text != "" {
			out = append(out, *cur)
		}
		cur = nil
		text.Reset()
	}
	for {
		tt := z.Next()
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case html.ErrorToken:
			closeP(start, false)
			return out
		case html.TextToken:
			if cur != nil && skip == 0 {
				text.Write(z.Text())
				text.WriteByte(' ')
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.P:
				closeP(start, false)
				box := 0
				if len(open) > 0 {
					box = open[len(open)-1].start
				}
				cur = &para{start: start, box: box}
			case a == atom.Script || a == atom.Style:
				if tt == html.StartTagToken {
					skip++
				}
			case blockTags[a]:
				closeP(start, false)
			}
			if a != atom.P && tt == html.StartTagToken && !voidTags[a] && a != atom.Script && a != atom.Style {
				open = append(open, struct {
					a     atom.Atom
					start int
				}{a, start})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.P:
				closeP(off, true)
			case a == atom.Script || a == atom.Style:
				skip = max(skip-1, 0)
			case blockTags[a]:
				closeP(start, false)
			}
			for i := len(open) - 1; i >= 0; i-- {
				if open[i].a == a {
					open = open[:i]
					break
				}
			}
		}
	}
}

// assemble splices the body paragraphs of pages 2..N into page 1, after
// page 1's own. A page's body paragraphs are those found on no other page
// (the template repeats), in the element holding most of them. ok is false
// when page 1 has no such paragraphs to follow.
func assemble(pages [][]byte, urls []string) ([]byte, bool) {
	paras := make([][]para, len(pages))
	count := map[string]int{}
	for i, p := range pages {
		paras[i] = paragraphs(p)
		once := map[string]bool{}
		for _, q := range paras[i] {
			if !once[q.text] {
				once[q.text] = true
				count[q.text]++
			}
		}
	}
	body := func(ps []para) []para {
		size := map[int]int{}
		for _, q := range ps {
			if count[q.text] == 1 {
				size[q.box] += len(q.text)
			}
		}
		best, bestSize := -1, 0
		for box, n := range size {
			if n > bestSize || n == bestSize && box < best {
				best, bestSize = box, n
			}
		}
		var out []para
		for _, q := range ps {
			if count[q.text] == 1 && q.box == best {
				out = append(out, q)
			}
		}
		return out
	}
	first := body(paras[0])
	if len(first) == 0 {
		return nil, false
	}
	at := first[len(first)-1].end
	var add bytes.Buffer
	for i := 1; i < len(pages); i++ {
		fmt.Fprintf(&add, "\n<!-- warta: page %d of %d, %s -->\n", i+1, len(pages), strings.ReplaceAll(urls[i], "--", "%2D%2D"))
		for _, q := range body(paras[i]) {
			add.Write(pages[i][q.start:q.end])
			if !q.closed {
				add.WriteString("</p>")
			}
			add.WriteByte('\n')
		}
	}
	out := make([]byte, 0, len(pages[0])+add.Len())
	out = append(out, pages[0][:at]...)
	out = append(out, add.Bytes()...)
	return append(out, pages[0][at:]...), true
}
