package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/warc"
)

// Options bound what one input may cost.
type Options struct {
	// MaxDocBytes caps one document (a page, a JSONL line, a WARC record's
	// body); larger ones become problems. Default 16 MiB.
	MaxDocBytes int64
	// MaxFileBytes caps a text or HTML file read whole. JSONL and WARC are
	// streamed and may be any size. Default 64 MiB.
	MaxFileBytes int64
}

func (o Options) withDefaults() Options {
	if o.MaxDocBytes <= 0 {
		o.MaxDocBytes = 16 << 20
	}
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = 64 << 20
	}
	return o
}

// walker carries one Walk's state.
type walker struct {
	ctx   context.Context
	opt   Options
	fn    func(*warta.Document) error
	probs []warta.Problem
}

func (w *walker) problem(source string, line int, offset int64, format string, args ...any) {
	w.probs = append(w.probs, warta.Problem{Source: source, Line: line, Offset: offset, Stage: "ingest", Msg: fmt.Sprintf(format, args...)})
}

// emit prepares a document and hands it on. Documents whose text is empty
// are reported, not passed on: there is nothing to analyze.
func (w *walker) emit(doc *warta.Document) error {
	doc.ID = warta.ContentID(doc.Raw)
	probs := Prepare(doc)
	for i := range probs {
		if probs[i].Line == 0 && probs[i].Offset == 0 {
			probs[i].Source = doc.Source
		}
	}
	w.probs = append(w.probs, probs...)
	if strings.TrimSpace(doc.Text) == "" {
		return nil
	}
	return w.fn(doc)
}

// Walk reads every path — a file, a directory (recursively, skipping hidden
// files), a glob pattern, or "-" for stdin — and calls fn for each document
// in order. Problems with one input are returned and the walk goes on; only
// an error from fn or the context stops it.
func Walk(ctx context.Context, paths []string, stdin io.Reader, opt Options, fn func(*warta.Document) error) ([]warta.Problem, error) {
	w := &walker{ctx: ctx, opt: opt.withDefaults(), fn: fn}
	for _, p := range paths {
		if err := w.path(p, stdin); err != nil {
			return w.probs, err
		}
	}
	return w.probs, nil
}

func (w *walker) path(p string, stdin io.Reader) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if p == "-" {
		if stdin == nil {
			w.problem("-", 0, 0, "no standard input")
			return nil
		}
		return w.stream("-", stdin, "")
	}
	if strings.ContainsAny(p, "*?[") {
		matches, err := filepath.Glob(p)
		if err != nil {
			w.problem(p, 0, 0, "bad glob pattern: %v", err)
			return nil
		}
		if len(matches) == 0 {
			w.problem(p, 0, 0, "glob matches no file")
		}
		for _, m := range matches {
			if err := w.path(m, nil); err != nil {
				return err
			}
		}
		return nil
	}
	info, err := os.Stat(p)
	if err != nil {
		w.problem(p, 0, 0, "cannot read: %v", unwrapPath(err))
		return nil
	}
	if !info.IsDir() {
		return w.file(p)
	}
	return filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			w.problem(path, 0, 0, "cannot read: %v", unwrapPath(err))
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if path != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		return w.file(path)
	})
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// kind of a file from its name, with any .gz stripped.
func kind(name string) (base string, gz bool) {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		return strings.TrimSuffix(lower, ".gz"), true
	}
	return lower, false
}

func (w *walker) file(path string) error {
	f, err := os.Open(path)
	if err != nil {
		w.problem(path, 0, 0, "cannot read: %v", unwrapPath(err))
		return nil
	}
	defer f.Close()
	return w.stream(path, f, filepath.Base(path))
}

// stream reads one input. name (possibly empty for stdin) chooses the
// format; without a telling name the content is sniffed.
func (w *walker) stream(source string, r io.Reader, name string) error {
	base, gz := kind(name)
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		if strings.HasSuffix(base, ".warc") {
			return w.warc(source, br) // WARC readers handle gzip per member
		}
		gz = true
	}
	var in io.Reader = br
	if gz {
		zr, err := gzip.NewReader(br)
		if err != nil {
			w.problem(source, 0, 0, "not a readable gzip file: %v", err)
			return nil
		}
		in = zr
	}
	in = &truncationReader{r: in, source: source, w: w}
	bin := bufio.NewReaderSize(in, 64<<10)
	switch {
	case strings.HasSuffix(base, ".warc"):
		return w.warc(source, bin)
	case strings.HasSuffix(base, ".jsonl") || strings.HasSuffix(base, ".ndjson"):
		return w.jsonl(source, bin)
	case strings.HasSuffix(base, ".json"):
		return w.jsonFile(source, bin)
	}
	head, _ := bin.Peek(512)
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(trimmed, []byte("WARC/")):
		return w.warc(source, bin)
	case bytes.HasPrefix(trimmed, []byte("{")) && !strings.HasSuffix(base, ".html") && !strings.HasSuffix(base, ".txt"):
		return w.jsonl(source, bin)
	}
	raw, err := io.ReadAll(io.LimitReader(bin, w.opt.MaxFileBytes+1))
	if int64(len(raw)) > w.opt.MaxFileBytes {
		w.problem(source, 0, 0, "file too large: over %d bytes (raise max_doc_bytes or split it)", w.opt.MaxFileBytes)
		return nil
	}
	if err != nil && len(raw) == 0 {
		return nil // the truncation reader reported it
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		w.problem(source, 0, 0, "empty file")
		return nil
	}
	if binary(raw) {
		w.problem(source, 0, 0, "binary file, not text or HTML")
		return nil
	}
	if int64(len(raw)) > w.opt.MaxDocBytes {
		w.problem(source, 0, 0, "document too large: %d bytes over the %d limit", len(raw), w.opt.MaxDocBytes)
		return nil
	}
	format := warta.FormatText
	if strings.HasSuffix(base, ".html") || strings.HasSuffix(base, ".htm") || strings.HasSuffix(base, ".xhtml") || looksHTML(raw) {
		format = warta.FormatHTML
	}
	return w.emit(&warta.Document{Source: source, Format: format, Raw: raw})
}

