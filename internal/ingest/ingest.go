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
	"mime"
	"os"
	"path/filepath"
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/ingest/warc"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Default limits, used where Options leave a field zero.
const (
	// DefaultMaxDocBytes is the default cap on one document.
	DefaultMaxDocBytes = 16 << 20
	// DefaultMaxFileBytes is the default cap on a file read whole.
	DefaultMaxFileBytes = 64 << 20
)

// Options limit what Walk reads. Zero values mean the defaults.
type Options struct {
	// MaxDocBytes caps one document: a page, a JSONL line, a WARC record's
	// body. A larger one becomes a Problem and reading goes on.
	MaxDocBytes int64
	// MaxFileBytes caps a file that is read whole (text, HTML, .json).
	// JSONL and WARC are streamed and may be of any size.
	MaxFileBytes int64
	// MaxProblems caps the problems one Walk or Read returns (default
	// DefaultMaxProblems); past it they are counted, and one last problem
	// says how many more there were. A 31 KB gzip of empty JSON objects
	// once made 10.8 million of them (4.4 GB).
	MaxProblems int
}

// DefaultMaxProblems is Options.MaxProblems when zero.
const DefaultMaxProblems = 1000

// MaxGzipDepth is how many gzip layers are opened inside one another: a
// real file has one, and each layer costs buffers (10,000 nested layers in
// 331 KB once took 930 MB).
const MaxGzipDepth = 3

// kind is how an input is read.
type kind int

const (
	kindSniff kind = iota // look at the bytes
	kindText              // one document, plain text unless it looks like HTML
	kindHTML              // one document, HTML
	kindJSONL             // one document per line
	kindJSON              // one record, or an array of records
	kindWARC              // one document per HTML or text record
)

// kindOf picks the reader by file name; a trailing .gz is looked through.
func kindOf(name string) kind {
	name = strings.TrimSuffix(strings.ToLower(filepath.Base(name)), ".gz")
	switch filepath.Ext(name) {
	case ".txt", ".text":
		return kindText
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".jsonl", ".ndjson":
		return kindJSONL
	case ".json":
		return kindJSON
	case ".warc":
		return kindWARC
	}
	return kindSniff
}

// Walk reads every path — a file, a directory (recursively, skipping hidden
// files and directories), a glob pattern, or "-" for stdin — and calls fn
// for each document, in order. Trouble with one input is returned as a
// Problem and the walk goes on; only an error from fn or the end of ctx
// stops it, and that error is returned as is.
func Walk(ctx context.Context, paths []string, stdin io.Reader, opt Options, fn func(*warta.Document) error) ([]warta.Problem, error) {
	if opt.MaxDocBytes <= 0 {
		opt.MaxDocBytes = DefaultMaxDocBytes
	}
	if opt.MaxFileBytes <= 0 {
		opt.MaxFileBytes = DefaultMaxFileBytes
	}
	w := &walker{ctx: ctx, opt: opt, fn: fn, stdin: stdin}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return w.result(), err
		}
		if err := w.path(p); err != nil {
			return w.result(), err
		}
	}
	return w.result(), nil
}

type walker struct {
	ctx      context.Context
	opt      Options
	fn       func(*warta.Document) error
	stdin    io.Reader
	problems []warta.Problem
	more     int // problems past opt.MaxProblems, counted only
	depth    int // gzip layers open
}

// result is the problems with, past the cap, one that counts the rest.
func (w *walker) result() []warta.Problem {
	if w.more == 0 {
		return w.problems
	}
	last := w.problems[len(w.problems)-1]
	return append(w.problems, warta.Problem{Source: last.Source, Stage: "ingest",
		Msg: fmt.Sprintf("%d more problems not listed: only the first %d of a run are kept", w.more, len(w.problems))})
}

// at locates a problem: a file, and a line or byte offset in it.
type at struct {
	source string
	line   int
	offset int64
}

func (w *walker) problem(loc at, format string, args ...any) {
	limit := w.opt.MaxProblems
	if limit <= 0 {
		limit = DefaultMaxProblems
	}
	if len(w.problems) >= limit {
		w.more++
		return
	}
	w.problems = append(w.problems, warta.Problem{Source: loc.source, Line: loc.line, Offset: loc.offset, Stage: "ingest", Msg: fmt.Sprintf(format, args...)})
}

// emit prepares a document and hands it to fn, or records why it is unusable.
func (w *walker) emit(doc *warta.Document, loc at) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	doc.ID = warta.ContentID(doc.Raw)
	if msg := prepare(doc); msg != "" {
		w.problem(loc, "%s", msg)
		return nil
	}
	return w.fn(doc)
}

