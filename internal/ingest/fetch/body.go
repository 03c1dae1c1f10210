package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// ErrTooLarge is wrapped by errors for bodies over the size limit; the
// body is cut off there, never read to its end.
var ErrTooLarge = errors.New("response too large")

// ErrBomb is wrapped by errors for compressed bodies that expand more than
// the allowed ratio: a gzip bomb, or at least nothing a news page needs.
var ErrBomb = errors.New("compressed body expands too far")

// ratioFloor is the decoded size below which the ratio is not checked:
// small, very repetitive pages compress well and are harmless.
const ratioFloor = 256 << 10

// countingReader counts bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// readLimited reads r to its end, or fails with ErrTooLarge once more than
// max bytes arrive. The buffer grows with the bytes actually read; a
// declared length only sizes it up to a small cap, since the declaration
// comes from the server.
func readLimited(r io.Reader, declared, max int64) ([]byte, error) {
	var b bytes.Buffer
	if declared > 0 {
		b.Grow(int(min(declared, max, 1<<20)) + bytes.MinRead)
	}
	n, err := b.ReadFrom(io.LimitReader(r, max+1))
	if n > max {
		return nil, fmt.Errorf("%w: more than %d bytes; cut off", ErrTooLarge, max)
	}
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ratioReader fails with ErrBomb when what comes out of a decompressor
// outgrows what went in by more than ratio.
type ratioReader struct {
	r     io.Reader
	in    *countingReader
	out   int64
	ratio int64
}

func (rr *ratioReader) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	rr.out += int64(n)
	if rr.out > ratioFloor && rr.out > rr.ratio*max(rr.in.n, 1) {
		return n, fmt.Errorf("%w: %d bytes from %d compressed, over %d:1", ErrBomb, rr.out, rr.in.n, rr.ratio)
	}
	return n, err
}

// Gunzip decodes gzip data (all members) with the same limits as a
// response body: at most max bytes out and at most ratio times the input.
// Sitemaps served as .xml.gz files go through it.
func Gunzip(data []byte, max int64, ratio int) ([]byte, error) {
	in := &countingReader{r: bytes.NewReader(data)}
	zr, err := gzip.NewReader(in)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	out, err := readLimited(&ratioReader{r: zr, in: in, ratio: int64(ratio)}, 0, max)
	if err != nil {
		return nil, decodeErr(err)
	}
	return out, nil
}

// decodeErr names gzip damage in words a problem report can use.
func decodeErr(err error) error {
	switch {
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrBomb):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("gzip: truncated: %w", err)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("gzip: corrupt: %w", err)
	}
	return err
}

// decodeBody reads a response body of the given Content-Encoding with the
// size limit applied to the bytes on the wire and to the decoded bytes,
// and the ratio limit between them.
func decodeBody(body io.Reader, encoding string, declared, max int64, ratio int) ([]byte, int64, error) {
	wire := &countingReader{r: body}
	switch encoding {
	case "", "identity":
		b, err := readLimited(wire, declared, max)
		return b, wire.n, err
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(io.LimitReader(wire, max+1))
		if err != nil {
			if n := wire.n; n > max {
				return nil, n, fmt.Errorf("%w: more than %d bytes; cut off", ErrTooLarge, max)
			}
			return nil, wire.n, fmt.Errorf("gzip: %w", err)
		}
		b, err := readLimited(&ratioReader{r: zr, in: wire, ratio: int64(ratio)}, declared, max)
		if err != nil {
			if wire.n > max {
				return nil, wire.n, fmt.Errorf("%w: more than %d compressed bytes; cut off", ErrTooLarge, max)
			}
			return nil, wire.n, decodeErr(err)
		}
		return b, wire.n, nil
	}
	return nil, wire.n, fmt.Errorf("unsupported content encoding %q", encoding)
}
