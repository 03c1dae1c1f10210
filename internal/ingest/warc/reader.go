package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxBlockBytes is the largest record block (and the largest decoded
// HTTP body) a Reader keeps when MaxBlockBytes is not set.
const DefaultMaxBlockBytes = 64 << 20

// Limits on the parts of a record that are read before its length is known.
// A header that does not fit is damage, not a record.
const (
	maxLineBytes   = 64 << 10
	maxHeaderBytes = 1 << 20
)

// Record is one WARC record. For a response record whose block is an HTTP
// message, HTTPStatus, HTTPHeader and Body describe that message and Body
// is the payload with its transfer and content encodings undone. For any
// other record Body is the block as stored and HTTPStatus is 0.
type Record struct {
	Version   string    // WARC/1.0 or WARC/1.1 (as the record says)
	Type      string    // WARC-Type: response, resource, request, warcinfo, ...
	TargetURI string    // WARC-Target-URI without surrounding angle brackets
	Date      time.Time // WARC-Date; zero when missing or unreadable
	// Offset is where the record starts in the input. In a .warc.gz it is
	// the offset of the gzip member that holds the record, so that a reader
	// can seek straight to it.
	Offset int64
	// InMember is the record's offset in the decompressed member: 0 in a
	// file compressed record by record (the norm), larger for the later
	// records of a file gzipped whole.
	InMember   int64
	Header     textproto.MIMEHeader
	HTTPStatus int
	HTTPHeader http.Header
	Body       []byte
	// Truncated is set when the record says it was cut (WARC-Truncated) or
	// its HTTP body ended before its declared length; Body holds what
	// there was.
	Truncated bool
}

// Error describes damage at one place of the input. When Skipped is true only
// the record at Offset was lost and Next can be called again; otherwise the
// input cannot be read past Offset and Next keeps returning this error.
type Error struct {
	Offset  int64
	Msg     string
	Skipped bool
	Err     error
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("warc record at offset %d: %s: %v", e.Offset, e.Msg, e.Err)
	}
	return fmt.Sprintf("warc record at offset %d: %s", e.Offset, e.Msg)
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Reader reads records one at a time from a WARC stream. It detects gzip by
// its magic bytes and then reads one member at a time, so a damaged member
// costs its own records only as far as the damage allows.
type Reader struct {
	// MaxBlockBytes caps one record block and one decoded HTTP body; a
	// larger record is skipped with an *Error. Zero means
	// DefaultMaxBlockBytes.
	MaxBlockBytes int64

	src       *bufio.Reader // the input as given
	cr        *countReader  // counts bytes taken from src
	br        *bufio.Reader // the record stream: src itself, or one gzip member
	gz        *gzip.Reader
	gzCount   *countingReader // counts bytes decompressed from the current member
	started   bool
	gzipped   bool
	open      bool
	memberOff int64
	resync    bool // lost the place; scan for the next version line
	err       error
}

// NewReader returns a Reader reading WARC records from r.
func NewReader(r io.Reader) *Reader {
	src := bufio.NewReaderSize(r, 64<<10)
	return &Reader{src: src, cr: &countReader{r: src}}
}

// countReader counts the bytes read through it. It is an io.ByteReader so
// that gzip reads from it directly, without a buffer of its own that would
// read past the end of a member and spoil the count.
type countReader struct {
	r *bufio.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// countingReader counts the bytes read through any reader.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// inMember is the offset of the next unread byte of the current member.
func (r *Reader) inMember() int64 {
	if !r.gzipped || r.gzCount == nil {
		return 0
	}
	return r.gzCount.n - int64(r.br.Buffered())
}

func (r *Reader) maxBlock() int64 {
	if r.MaxBlockBytes > 0 {
		return r.MaxBlockBytes
	}
	return DefaultMaxBlockBytes
}

// Next returns the next record. It returns io.EOF at the clean end of the
// input and an *Error for damage (see Error.Skipped).
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.started {
		r.started = true
		if magic, _ := r.src.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
			r.gzipped = true
		} else {
			r.br = bufio.NewReaderSize(r.cr, 64<<10)
		}
	}
	for {
		if r.gzipped && !r.open {
			if err := r.openMember(); err != nil {
				r.err = err
				return nil, err
			}
		}
		rec, err := r.readRecord()
		if err == errMemberEnd {
			r.open = false
			continue
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !e.Skipped {
				r.err = err
			}
			return nil, err
		}
		return rec, nil
	}
}