func (w *walker) path(p string) error {
	if p == "-" {
		if w.stdin == nil {
			w.problem(at{source: "-"}, "no standard input")
			return nil
		}
		return w.stream("-", w.stdin, -1, kindSniff)
	}
	fi, err := os.Stat(p)
	if err != nil {
		if strings.ContainsAny(p, "*?[") {
			return w.glob(p)
		}
		w.problem(at{source: p}, "cannot read: %v", cause(err))
		return nil
	}
	if fi.IsDir() {
		return w.dir(p)
	}
	return w.file(p, fi)
}

// cause drops the operation and path that *fs.PathError repeats.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (w *walker) glob(pattern string) error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		w.problem(at{source: pattern}, "bad glob pattern: %v", err)
		return nil
	}
	if len(matches) == 0 {
		w.problem(at{source: pattern}, "glob pattern matches nothing")
		return nil
	}
	for _, m := range matches {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		fi, err := os.Stat(m)
		if err != nil {
			w.problem(at{source: m}, "cannot read: %v", cause(err))
			continue
		}
		if fi.IsDir() {
			err = w.dir(m)
		} else {
			err = w.file(m, fi)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) dir(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable directory loses its own entries only.
			w.problem(at{source: p}, "cannot read: %v", cause(err))
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if err := w.ctx.Err(); err != nil {
			return err
		}
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			w.problem(at{source: p}, "cannot read: %v", cause(err))
			return nil
		case fi.IsDir():
			// A link to a directory is not followed: it could loop.
			return nil
		case !fi.Mode().IsRegular():
			// Opening a named pipe or a device could block or never end.
			w.problem(at{source: p}, "not a regular file (%s)", fi.Mode().Type())
			return nil
		}
		return w.file(p, fi)
	})
}

func (w *walker) file(p string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() && fi.Size() == 0 {
		w.problem(at{source: p}, "empty file")
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		w.problem(at{source: p}, "cannot read: %v", cause(err))
		return nil
	}
	defer f.Close()
	size := int64(-1)
	if fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return w.stream(p, f, size, kindOf(p))
}

// stream reads one input. size is its length when known (a regular file
// not yet decompressed), else -1.
func (w *walker) stream(source string, r io.Reader, size int64, k kind) error {
	loc := at{source: source}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		if len(head) == 0 {
			w.problem(loc, "%s", readMsg(err))
			return nil
		}
		// A short input that breaks (a truncated .gz) still has its
		// readable start; keep the error for whoever reads past it.
		head = append([]byte(nil), head...)
		br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(head), errReader{err}), 64<<10)
	}
	if len(head) == 0 {
		w.problem(loc, "empty file")
		return nil
	}
	if isGzip(head) {
		if k == kindWARC || (k == kindSniff && gzipHoldsWARC(head)) {
			// The WARC reader takes the members one by one itself, so
			// that each record knows its compressed offset.
			return w.warc(source, br)
		}
		if w.depth >= MaxGzipDepth {
			w.problem(loc, "gzip inside gzip more than %d deep: not read", MaxGzipDepth)
			return nil
		}
		zr, err := gzip.NewReader(br)
		if err != nil {
			w.problem(loc, "%s", readMsg(err))
			return nil
		}
		defer zr.Close()
		w.depth++
		defer func() { w.depth-- }()
		return w.stream(source, zr, -1, k)
	}
	if k == kindSniff {
		k = sniff(head)
	}
	switch k {
	case kindWARC:
		return w.warc(source, br)
	case kindJSONL:
		return w.jsonl(source, utf16Reader(head, br))
	case kindJSON:
		return w.json(source, utf16Reader(head, br), size)
	}
	return w.whole(source, br, size, k)
}

// errReader fails every read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func isGzip(head []byte) bool { return len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b }

// gzipHoldsWARC decompresses what it can of the first bytes of a gzip
// stream and reports whether they start a WARC record.
func gzipHoldsWARC(head []byte) bool {
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return false
	}
	buf := make([]byte, 5)
	n, _ := io.ReadFull(zr, buf)
	return string(buf[:n]) == "WARC/"
}

// sniff guesses how to read an input of unknown name from its first bytes.
func sniff(head []byte) kind {
	text := sniffText(head)
	switch {
	case strings.HasPrefix(text, "WARC/1."):
		return kindWARC
	case strings.HasPrefix(text, "{"):
		return kindJSONL
	case strings.HasPrefix(text, "["):
		return kindJSON
	}
	return kindText
}

