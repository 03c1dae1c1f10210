package warta

import (
	"strings"
	"time"
)

// Article is what the pipeline understands of one document. Its JSON form is
// the `warta analyze` contract that evaluations and other tools read, so
// field names and meanings only ever grow; they are not renamed.
type Article struct {
	// ID is the ID of the Document the article was extracted from.
	ID     string `json:"id"`
	Source string `json:"source"`
	URL    string `json:"url,omitempty"`
	Outlet string `json:"outlet,omitempty"`
	// Language is an ISO 639-1 code (id, ms, en, jv, su) or "" when unknown.
	Language string `json:"language,omitempty"`
	Kicker   string `json:"kicker,omitempty"`
	Title    string `json:"title,omitempty"`
	// Published is RFC 3339 with the page's own offset
	// ("2021-07-06T10:00:00+07:00"), or a bare date ("2021-07-06") when the
	// page gives no time. PublishedAt is the same instant for sorting and
	// filtering (midnight in WIB for a bare date).
	Published   string    `json:"published,omitempty"`
	PublishedAt time.Time `json:"-"`
	// PublishedText is the publish date as the page printed it.
	PublishedText string `json:"published_text,omitempty"`
	// PublishedFrom says where Published came from: "page" (the page's
	// date line), "hint" (metadata that came with the page: a JSONL field,
	// a feed item, an HTML meta tag), or, when the page prints none, an
	// inference: "dateline" (the report date of the first paragraph,
	// "Selasa (6/7/2021)"), "url" (a date in the address,
	// "/read/2021/07/06/"), "text" (the first full date of the lead).
	// Empty when Published is empty.
	PublishedFrom string   `json:"published_from,omitempty"`
	Authors       []string `json:"authors,omitempty"`
	Editors       []string `json:"editors,omitempty"`
	// Dateline is the city that opens the body ("JAKARTA" → "Jakarta").
	Dateline string `json:"dateline,omitempty"`
	// Type is "news" or "interview" (questions stay in the body).
	Type       string    `json:"type,omitempty"`
	Paragraphs []string  `json:"paragraphs"`
	Captions   []string  `json:"captions"`
	Related    []string  `json:"related"`
	Clutter    []Clutter `json:"clutter"`
	Problems   []Problem `json:"problems"`

	// Understanding (filled by later stages; empty until they run).
	Entities []Entity      `json:"entities"`
	Quotes   []Quote       `json:"quotes"`
	Dates    []DateMention `json:"dates"`
	Events   []Event       `json:"events"`

	// Connections between reports (filled by clustering).
	EventID     string `json:"event_id,omitempty"`
	StoryID     string `json:"story_id,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// ClutterKind names why a line was dropped from the body.
type ClutterKind string

// Clutter kinds. A demanding reader wants to know what was removed and why,
// so every dropped line carries one.
const (
	ClutterRelated          ClutterKind = "related"           // "Baca Juga: ..." links
	ClutterList             ClutterKind = "list"              // Terpopuler/Terkini/Pilihan lists
	ClutterWidget           ClutterKind = "widget"            // election counters, dark mode toggles
	ClutterCTA              ClutterKind = "cta"               // Google News, Telegram, "Simak berita lainnya"
	ClutterPagination       ClutterKind = "pagination"        // Sebelumnya / Selanjutnya / Halaman 2
	ClutterCaptionDuplicate ClutterKind = "caption-duplicate" // a caption printed twice
	ClutterNavigation       ClutterKind = "navigation"        // menus, breadcrumbs, section heads
	ClutterAd               ClutterKind = "ad"                // ADVERTISEMENT, SCROLL TO CONTINUE
	ClutterFooter           ClutterKind = "footer"            // Tentang Kami, Pedoman Media Siber
	ClutterCredit           ClutterKind = "credit"            // Editor:, Penulis:, Rep/Red lines
	ClutterMetadata         ClutterKind = "metadata"          // headline, kicker, date lines consumed as metadata
	ClutterCaption          ClutterKind = "caption"           // photo captions (kept in Captions)
	ClutterBoilerplate      ClutterKind = "boilerplate"       // repeated across pages of the outlet
	ClutterShare            ClutterKind = "share"             // share bars, social buttons
)

// Clutter is one line that is not part of the body, with why it was dropped.
type Clutter struct {
	Kind ClutterKind `json:"kind"`
	Text string      `json:"text"`
	Line int         `json:"line,omitempty"` // 1-based line in Document.Text when known
}

// Validate reports whether a can be stored.
func (a *Article) Validate() error {
	if a.ID == "" {
		return Errorf(EINVALID, "article has no id")
	}
	return nil
}

// Body joins the paragraphs with blank lines: the clean text of the article.
func (a *Article) Body() string {
	n := 0
	for _, p := range a.Paragraphs {
		n += len(p) + 2
	}
	b := make([]byte, 0, n)
	for i, p := range a.Paragraphs {
		if i > 0 {
			b = append(b, '\n', '\n')
		}
		b = append(b, p...)
	}
	return string(b)
}

// OutletKey folds an outlet name for comparison: lower case, without
// "www." and a domain ending, letters and digits only ("SINDOnews.com" →
// "sindonews", "Posmetro Medan" → "posmetromedan"): how a search's
// outlet: filter and the entity recognizer (the outlet named in its own
// text) tell one outlet.
func OutletKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "www.")
	for _, end := range []string{".co.id", ".or.id", ".go.id", ".com", ".co", ".id", ".net", ".org"} {
		if strings.HasSuffix(s, end) && len(s) > len(end) {
			s = s[:len(s)-len(end)]
			break
		}
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