// errMemberEnd says the current gzip member ended cleanly between records.
var errMemberEnd = errors.New("end of gzip member")

func (r *Reader) openMember() error {
	if _, err := r.src.Peek(1); err == io.EOF {
		return io.EOF
	} else if err != nil {
		return &Error{Offset: r.cr.n, Msg: "read", Err: err}
	}
	off := r.cr.n
	var err error
	if r.gz == nil {
		r.gz, err = gzip.NewReader(r.cr)
	} else {
		err = r.gz.Reset(r.cr)
	}
	if err != nil {
		return &Error{Offset: off, Msg: gzipMsg(err), Err: err}
	}
	r.gz.Multistream(false)
	r.gzCount = &countingReader{r: r.gz}
	if r.br == nil {
		r.br = bufio.NewReaderSize(r.gzCount, 64<<10)
	} else {
		r.br.Reset(r.gzCount)
	}
	r.open, r.memberOff = true, off
	return nil
}

func gzipMsg(err error) string {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "truncated gzip member"
	case errors.Is(err, gzip.ErrHeader):
		return "not a gzip member"
	case errors.Is(err, gzip.ErrChecksum):
		return "gzip checksum mismatch"
	case errors.As(err, &corrupt):
		return "corrupt gzip data"
	}
	return "read gzip member"
}

// pos is the offset of the next unread byte of a plain stream, or the
// offset of the current member of a compressed one.
func (r *Reader) pos() int64 {
	if r.gzipped {
		return r.memberOff
	}
	return r.cr.n - int64(r.br.Buffered())
}

// streamErr turns an error met inside the record stream into an *Error. In
// a compressed stream any error but a clean member end is gzip damage and
// ends reading; in a plain one EOF means the record was cut short.
func (r *Reader) streamErr(off int64, what string, err error) error {
	if r.gzipped && err != io.EOF {
		return &Error{Offset: r.memberOff, Msg: gzipMsg(err), Err: err}
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		// A gzip member that ends inside a record lost that record only;
		// the next member can still be read.
		return &Error{Offset: off, Msg: "truncated record (" + what + ")", Skipped: r.gzipped}
	}
	return &Error{Offset: off, Msg: "read " + what, Err: err}
}

// skipBlank consumes the line breaks that end a record. It returns io.EOF
// (or the stream's error) when nothing follows.
func (r *Reader) skipBlank() error {
	for {
		b, err := r.br.Peek(1)
		if err != nil {
			return err
		}
		if b[0] != '\r' && b[0] != '\n' {
			return nil
		}
		r.br.Discard(1)
	}
}

// readLine reads one line without its line break. A line longer than max
// is consumed and reported as too long rather than kept.
func (r *Reader) readLine(max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return line, tooLong, err
		}
		return bytes.TrimRight(line, "\r\n"), tooLong, nil
	}
}