// sniffText returns the start of head as text, without a byte order mark or
// leading white space, decoding UTF-16 when a BOM says so.
func sniffText(head []byte) string {
	if len(head) > 1024 {
		head = head[:1024]
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		out, _ := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(head[:len(head)&^1])
		head = out
	}
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	return string(bytes.TrimLeft(head, " \t\r\n\f"))
}

// looksHTML reports a page that starts like HTML: a doctype or an html
// tag, possibly after an XML declaration and comments.
func looksHTML(head []byte) bool {
	s := strings.ToLower(sniffText(head))
	for {
		switch {
		case strings.HasPrefix(s, "<?xml"), strings.HasPrefix(s, "<!--"):
			end := "?>"
			if strings.HasPrefix(s, "<!--") {
				end = "-->"
			}
			i := strings.Index(s, end)
			if i < 0 {
				return false
			}
			s = strings.TrimLeft(s[i+len(end):], " \t\r\n\f")
			continue
		}
		return strings.HasPrefix(s, "<!doctype") || strings.HasPrefix(s, "<html")
	}
}

// utf16Reader decodes a UTF-16 stream (known by its BOM) to UTF-8 so that
// its lines can be split; other streams pass through.
func utf16Reader(head []byte, r io.Reader) io.Reader {
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	}
	return r
}

// readMsg names a read failure for a problem.
func readMsg(err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated: unexpected end of data"
	case errors.Is(err, gzip.ErrHeader):
		return "not gzip data"
	case errors.Is(err, gzip.ErrChecksum):
		return "corrupt gzip data: checksum mismatch"
	}
	return "read: " + cause(err).Error()
}

// whole reads an input that is one document.
func (w *walker) whole(source string, r io.Reader, size int64, k kind) error {
	loc := at{source: source}
	limit := min(w.opt.MaxDocBytes, w.opt.MaxFileBytes)
	if size > limit {
		w.problem(loc, "file too large: %d bytes (limit %d)", size, limit)
		return nil
	}
	data, err := readAtMost(r, size, limit)
	if err != nil {
		w.problem(loc, "%s", readMsg(err))
		return nil
	}
	if int64(len(data)) > limit {
		w.problem(loc, "file too large: more than %d bytes", limit)
		return nil
	}
	doc := &warta.Document{Source: source, Raw: data, Format: warta.FormatText}
	if k == kindHTML || looksHTML(data) {
		doc.Format = warta.FormatHTML
	}
	return w.emit(doc, loc)
}

// readAtMost reads r to its end but stops one byte past limit. A known
// size sizes the buffer at once.
func readAtMost(r io.Reader, size, limit int64) ([]byte, error) {
	var b bytes.Buffer
	if size >= 0 && size <= limit {
		b.Grow(int(size) + bytes.MinRead)
	}
	_, err := b.ReadFrom(io.LimitReader(r, limit+1))
	return b.Bytes(), err
}

