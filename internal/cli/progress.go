package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports how far a long run is: documents done, their rate and,
// when the total is known, the time left. On a terminal it draws a bar on
// one line; elsewhere (pipes, CI logs) it writes a plain line every few
// seconds, because carriage-return updates turn logs into noise. Log
// records written while the bar is up go through logLine, which clears the
// bar first, so a log line never shares the bar's line.
type progress struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	w     io.Writer
	label string
	total int // 0 when unknown
	start time.Time
	last  time.Time
	done  int
	every time.Duration // between plain lines
	logs  *logWriter
}

// newProgress starts reporting to w. total is how many documents there
// are, 0 when unknown. tty draws a bar (isTerminal(w) in use); logs, when
// set, is switched to go through the progress until finish.
func newProgress(w io.Writer, label string, total int, tty bool, logs *logWriter) *progress {
	p := &progress{w: w, label: label, total: total, start: time.Now(), last: time.Now(), every: 5 * time.Second, logs: logs}
	if tty {
		max := total
		if max <= 0 {
			max = -1
		}
		p.bar = progressbar.NewOptions(max, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(label),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("docs"),
			progressbar.OptionSetPredictTime(true), progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	if logs != nil {
		logs.through(p)
	}
	return p
}

// isTerminal reports whether w is a terminal, where a bar can redraw.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// set records that done documents are done in all.
func (p *progress) set(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = done
	if p.bar != nil {
		p.bar.Set(done)
		return
	}
	if time.Since(p.last) >= p.every {
		p.last = time.Now()
		fmt.Fprintln(p.w, p.line())
	}
}

// line is the plain report: "ingest: 1200/22000 documents (350/s, about
// 59s left)".
func (p *progress) line() string {
	el := time.Since(p.start).Seconds()
	rate := float64(p.done) / max(el, 1e-9)
	if p.total <= 0 {
		return fmt.Sprintf("%s: %d documents (%.0f/s)", p.label, p.done, rate)
	}
	s := fmt.Sprintf("%s: %d/%d documents (%.0f/s", p.label, p.done, p.total, rate)
	if rate > 0 && p.done < p.total {
		left := time.Duration(float64(p.total-p.done) / rate * float64(time.Second)).Round(time.Second)
		s += fmt.Sprintf(", about %s left", left)
	}
	return s + ")"
}

// logLine writes one log record on a line of its own: the bar is cleared
// first and drawn again after.
func (p *progress) logLine(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		return p.w.Write(b)
	}
	p.bar.Clear()
	n, err := p.w.Write(b)
	p.bar.RenderBlank()
	return n, err
}

func (p *progress) finish() {
	if p.logs != nil {
		p.logs.through(nil)
	}
	if p.bar != nil {
		p.bar.Finish()
	}
}

// logOut is where lines meant for the log go (problems printed as they
// come): through the progress bar while one is drawn.
func (m *Main) logOut() io.Writer {
	if m.logs == nil {
		m.setupLogger()
	}
	return m.logs
}

// logWriter is where warta's logs go: stderr, or through the progress
// report while one is drawn.
type logWriter struct {
	mu   sync.Mutex
	w    io.Writer
	prog *progress
}

func (l *logWriter) through(p *progress) {
	l.mu.Lock()
	l.prog = p
	l.mu.Unlock()
}

func (l *logWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	p := l.prog
	l.mu.Unlock()
	if p != nil {
		return p.logLine(b)
	}
	return l.w.Write(b)
}
