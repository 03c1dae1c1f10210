package ingest

import (
	"context"
	"io"
	"mime"
	"strings"

	"github.com/warta-news/warta"
)

// FormatOf maps a media type (an HTTP Content-Type) to the format name Read
// takes: "text", "html", "jsonl", "json" or "warc", or "" to sniff the
// bytes. Parameters such as charset are ignored here; the reader finds the
// encoding itself.
func FormatOf(mediaType string) string {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(mediaType))
	}
	switch mt {
	case "text/plain":
		return "text"
	case "text/html", "application/xhtml+xml":
		return "html"
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
		return "jsonl"
	case "application/json":
		return "json"
	case "application/warc":
		return "warc"
	}
	return ""
}

// Read reads one stream that is not a file — an upload, a pipe — as format
// ("text", "html", "jsonl", "json", "warc", or "" to sniff), naming its
// documents after source ("source:3" for the third JSONL line). Like Walk,
// trouble with the input is returned as problems; only an error from fn or
// the end of ctx stops it. A gzip stream is decompressed first.
func Read(ctx context.Context, source string, r io.Reader, format string, opt Options, fn func(*warta.Document) error) ([]warta.Problem, error) {
	if opt.MaxDocBytes <= 0 {
		opt.MaxDocBytes = DefaultMaxDocBytes
	}
	if opt.MaxFileBytes <= 0 {
		opt.MaxFileBytes = DefaultMaxFileBytes
	}
	k := kindSniff
	switch format {
	case "text":
		k = kindText
	case "html":
		k = kindHTML
	case "jsonl":
		k = kindJSONL
	case "json":
		k = kindJSON
	case "warc":
		k = kindWARC
	case "":
	default:
		return []warta.Problem{{Source: source, Stage: "ingest", Msg: "unknown format " + format}}, nil
	}
	w := &walker{ctx: ctx, opt: opt, fn: fn}
	err := w.stream(source, r, -1, k)
	return w.result(), err
}
