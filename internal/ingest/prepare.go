package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Prepare (re)derives doc's Text, TextFormat, Charset and Hints from its Raw
// bytes, Format and Hints.ContentType. It is deterministic: warta reprocess
// calls it again on stored documents and must get what ingest got. A
// document it returns problems for is not usable (empty, binary, not a
// page record) and its Text is left empty.
func Prepare(doc *warta.Document) []warta.Problem {
	msg := prepare(doc)
	if msg == "" && !hasWord(doc.Text, doc.TextFormat == warta.FormatHTML) {
		doc.Text, doc.TextFormat = "", ""
		msg = "no words: the body is empty or only punctuation"
	}
	if msg != "" {
		return []warta.Problem{{Source: doc.Source, Stage: "ingest", Msg: msg}}
	}
	return nil
}

// prepare does Prepare's work and returns why the document is unusable, or
// "" when it is fine.
func prepare(doc *warta.Document) string {
	doc.Text, doc.TextFormat, doc.Charset = "", "", ""
	switch doc.Format {
	case warta.FormatJSON:
		return prepareJSON(doc)
	case warta.FormatText, warta.FormatHTML:
	default:
		return fmt.Sprintf("unknown format %q", doc.Format)
	}
	if len(bytes.TrimSpace(doc.Raw)) == 0 {
		return "empty file"
	}
	declared := ""
	if _, params, err := mime.ParseMediaType(doc.Hints.ContentType); err == nil {
		declared = params["charset"]
	}
	if declared == "" && doc.Format == warta.FormatHTML {
		declared = metaCharset(doc.Raw)
	}
	text, cs, binary := decode(doc.Raw, declared)
	if binary != "" {
		return "binary file (" + binary + ")"
	}
	doc.Text, doc.TextFormat, doc.Charset = clean(text), doc.Format, cs
	if strings.TrimSpace(doc.Text) == "" {
		doc.Text = ""
		return "empty file"
	}
	return ""
}

// decode turns raw bytes into UTF-8 and names the encoding it read them
// in. A byte order mark decides; then valid UTF-8 is taken as UTF-8 whatever
// a page declares, since a wrong declaration is far more common than
// Windows-1252 text that happens to be valid UTF-8. Text that is mostly
// UTF-8 with a few stray bytes (pasted from elsewhere) keeps its UTF-8 and
// reads the strays as Windows-1252; otherwise a declared charset is used,
// and failing that Windows-1252, which reads every ISO-8859-1 text too.
// binary is non-empty when the bytes are not text at all.
func decode(raw []byte, declared string) (text, cs, binary string) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw, cs = raw[3:], "utf-8"
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(raw)
		if err != nil {
			return "", "", "undecodable UTF-16"
		}
		cs = "utf-16le"
		if raw[0] == 0xFE {
			cs = "utf-16be"
		}
		return string(out), cs, controlHeavy(string(out))
	}
	if bytes.IndexByte(raw, 0) >= 0 {
		return "", "", "NUL bytes"
	}
	switch {
	case utf8.Valid(raw):
		text, cs = string(raw), "utf-8"
	default:
		enc, name := charset.Lookup(strings.TrimSpace(declared))
		good, bad := utf8Balance(raw)
		switch {
		case good > 0 && good >= bad && (name == "" || name == "utf-8"):
			text, cs = mixedUTF8(raw), "utf-8"
		case enc != nil && name != "utf-8" && !strings.HasPrefix(name, "utf-16") && name != "replacement":
			out, err := enc.NewDecoder().Bytes(raw)
			if err != nil {
				out, name = windows1252(raw), "windows-1252"
			}
			text, cs = string(out), name
		default:
			text, cs = string(windows1252(raw)), "windows-1252"
		}
	}
	return text, cs, controlHeavy(text)
}

// utf8Balance counts the well-formed multi-byte UTF-8 sequences and the
// bytes that belong to none.
func utf8Balance(raw []byte) (good, bad int) {
	for len(raw) > 0 {
		if raw[0] < utf8.RuneSelf {
			raw = raw[1:]
			continue
		}
		r, n := utf8.DecodeRune(raw)
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			good++
		}
		raw = raw[n:]
	}
	return good, bad
}