func (r *Reader) readRecord() (*Record, error) {
	var off, inner int64
	var version []byte
	if r.resync {
		// Scan line by line for the next version line. Every line read
		// consumes input, so this always ends.
		for {
			if err := r.skipBlank(); err != nil {
				return nil, r.resyncEnd(err)
			}
			off, inner = r.pos(), r.inMember()
			line, tooLong, err := r.readLine(maxLineBytes)
			if err != nil && err != io.EOF {
				return nil, r.streamErr(off, "header", err)
			}
			if !tooLong && isVersion(line) {
				version = line
				r.resync = false
				break
			}
			if err == io.EOF {
				return nil, r.resyncEnd(err)
			}
		}
	} else {
		if err := r.skipBlank(); err != nil {
			if err == io.EOF {
				if r.gzipped {
					return nil, errMemberEnd
				}
				return nil, io.EOF
			}
			return nil, r.streamErr(r.pos(), "header", err)
		}
		off, inner = r.pos(), r.inMember()
		line, tooLong, err := r.readLine(maxLineBytes)
		if err != nil {
			return nil, r.streamErr(off, "version line", err)
		}
		if tooLong || !bytes.HasPrefix(line, []byte("WARC/")) {
			return nil, r.lost(off, "no WARC version line")
		}
		version = line
	}
	hdr, err := r.readHeader(off)
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(hdr.Get("Content-Length")), 10, 64)
	if err != nil || n < 0 {
		return nil, r.lost(off, "missing or bad Content-Length")
	}
	if n > r.maxBlock() {
		if got, err := io.CopyN(io.Discard, r.br, n); err != nil {
			return nil, r.streamErr(off, fmt.Sprintf("block: %d of %d bytes", got, n), err)
		}
		if err := r.endRecord(off); err != nil {
			return nil, err
		}
		return nil, &Error{Offset: off, Msg: fmt.Sprintf("record of %d bytes exceeds the %d byte limit", n, r.maxBlock()), Skipped: true}
	}
	// The buffer is sized from n only up to a small cap; beyond it, it
	// grows with the bytes actually read.
	var block bytes.Buffer
	block.Grow(int(min(n, 256<<10)) + bytes.MinRead)
	got, err := block.ReadFrom(io.LimitReader(r.br, n))
	if err == nil && got < n {
		err = io.EOF
	}
	if err != nil {
		return nil, r.streamErr(off, fmt.Sprintf("block: %d of %d bytes", got, n), err)
	}
	if err := r.endRecord(off); err != nil {
		return nil, err
	}
	rec, err := r.build(off, string(version), hdr, block.Bytes())
	if rec != nil {
		rec.InMember = inner
	}
	return rec, err
}

func isVersion(line []byte) bool {
	return bytes.Equal(line, []byte("WARC/1.0")) || bytes.Equal(line, []byte("WARC/1.1"))
}

// lost reports a record whose header is unusable; the next call scans for
// the next version line, in a compressed stream up to the member's end.
func (r *Reader) lost(off int64, msg string) error {
	r.resync = true
	return &Error{Offset: off, Msg: msg, Skipped: true}
}

// resyncEnd handles the end of the input or member met while scanning.
func (r *Reader) resyncEnd(err error) error {
	switch {
	case err == io.EOF && r.gzipped:
		r.resync = false
		return errMemberEnd
	case err == io.EOF:
		return io.EOF
	}
	return r.streamErr(r.pos(), "header", err)
}

// endRecord consumes the record's closing line breaks. In a compressed
// stream it also notices the end of the member, so that a member whose
// trailer is missing or wrong costs the record it holds.
func (r *Reader) endRecord(off int64) error {
	err := r.skipBlank()
	switch {
	case err == nil:
		return nil
	case err == io.EOF:
		if r.gzipped {
			r.open = false
		}
		return nil
	}
	return r.streamErr(off, "record end", err)
}

