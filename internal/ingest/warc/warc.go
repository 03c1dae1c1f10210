package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// MaxRecordBytes caps one record's block. A larger record is skipped with
// an error that says so; the reader then continues with the next record.
const MaxRecordBytes = 64 << 20

// Record is one WARC record.
type Record struct {
	Type      string // response, resource, request, metadata, warcinfo ...
	TargetURI string
	Date      string
	// Offset is where the record starts in the file: the byte offset of its
	// gzip member for .warc.gz, of its version line otherwise.
	Offset int64
	Header textproto.MIMEHeader
	// Block is the record's content as stored.
	Block []byte
	// For response records carrying HTTP: the status, headers and the
	// decoded body (chunked and gzip content encodings undone).
	HTTPStatus int
	HTTPHeader http.Header
	Body       []byte
}

// RecordError is trouble with one record; Offset says where. Skippable
// errors leave the reader positioned at the next record.
type RecordError struct {
	Offset    int64
	Msg       string
	Skippable bool
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("warc record at offset %d: %s", e.Offset, e.Msg)
}

// counter counts bytes taken from the underlying reader, so gzip member
// offsets are known. It implements io.ByteReader so that compress/flate
// reads through it without buffering ahead.
type counter struct {
	br *bufio.Reader
	n  int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *counter) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// Reader reads records one at a time.
type Reader struct {
	c       *counter
	gz      *gzip.Reader
	gzipped bool
	plain   *bufio.Reader // record stream for uncompressed files
	done    bool
}

// NewReader returns a reader over r, detecting gzip by its magic bytes.
func NewReader(r io.Reader) *Reader {
	c := &counter{br: bufio.NewReaderSize(r, 64<<10)}
	rd := &Reader{c: c}
	if magic, err := c.br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		rd.gzipped = true
	} else {
		rd.plain = bufio.NewReaderSize(c, 64<<10)
	}
	return rd
}

// Next returns the next record, io.EOF at the end, or a *RecordError.
// After a non-skippable error the reader is done and returns io.EOF.
func (r *Reader) Next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	if r.gzipped {
		return r.nextGzip()
	}
	off := r.c.n - int64(r.plain.Buffered())
	rec, err := readRecord(r.plain, off)
	if err != nil {
		var re *RecordError
		if !errors.As(err, &re) || !re.Skippable {
			r.done = true
		}
	}
	return rec, err
}

func (r *Reader) nextGzip() (*Record, error) {
	off := r.c.n
	var err error
	if r.gz == nil {
		r.gz, err = gzip.NewReader(r.c)
	} else {
		err = r.gz.Reset(r.c)
	}
	if err == io.EOF {
		r.done = true
		return nil, io.EOF
	}
	if err != nil {
		r.done = true
		return nil, &RecordError{Offset: off, Msg: "bad gzip member: " + err.Error()}
	}
	r.gz.Multistream(false)
	member := bufio.NewReader(io.LimitReader(r.gz, MaxRecordBytes+1<<20))
	rec, err := readRecord(member, off)
	if err != nil {
		var re *RecordError
		if errors.As(err, &re) && re.Skippable {
			// Drain the rest of the member so the next Reset starts right.
			if _, derr := io.Copy(io.Discard, r.gz); derr != nil {
				r.done = true
				return nil, &RecordError{Offset: off, Msg: "truncated gzip member: " + derr.Error()}
			}
			return nil, err
		}
		r.done = true
		return nil, err
	}
	// The member must end where the record ends (one record per member);
	// anything left is read and dropped, and a broken tail is reported.
	if _, err := io.Copy(io.Discard, r.gz); err != nil {
		r.done = true
		return rec, &RecordError{Offset: off, Msg: "truncated gzip member after record: " + err.Error(), Skippable: false}
	}
	return rec, nil
}

// readRecord parses one record from br, which starts at a version line
// (blank lines before it are skipped).
func readRecord(br *bufio.Reader, off int64) (*Record, error) {
	var line string
	for {
		l, err := br.ReadString('\n')
		if err == io.EOF && l == "" {
			return nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, &RecordError{Offset: off, Msg: "read version line: " + err.Error()}
		}
		off += int64(len(l))
		if strings.TrimSpace(l) != "" {
			line = strings.TrimSpace(l)
			off -= int64(len(l))
			break
		}
		if err == io.EOF {
			return nil, io.EOF
		}
	}
	if !strings.HasPrefix(line, "WARC/") {
		return nil, &RecordError{Offset: off, Msg: fmt.Sprintf("not a WARC record: %.40q", line)}
	}
	tp := textproto.NewReader(br)
	hdr, err := tp.ReadMIMEHeader()
	if err != nil {
		return nil, &RecordError{Offset: off, Msg: "read headers: " + err.Error()}
	}
	rec := &Record{Offset: off, Header: hdr, Type: hdr.Get("WARC-Type"), TargetURI: strings.Trim(hdr.Get("WARC-Target-URI"), "<>"), Date: hdr.Get("WARC-Date")}
	n, err := strconv.ParseInt(strings.TrimSpace(hdr.Get("Content-Length")), 10, 64)
	if err != nil || n < 0 {
		return nil, &RecordError{Offset: off, Msg: fmt.Sprintf("bad Content-Length %q", hdr.Get("Content-Length"))}
	}
	if n > MaxRecordBytes {
		if _, err := br.Discard(int(min(n, 1<<62))); err != nil {
			return nil, &RecordError{Offset: off, Msg: fmt.Sprintf("record of %d bytes is over the %d limit and truncated", n, MaxRecordBytes)}
		}
		return nil, &RecordError{Offset: off, Msg: fmt.Sprintf("record of %d bytes skipped: over the %d limit", n, MaxRecordBytes), Skippable: true}
	}
	// Read in growing steps rather than allocating n up front: a lying
	// Content-Length in a short file must not allocate gigabytes.
	var block bytes.Buffer
	if got, err := io.CopyN(&block, br, n); err != nil {
		return nil, &RecordError{Offset: off, Msg: fmt.Sprintf("truncated record: %d of %d bytes", got, n)}
	}
	rec.Block = block.Bytes()
	// Records end with two CRLFs; tolerate their absence at end of file.
	for range 4 {
		b, err := br.Peek(1)
		if err != nil || (b[0] != '\r' && b[0] != '\n') {
			break
		}
		br.ReadByte()
	}
	if rec.Type == "response" && strings.HasPrefix(strings.ToLower(hdr.Get("Content-Type")), "application/http") {
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(rec.Block)), nil)
		if err != nil {
			return rec, &RecordError{Offset: off, Msg: "parse HTTP response: " + err.Error(), Skippable: true}
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, MaxRecordBytes))
		resp.Body.Close()
		if err != nil && len(body) == 0 {
			return rec, &RecordError{Offset: off, Msg: "read HTTP body: " + err.Error(), Skippable: true}
		}
		if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
			if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
				if dec, err := io.ReadAll(io.LimitReader(zr, MaxRecordBytes)); err == nil {
					body = dec
				}
			}
		}
		rec.HTTPStatus, rec.HTTPHeader, rec.Body = resp.StatusCode, resp.Header, body
	} else if rec.Type == "resource" {
		rec.Body = rec.Block
	}
	return rec, nil
}