// mixedUTF8 decodes UTF-8, reading each byte that is not part of a
// well-formed sequence as Windows-1252.
func mixedUTF8(raw []byte) string {
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/8)
	for len(raw) > 0 {
		r, n := utf8.DecodeRune(raw)
		if r == utf8.RuneError && n == 1 {
			r = charmap.Windows1252.DecodeByte(raw[0])
		}
		b.WriteRune(r)
		raw = raw[n:]
	}
	return b.String()
}

func windows1252(raw []byte) []byte {
	out := make([]byte, 0, len(raw)+len(raw)/4)
	for _, c := range raw {
		out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(c))
	}
	return out
}

// controlHeavy reports text whose first 64 KiB is more than a tenth
// control characters or undecodable bytes: a binary file without NULs.
func controlHeavy(text string) string {
	if len(text) > 64<<10 {
		text = text[:64<<10]
	}
	total, bad := 0, 0
	for _, r := range text {
		total++
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F) || r == utf8.RuneError:
			bad++
		}
	}
	if bad*10 > total {
		return "mostly control characters"
	}
	return ""
}

// metaCharset finds the charset an HTML page declares in its first 4 KiB:
// <meta charset=...>, <meta http-equiv content="...; charset=..."> or an
// XML declaration's encoding.
func metaCharset(raw []byte) string {
	head := raw
	if len(head) > 4096 {
		head = head[:4096]
	}
	lower := bytes.ToLower(head)
	if bytes.HasPrefix(bytes.TrimSpace(lower), []byte("<?xml")) {
		if end := bytes.Index(lower, []byte("?>")); end > 0 {
			if v := attrValue(lower[:end], "encoding="); v != "" {
				return v
			}
		}
	}
	for rest := lower; ; {
		i := bytes.Index(rest, []byte("<meta"))
		if i < 0 {
			return ""
		}
		rest = rest[i+5:]
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			end = len(rest)
		}
		if v := attrValue(rest[:end], "charset="); v != "" {
			return v
		}
	}
}

// attrValue returns the value after key in tag, unquoted.
func attrValue(tag []byte, key string) string {
	i := bytes.Index(tag, []byte(key))
	if i < 0 {
		return ""
	}
	v := bytes.TrimLeft(tag[i+len(key):], " \t\"'")
	end := bytes.IndexAny(v, "\"'; \t/>")
	if end >= 0 {
		v = v[:end]
	}
	return string(v)
}

