package alert

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warta-news/warta"
)

// Atom 1.0 (RFC 4287) elements, as much of them as the feed uses.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Links     []atomLink  `xml:"link"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published,omitempty"`
	Authors   []atomPerson `xml:"author"`
	Links     []atomLink   `xml:"link"`
	Summary   atomText     `xml:"summary"`
}

// WriteFeed writes the alert's Atom feed: its newest matches (at most
// limit), each linking to the article's page under base ("http://host").
// An entry is updated when the article matched, so a feed reader shows new
// matches as new even when the article itself is older.
func WriteFeed(ctx context.Context, w io.Writer, store warta.Store, a *warta.Alert, base string, limit int) error {
	ms, err := store.AlertMatches(ctx, a.ID, limit)
	if err != nil {
		return err
	}
	base = strings.TrimSuffix(base, "/")
	f := atomFeed{
		ID:        fmt.Sprintf("urn:warta:alert:%d:%d", a.ID, a.CreatedAt.Unix()),
		Title:     "warta: " + a.Name,
		Subtitle:  describeAlert(a),
		Updated:   a.CreatedAt.UTC().Format(time.RFC3339),
		Author:    atomPerson{Name: "warta"},
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: fmt.Sprintf("%s/api/v1/alerts/%d/feed.atom", base, a.ID)}},
		Generator: "warta",
	}
	for i, m := range ms {
		art, err := store.Article(ctx, m.ArticleID)
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		updated := m.MatchedAt.UTC().Format(time.RFC3339)
		if i == 0 {
			f.Updated = updated
		}
		title := art.Title
		if title == "" {
			title = art.ID
		}
		e := atomEntry{
			ID:      "urn:warta:article:" + art.ID,
			Title:   atomText{Type: "text", Body: title},
			Updated: updated,
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/articles/" + art.ID}},
			Summary: atomText{Type: "text", Body: summary(art)},
		}
		if !art.PublishedAt.IsZero() {
			e.Published = art.PublishedAt.Format(time.RFC3339)
		}
		if art.URL != "" {
			e.Links = append(e.Links, atomLink{Rel: "via", Type: "text/html", Href: art.URL})
		}
		for _, au := range art.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: au})
		}
		f.Entries = append(f.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	return enc.Close()
}

// describeAlert says in words what the alert looks for.
func describeAlert(a *warta.Alert) string {
	var parts []string
	if a.Query != "" {
		parts = append(parts, "words: "+a.Query)
	}
	if len(a.Entities) > 0 {
		parts = append(parts, "entities: "+strings.Join(a.Entities, ", "))
	}
	if len(a.EventTypes) > 0 {
		parts = append(parts, "events: "+strings.Join(a.EventTypes, ", "))
	}
	return strings.Join(parts, "; ")
}

// summary is the outlet and the start of the body, about 300 characters.
func summary(a *warta.Article) string {
	body := strings.Join(a.Paragraphs, " ")
	if utf8.RuneCountInString(body) > 300 {
		n := 0
		for i := range body {
			if n == 300 {
				body = strings.TrimSpace(body[:i]) + "…"
				break
			}
			n++
		}
	}
	if a.Outlet != "" {
		return a.Outlet + ": " + body
	}
	return body
}
