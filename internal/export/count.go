package export

import "io"

// CountingWriter passes writes on to W and counts the bytes that got
// through: the CLI reports the size of what it wrote, and the API knows
// whether anything reached the client before a failure.
type CountingWriter struct {
	W io.Writer
	N int64
}

func (c *CountingWriter) Write(p []byte) (int, error) {
	n, err := c.W.Write(p)
	c.N += int64(n)
	return n, err
}