// clean normalizes decoded text: CRLF and lone CR become LF; Mac Roman
// mojibake of UTF-8 ("¬†" for a no-break space, "‚Äú" for a left quote) is
// undone; no-break spaces become spaces; NUL and other control characters
// (but tab and newline) and stray byte order marks are dropped; the result
// is NFC.
func clean(s string) string {
	// Most text needs no change: copy unchanged spans whole and build a
	// new string only from the first change on.
	var b strings.Builder
	changed := false
	span := 0 // start of the pending unchanged span
	replace := func(i, n int, with string) {
		if !changed {
			changed = true
			b.Grow(len(s))
		}
		b.WriteString(s[span:i])
		b.WriteString(with)
		span = i + n
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7F || c == '\n' || c == '\t' {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch {
			case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
				replace(i, 2, "\n")
				i += 2
			case c == '\r' || c == '\f' || c == '\v':
				replace(i, 1, "\n")
				i++
			default:
				replace(i, 1, "")
				i++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		fixed := false
		if want := macRomanLead(r); want > 0 {
			if f, used := unMacRoman(s[i:], want); used > 0 {
				r, n, fixed = f, used, true
			}
		}
		switch {
		case r == 0xA0 || r == 0x202F || r == 0x2007:
			replace(i, n, " ")
		case (r >= 0x80 && r <= 0x9F) || r == 0xFEFF:
			replace(i, n, "")
		case fixed:
			replace(i, n, string(r))
		}
		i += n
	}
	if changed {
		b.WriteString(s[span:])
		s = b.String()
	}
	return norm.NFC.String(s)
}

// macRomanLead says how many bytes a UTF-8 sequence has whose first byte
// Mac Roman shows as r, for the lead bytes that mangled Indonesian text
// produces: C2–C5 (Latin-1 and Latin Extended-A: NBSP, é, ...), E2
// (punctuation: quotes, dashes, ellipsis) and F0 (emoji). Other leads would
// turn legitimate Cyrillic or CJK into false repairs.
func macRomanLead(r rune) int {
	switch r {
	case '¬', '√', 'ƒ', '≈':
		return 2
	case 'ÿ', 'Ÿ', '⁄', '€':
		// The leads of Arabic script (U+0600–U+06FF): Quran verses in
		// religious columns come mangled as "ÿ®Ÿêÿ≥ŸíŸÖŸê".
		return 2
	case '‚':
		return 3
	case '\uF8FF':
		return 4
	}
	return 0
}

// unMacRoman reads the Mac Roman characters at the start of s back as the
// bytes they came from and decodes those as UTF-8. It returns the repaired
// rune and how many bytes of s it replaces, or 0 when s does not start with
// such a sequence.
func unMacRoman(s string, want int) (rune, int) {
	var buf [4]byte
	used := 0
	for k := 0; k < want; k++ {
		if used >= len(s) {
			return 0, 0
		}
		r, n := utf8.DecodeRuneInString(s[used:])
		c, ok := charmap.Macintosh.EncodeRune(r)
		if !ok || (k > 0 && (c < 0x80 || c > 0xBF)) {
			return 0, 0
		}
		buf[k] = c
		used += n
	}
	r, n := utf8.DecodeRune(buf[:want])
	if r == utf8.RuneError || n != want {
		return 0, 0
	}
	return r, used
}

// prepareJSON reads a JSONL record: Text is its html field when present,
// else its text field; title, outlet, published and authors become Hints.
func prepareJSON(doc *warta.Document) string {
	raw := bytes.TrimPrefix(doc.Raw, []byte{0xEF, 0xBB, 0xBF})
	cs := "utf-8"
	if !utf8.Valid(raw) {
		// JSON's own syntax is ASCII, so reading the line as text first
		// keeps it parseable and saves the strings from U+FFFD.
		text, name, binary := decode(raw, "")
		if binary != "" {
			return "binary record (" + binary + ")"
		}
		raw, cs = []byte(text), name
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return "empty record"
	}
	// One pass: the fields warta reads, each of any JSON type; values of
	// the wrong type are ignored rather than failing the record.
	var rec struct {
		URL, Title, Text, HTML, Published, Outlet, Authors, Author any
	}
	if err := json.Unmarshal(trimmed, &rec); err != nil {
		if trimmed[0] != '{' && json.Valid(trimmed) {
			return "not a JSON object"
		}
		return "not JSON: " + err.Error()
	}
	if trimmed[0] != '{' {
		return "not a JSON object"
	}
	str := func(v any) string {
		s, _ := v.(string)
		return strings.TrimSpace(clean(s))
	}
	doc.Hints.Title, doc.Hints.Outlet, doc.Hints.Published = str(rec.Title), str(rec.Outlet), str(rec.Published)
	doc.Hints.Authors = nil
	for _, v := range []any{rec.Authors, rec.Author} {
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		for _, a := range list {
			if a := str(a); a != "" {
				doc.Hints.Authors = append(doc.Hints.Authors, a)
			}
		}
		if len(doc.Hints.Authors) > 0 {
			break
		}
	}
	if doc.URL == "" {
		doc.URL = str(rec.URL)
	}
	doc.Charset = cs
	if html := str(rec.HTML); html != "" {
		doc.Text, doc.TextFormat = html, warta.FormatHTML
	} else if text := str(rec.Text); text != "" {
		doc.Text, doc.TextFormat = text, warta.FormatText
	} else {
		return "record has neither text nor html"
	}
	return ""
}
