package warta

import (
	"fmt"
	"time"
)

// Problem is recoverable trouble in input: something a reader or stage could
// not use. Problems are data, not aborts: the run goes on with the rest and
// ends with counts.
type Problem struct {
	// ID numbers a stored problem (newer is higher); 0 until stored.
	ID     int64  `json:"id,omitempty"`
	Source string `json:"source"`           // file, "file:line", URL
	Offset int64  `json:"offset,omitempty"` // byte offset when known
	Line   int    `json:"line,omitempty"`   // 1-based line when known
	Stage  string `json:"stage,omitempty"`  // ingest, extract, date, ...
	Msg    string `json:"msg"`
	// At is when a stored problem was first stored; zero until stored.
	At time.Time `json:"at,omitzero"`
}

// String formats p like a compiler message: source:line: msg.
func (p Problem) String() string {
	loc := p.Source
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, p.Line)
	} else if p.Offset > 0 {
		loc = fmt.Sprintf("%s@%d", loc, p.Offset)
	}
	if p.Stage != "" {
		return fmt.Sprintf("%s: %s: %s", loc, p.Stage, p.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, p.Msg)
}
