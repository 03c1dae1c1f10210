package warta

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Format says how a document's raw bytes are to be read.
type Format string

// The formats warta reads. A WARC or JSONL file yields documents of the
// format of its records (HTML or text), never of FormatWARC itself.
const (
	FormatText Format = "text" // plain-text page dump, one block per line
	FormatHTML Format = "html" // an HTML page
	FormatJSON Format = "json" // one JSON object (a JSONL line) with url/title/text/html/...
)

// Document is one page exactly as it was received. Raw is never modified:
// every derived value can be rebuilt from it (warta reprocess).
type Document struct {
	// ID is the content address: the first 16 bytes of SHA-256 over Raw, hex.
	// Ingesting the same bytes twice yields the same ID, which is what makes
	// re-ingest a no-op.
	ID string `json:"id"`
	// Source names where the bytes came from: a file path, "path:line" for a
	// JSONL record, "path@offset" for a WARC record, a URL, or "-" for stdin.
	Source string `json:"source"`
	// URL is the page address when known (WARC target URI, JSONL url field,
	// fetched URL).
	URL    string `json:"url,omitempty"`
	Format Format `json:"format"`
	// Raw holds the bytes as received, before any decoding.
	Raw []byte `json:"-"`
	// Charset is the encoding the reader detected for Raw ("utf-8",
	// "windows-1252", ...). Text holds Raw decoded to UTF-8 with CRLF folded;
	// stages read Text, never Raw.
	Charset string `json:"charset,omitempty"`
	Text    string `json:"-"`
	// TextFormat says what Text holds: FormatText or FormatHTML. It equals
	// Format except for JSON records, whose html or text field becomes Text.
	TextFormat Format `json:"-"`
	// Hints are metadata supplied next to the page (JSONL fields, feed items,
	// HTTP headers). Extraction prefers what the page itself says and falls
	// back on hints.
	Hints Hints `json:"hints,omitzero"`
	// IngestedAt is when the document first entered the store.
	IngestedAt time.Time `json:"ingested_at,omitzero"`
}

// Hints are metadata that arrived with a document rather than inside it.
type Hints struct {
	Title     string   `json:"title,omitempty"`
	Outlet    string   `json:"outlet,omitempty"`
	Published string   `json:"published,omitempty"` // as given, not parsed
	Authors   []string `json:"authors,omitempty"`
	// ContentType is the HTTP Content-Type the page was served with.
	ContentType string `json:"content_type,omitempty"`
}

// ContentID returns the content address of raw bytes as used for Document.ID.
func ContentID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:16])
}

// Validate reports whether d can be stored.
func (d *Document) Validate() error {
	switch {
	case d.ID == "":
		return Errorf(EINVALID, "document has no id")
	case d.Source == "":
		return Errorf(EINVALID, "document %s has no source", d.ID)
	case d.Format != FormatText && d.Format != FormatHTML && d.Format != FormatJSON:
		return Errorf(EINVALID, "document %s has unknown format %q", d.ID, d.Format)
	}
	return nil
}