func (r *Reader) readHeader(off int64) (textproto.MIMEHeader, error) {
	hdr := textproto.MIMEHeader{}
	total := 0
	var last string
	for {
		line, tooLong, err := r.readLine(maxLineBytes)
		if err != nil {
			return nil, r.streamErr(off, "header", err)
		}
		total += len(line)
		if tooLong || total > maxHeaderBytes {
			return nil, r.lost(off, "header too long")
		}
		if len(line) == 0 {
			return hdr, nil
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			vs := hdr[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(string(line))
			continue
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(bytes.TrimSpace(name)) == 0 {
			return nil, r.lost(off, "malformed header line")
		}
		last = textproto.CanonicalMIMEHeaderKey(string(bytes.TrimSpace(name)))
		hdr[last] = append(hdr[last], string(bytes.TrimSpace(value)))
	}
}

func (r *Reader) build(off int64, version string, hdr textproto.MIMEHeader, block []byte) (*Record, error) {
	rec := &Record{
		Version:   version,
		Type:      hdr.Get("WARC-Type"),
		TargetURI: strings.Trim(strings.TrimSpace(hdr.Get("WARC-Target-URI")), "<>"),
		Offset:    off,
		Header:    hdr,
		Body:      block,
		Truncated: hdr.Get("WARC-Truncated") != "",
	}
	if d := strings.TrimSpace(hdr.Get("WARC-Date")); d != "" {
		if t, err := time.Parse(time.RFC3339, d); err == nil {
			rec.Date = t
		}
	}
	if rec.Type != "response" || !isHTTPResponse(hdr.Get("Content-Type")) {
		return rec, nil
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(fixStatusLine(block))), nil)
	if err != nil {
		return nil, &Error{Offset: off, Msg: "bad HTTP response", Skipped: true, Err: err}
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	body.Grow(len(block) + bytes.MinRead)
	got, err := body.ReadFrom(io.LimitReader(resp.Body, r.maxBlock()+1))
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		rec.Truncated = true
	case err != nil:
		return nil, &Error{Offset: off, Msg: "bad HTTP body", Skipped: true, Err: err}
	case got > r.maxBlock():
		return nil, &Error{Offset: off, Msg: "HTTP body exceeds the size limit", Skipped: true}
	}
	rec.HTTPStatus, rec.HTTPHeader, rec.Body = resp.StatusCode, resp.Header, body.Bytes()
	if enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc != "" && enc != "identity" {
		dec, err := r.decode(enc, rec.Body)
		if err != nil {
			return nil, &Error{Offset: off, Msg: "undo Content-Encoding " + enc, Skipped: true, Err: err}
		}
		rec.Body = dec
	}
	return rec, nil
}

func isHTTPResponse(contentType string) bool {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.HasPrefix(strings.ToLower(contentType), "application/http")
	}
	return mt == "application/http" && (params["msgtype"] == "" || strings.EqualFold(params["msgtype"], "response"))
}

// fixStatusLine rewrites "HTTP/2 200" as "HTTP/2.0 200": archivers record
// HTTP/2 responses with the version as HTTP/2 says it, which net/http's
// HTTP/1 parser refuses.
func fixStatusLine(block []byte) []byte {
	for _, v := range []string{"HTTP/2 ", "HTTP/3 "} {
		if bytes.HasPrefix(block, []byte(v)) {
			fixed := make([]byte, 0, len(block)+2)
			fixed = append(fixed, v[:6]...)
			fixed = append(fixed, ".0 "...)
			return append(fixed, block[len(v):]...)
		}
	}
	return block
}

// decode undoes an HTTP content encoding, capped like a block so that a
// small compressed body cannot expand without bound.
func (r *Reader) decode(enc string, body []byte) ([]byte, error) {
	var rd io.Reader
	switch enc {
	case "gzip", "x-gzip":
		z, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		rd = z
	case "deflate":
		// Servers send zlib-wrapped or raw deflate under this name.
		if z, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			rd = z
		} else {
			rd = flate.NewReader(bytes.NewReader(body))
		}
	default:
		return nil, fmt.Errorf("unsupported encoding")
	}
	var out bytes.Buffer
	n, err := out.ReadFrom(io.LimitReader(rd, r.maxBlock()+1))
	if err != nil {
		return nil, err
	}
	if n > r.maxBlock() {
		return nil, fmt.Errorf("decoded body exceeds the size limit")
	}
	return out.Bytes(), nil
}
