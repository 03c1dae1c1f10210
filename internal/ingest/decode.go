package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Prepare derives doc.Text, doc.TextFormat, doc.Charset and, for JSON
// records, doc.Hints and doc.URL from doc.Raw. It is deterministic: the
// same raw bytes always give the same text.
func Prepare(doc *warta.Document) []warta.Problem {
	var probs []warta.Problem
	problem := func(msg string) { probs = append(probs, warta.Problem{Source: doc.Source, Stage: "ingest", Msg: msg}) }
	switch doc.Format {
	case warta.FormatJSON:
		rec, err := parseRecord(doc.Raw)
		if err != nil {
			problem(err.Error())
			doc.Text, doc.TextFormat = "", warta.FormatText
			return probs
		}
		if doc.URL == "" {
			doc.URL = rec.URL
		}
		doc.Hints.Title, doc.Hints.Outlet, doc.Hints.Published = rec.Title, rec.Outlet, rec.Published
		doc.Hints.Authors = rec.authors()
		doc.Charset = "utf-8"
		if strings.TrimSpace(rec.HTML) != "" {
			doc.Text, doc.TextFormat = clean(rec.HTML), warta.FormatHTML
		} else {
			doc.Text, doc.TextFormat = clean(rec.Text), warta.FormatText
		}
		if strings.TrimSpace(doc.Text) == "" {
			problem("record has neither text nor html")
		}
	default:
		text, cs := decode(doc.Raw, doc.Format == warta.FormatHTML, doc.Hints.ContentType)
		doc.Text, doc.Charset, doc.TextFormat = clean(text), cs, doc.Format
		if doc.Format == warta.FormatText && looksHTML(doc.Raw) {
			doc.TextFormat = warta.FormatHTML
		}
		if strings.TrimSpace(doc.Text) == "" {
			problem("empty document")
		}
	}
	return probs
}

// record is a JSONL object. Unknown fields are ignored.
type record struct {
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Text      string          `json:"text"`
	HTML      string          `json:"html"`
	Published string          `json:"published"`
	Outlet    string          `json:"outlet"`
	Author    json.RawMessage `json:"author"`
	Authors   json.RawMessage `json:"authors"`
}

func (r *record) authors() []string {
	var out []string
	for _, raw := range []json.RawMessage{r.Authors, r.Author} {
		if len(raw) == 0 {
			continue
		}
		var one string
		var many []string
		if json.Unmarshal(raw, &one) == nil && one != "" {
			out = append(out, one)
		} else if json.Unmarshal(raw, &many) == nil {
			for _, a := range many {
				if a != "" {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

func parseRecord(raw []byte) (*record, error) {
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("not JSON (offset %d): %v", se.Offset, se)
		}
		return nil, fmt.Errorf("not a JSON object with string fields: %v", err)
	}
	return &rec, nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?([a-zA-Z0-9_\-]+)`)

// decode turns raw bytes into a string. UTF-8 (with or without BOM) and
// UTF-16 with BOM are recognized; invalid UTF-8 is read in the charset an
// HTML page or its Content-Type declares, else as Windows-1252, the usual
// encoding of old Indonesian pages (ISO-8859-1 is its subset).
func decode(raw []byte, isHTML bool, contentType string) (string, string) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
		if utf8.Valid(raw) {
			return string(raw), "utf-8"
		}
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		if out, err := dec.Bytes(raw); err == nil {
			return string(out), "utf-16"
		}
	}
	if utf8.Valid(raw) {
		return string(raw), "utf-8"
	}
	name := ""
	if _, params, ok := strings.Cut(strings.ToLower(contentType), "charset="); ok {
		name = strings.Trim(strings.Fields(params + " ")[0], `"';`)
	}
	if name == "" && (isHTML || looksHTML(raw)) {
		head := raw[:min(len(raw), 2048)]
		if m := metaCharset.FindSubmatch(head); m != nil {
			name = string(m[1])
		}
	}
	if name != "" && !strings.EqualFold(name, "utf-8") {
		if enc, canon := charset.Lookup(name); enc != nil {
			if out, err := enc.NewDecoder().Bytes(raw); err == nil {
				return string(out), canon
			}
		}
	}
	out, _ := charmap.Windows1252.NewDecoder().Bytes(raw)
	return string(out), "windows-1252"
}

var textCleaner = strings.NewReplacer(
	"\r\n", "\n", "\r", "\n",
	"\u00a0", " ", // NBSP
	// UTF-8 read as Mac Roman and saved again: common in scraped
	// Indonesian text (the news corpus has thousands).
	"¬†", " ", "‚Äì", "–", "‚Äî", "—", "‚Äú", "“", "‚Äù", "”", "‚Äò", "‘", "‚Äô", "’", "‚Ä¶", "…",
	"\u200b", "", "\ufeff", "", // zero-width space, stray BOM
)

// clean folds line endings and invisible characters and normalizes to NFC,
// so that "é" typed two ways compares equal downstream.
func clean(s string) string {
	return norm.NFC.String(textCleaner.Replace(s))
}

func looksHTML(raw []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(raw[:min(len(raw), 1024)]))
	head = bytes.TrimPrefix(head, []byte{0xef, 0xbb, 0xbf})
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("<html")) ||
		(bytes.HasPrefix(head, []byte("<")) && (bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<head"))))
}

// binary reports whether raw is not text: NUL bytes or many control
// characters in the first 8 KiB.
func binary(raw []byte) bool {
	head := raw[:min(len(raw), 8192)]
	if len(head) == 0 {
		return false
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return false // UTF-16 text has NULs
	}
	ctrl := 0
	for _, b := range head {
		if b == 0 {
			return true
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctrl++
		}
	}
	return ctrl*20 > len(head)
}