// jsonl reads one record per line, streaming; a line over MaxDocBytes is
// skipped without being held in memory.
func (w *walker) jsonl(source string, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, w.opt.MaxDocBytes)
		loc := at{source: source, line: n}
		if err != nil && err != io.EOF {
			// The line being read when the stream broke is incomplete.
			w.problem(loc, "%s", readMsg(err))
			return nil
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte{0xEF, 0xBB, 0xBF})
		}
		switch {
		case tooLong:
			w.problem(loc, "line longer than %d bytes", w.opt.MaxDocBytes)
		case len(bytes.TrimSpace(line)) > 0:
			doc := &warta.Document{Source: fmt.Sprintf("%s:%d", source, n), Format: warta.FormatJSON, Raw: line}
			if err := w.emit(doc, loc); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads a line without its line break into a new slice. A line
// longer than max is consumed and dropped, and tooLong says so. Long lines
// are gathered in pieces and joined once, so a line costs about its own
// length in allocations and a dropped one at most max.
func readLine(br *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	var pieces [][]byte
	var n int64
	for {
		chunk, err := br.ReadSlice('\n')
		n += int64(len(chunk))
		if !tooLong {
			if n > max+2 {
				tooLong, pieces = true, nil
			} else if err == bufio.ErrBufferFull {
				pieces = append(pieces, append([]byte(nil), chunk...))
			} else {
				// The last piece: join everything once.
				line = make([]byte, 0, n)
				for _, p := range pieces {
					line = append(line, p...)
				}
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if !tooLong && int64(len(line)) > max {
			tooLong, line = true, nil
		}
		return line, tooLong, err
	}
}

// json reads a .json file: one record, or an array of records each of
// which becomes a document named by its byte offset.
func (w *walker) json(source string, r io.Reader, size int64) error {
	loc := at{source: source}
	if size > w.opt.MaxFileBytes {
		w.problem(loc, "file too large: %d bytes (limit %d)", size, w.opt.MaxFileBytes)
		return nil
	}
	data, err := readAtMost(r, size, w.opt.MaxFileBytes)
	if err != nil {
		w.problem(loc, "%s", readMsg(err))
		return nil
	}
	if int64(len(data)) > w.opt.MaxFileBytes {
		w.problem(loc, "file too large: more than %d bytes", w.opt.MaxFileBytes)
		return nil
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '[' {
		if int64(len(data)) > w.opt.MaxDocBytes {
			w.problem(loc, "document too large: %d bytes (limit %d)", len(data), w.opt.MaxDocBytes)
			return nil
		}
		return w.emit(&warta.Document{Source: source, Format: warta.FormatJSON, Raw: data}, loc)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.Token() // the opening bracket
	for dec.More() {
		var elem json.RawMessage
		off := dec.InputOffset()
		if err := dec.Decode(&elem); err != nil {
			w.problem(at{source: source, offset: off}, "not JSON: %v", err)
			return nil
		}
		// InputOffset stood before the separator; name the element itself.
		off += int64(bytes.Index(data[off:], elem[:1]))
		eloc := at{source: source, offset: off}
		if int64(len(elem)) > w.opt.MaxDocBytes {
			w.problem(eloc, "document too large: %d bytes (limit %d)", len(elem), w.opt.MaxDocBytes)
			continue
		}
		doc := &warta.Document{Source: fmt.Sprintf("%s@%d", source, off), Format: warta.FormatJSON, Raw: elem}
		if err := w.emit(doc, eloc); err != nil {
			return err
		}
	}
	return nil
}

// warc reads the HTML and text records of a WARC file.
func (w *walker) warc(source string, r io.Reader) error {
	wr := warc.NewReader(r)
	// The block holds the HTTP header too; the body alone is checked below.
	wr.MaxBlockBytes = w.opt.MaxDocBytes + 1<<20
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		rec, err := wr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var e *warc.Error
			if !errors.As(err, &e) {
				w.problem(at{source: source}, "%s", readMsg(err))
				return nil
			}
			msg := e.Msg
			if e.Err != nil {
				msg += ": " + cause(e.Err).Error()
			}
			w.problem(at{source: source, offset: e.Offset}, "%s", msg)
			if e.Skipped {
				continue
			}
			return nil
		}
		format, contentType, ok := warcPage(rec)
		if !ok {
			continue
		}
		loc := at{source: source, offset: rec.Offset}
		switch {
		case rec.Truncated:
			w.problem(loc, "truncated payload")
			continue
		case int64(len(rec.Body)) > w.opt.MaxDocBytes:
			w.problem(loc, "document too large: %d bytes (limit %d)", len(rec.Body), w.opt.MaxDocBytes)
			continue
		}
		name := fmt.Sprintf("%s@%d", source, rec.Offset)
		if rec.InMember > 0 {
			// A file gzipped whole: the member's offset, then the record's
			// place in the decompressed member.
			name += fmt.Sprintf("+%d", rec.InMember)
		}
		doc := &warta.Document{
			Source: name,
			URL:    rec.TargetURI,
			Format: format,
			Raw:    rec.Body,
			Hints:  warta.Hints{ContentType: contentType},
		}
		if err := w.emit(doc, loc); err != nil {
			return err
		}
	}
}

// warcPage says whether a record holds a page: a successful HTTP response
// or a stored resource, served as HTML or plain text. Records without a
// content type count when their body looks like HTML.
func warcPage(rec *warc.Record) (warta.Format, string, bool) {
	var contentType string
	switch {
	case rec.Type == "response" && rec.HTTPStatus != 0:
		if rec.HTTPStatus < 200 || rec.HTTPStatus > 299 {
			return "", "", false
		}
		contentType = rec.HTTPHeader.Get("Content-Type")
	case rec.Type == "resource":
		contentType = rec.Header.Get("Content-Type")
	default:
		return "", "", false
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "text/html", "application/xhtml+xml":
		return warta.FormatHTML, contentType, true
	case "text/plain":
		if looksHTML(rec.Body) {
			return warta.FormatHTML, contentType, true
		}
		return warta.FormatText, contentType, true
	case "":
		if looksHTML(rec.Body) {
			return warta.FormatHTML, contentType, true
		}
	}
	return "", "", false
}