// truncationReader turns a broken compressed stream into a problem while
// passing on what was read before it.
type truncationReader struct {
	r        io.Reader
	source   string
	w        *walker
	reported bool
}

func (t *truncationReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF && !t.reported {
		t.reported = true
		t.w.problem(t.source, 0, 0, "input truncated or corrupt (%v); kept what was readable before it", err)
		return n, io.EOF
	}
	return n, err
}

// jsonFile reads a .json file: one record, or an array of records. Any
// other JSON (a config, a gold file) is one problem, not one per line.
func (w *walker) jsonFile(source string, r io.Reader) error {
	raw, err := io.ReadAll(io.LimitReader(r, w.opt.MaxFileBytes+1))
	if err != nil && len(raw) == 0 {
		return nil
	}
	if int64(len(raw)) > w.opt.MaxFileBytes {
		w.problem(source, 0, 0, "file too large: over %d bytes; use JSONL for big collections", w.opt.MaxFileBytes)
		return nil
	}
	var items []json.RawMessage
	trimmed := bytes.TrimSpace(raw)
	if bytes.HasPrefix(trimmed, []byte("[")) {
		if err := json.Unmarshal(trimmed, &items); err != nil {
			w.problem(source, 0, 0, "not a JSON array of records: %v", err)
			return nil
		}
	} else {
		items = []json.RawMessage{trimmed}
	}
	for i, it := range items {
		rec, err := parseRecord(it)
		if err != nil || strings.TrimSpace(rec.Text+rec.HTML) == "" {
			w.problem(source, 0, 0, "item %d is not a page record (want an object with text or html)", i)
			continue
		}
		doc := &warta.Document{Source: fmt.Sprintf("%s#%d", source, i), Format: warta.FormatJSON, Raw: it}
		if err := w.emit(doc); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) jsonl(source string, br *bufio.Reader) error {
	line := 0
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		raw, tooLong, err := readLine(br, w.opt.MaxDocBytes)
		if len(raw) == 0 && err != nil {
			if err != io.EOF {
				w.problem(source, line+1, 0, "read: %v", err)
			}
			return nil
		}
		line++
		if tooLong {
			w.problem(source, line, 0, "line longer than %d bytes, skipped", w.opt.MaxDocBytes)
			continue
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		doc := &warta.Document{Source: fmt.Sprintf("%s:%d", source, line), Format: warta.FormatJSON, Raw: raw}
		before := len(w.probs)
		if ferr := w.emit(doc); ferr != nil {
			return ferr
		}
		for i := before; i < len(w.probs); i++ {
			if w.probs[i].Source == doc.Source {
				w.probs[i].Source, w.probs[i].Line = source, line
			}
		}
		if err != nil {
			return nil
		}
	}
}

// readLine reads one line without letting a giant line take unbounded
// memory: past max the rest is discarded and tooLong set.
func readLine(br *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if !tooLong {
			if int64(len(buf)+len(chunk)) > max {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err != nil {
			if len(buf) > 0 || tooLong {
				return buf, tooLong, nil
			}
			return nil, false, err
		}
		if !isPrefix {
			if tooLong {
				return []byte{' '}, true, nil
			}
			if buf == nil {
				buf = []byte{}
			}
			return buf, false, nil
		}
	}
}

func (w *walker) warc(source string, r io.Reader) error {
	wr := warc.NewReader(r)
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		rec, err := wr.Next()
		if err == io.EOF {
			return nil
		}
		var re *warc.RecordError
		if err != nil {
			if errors.As(err, &re) {
				w.problem(source, 0, re.Offset, "%s", re.Msg)
			} else {
				w.problem(source, 0, 0, "%v", err)
			}
			if rec == nil {
				if re != nil && re.Skippable {
					continue
				}
				return nil
			}
		}
		if rec.Body == nil || len(bytes.TrimSpace(rec.Body)) == 0 {
			continue // requests, metadata, warcinfo, empty bodies
		}
		ct := ""
		if rec.HTTPHeader != nil {
			ct = rec.HTTPHeader.Get("Content-Type")
		} else {
			ct = rec.Header.Get("Content-Type")
		}
		lct := strings.ToLower(ct)
		format := warta.FormatText
		switch {
		case strings.Contains(lct, "html") || looksHTML(rec.Body):
			format = warta.FormatHTML
		case strings.HasPrefix(lct, "text/plain"):
		default:
			continue // images, scripts, styles: not articles
		}
		if rec.HTTPStatus != 0 && (rec.HTTPStatus < 200 || rec.HTTPStatus > 299) {
			continue
		}
		if int64(len(rec.Body)) > w.opt.MaxDocBytes {
			w.problem(source, 0, rec.Offset, "record body of %d bytes over the %d limit", len(rec.Body), w.opt.MaxDocBytes)
			continue
		}
		doc := &warta.Document{Source: fmt.Sprintf("%s@%d", source, rec.Offset), URL: rec.TargetURI, Format: format,
			Raw: rec.Body, Hints: warta.Hints{ContentType: ct}}
		if err := w.emit(doc); err != nil {
			return err
		}
		if err != nil && re != nil && !re.Skippable {
			return nil
		}
	}
}
