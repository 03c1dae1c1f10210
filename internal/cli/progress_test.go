package cli

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// visibleLines returns what a terminal shows of out: each line as left
// after carriage returns and the bar's clearing rewrite it.
func visibleLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if i := strings.LastIndexByte(l, '\r'); i >= 0 {
			l = l[i+1:]
		}
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestProgressBarKeepsLogsOnTheirOwnLines draws the bar as on a terminal
// and logs while it runs: every log record must start its own line, with
// no part of the bar before it (the bar and "level=WARN ..." shared a line
// before).
func TestProgressBarKeepsLogsOnTheirOwnLines(t *testing.T) {
	var out bytes.Buffer
	logs := &logWriter{w: &out}
	log := slog.New(slog.NewTextHandler(logs, nil))
	p := newProgress(&out, "ingest", 100, true, logs)
	for i := 1; i <= 100; i++ {
		p.set(i)
		if i%10 == 0 {
			log.Warn("page without a date", "n", i)
			time.Sleep(2 * time.Millisecond)
		}
	}
	p.finish()
	log.Info("ingest done")
	logged := 0
	for _, l := range visibleLines(out.String()) {
		if strings.Contains(l, "level=") {
			logged++
			if !strings.HasPrefix(l, "time=") {
				t.Errorf("a log line shares its line with the bar: %q", l)
			}
		}
	}
	if logged != 11 {
		t.Errorf("%d log lines seen, want 11:\n%q", logged, out.String())
	}
	if !strings.Contains(out.String(), "/100") {
		t.Errorf("the bar never showed the count out of the total:\n%q", out.String())
	}
}

// TestProgressPlainLines: away from a terminal, progress is a plain line
// with the count, the rate and the time left.
func TestProgressPlainLines(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, "ingest", 200, false, nil)
	p.every = 0
	p.start = time.Now().Add(-10 * time.Second)
	p.set(50)
	p.finish()
	got := strings.TrimSpace(out.String())
	if !strings.HasPrefix(got, "ingest: 50/200 documents (5/s, about 30s left)") {
		t.Errorf("plain progress %q", got)
	}
	out.Reset()
	p = newProgress(&out, "ingest", 0, false, nil)
	p.every = 0
	p.start = time.Now().Add(-10 * time.Second)
	p.set(50)
	if got := strings.TrimSpace(out.String()); got != "ingest: 50 documents (5/s)" {
		t.Errorf("plain progress without a total %q", got)
	}
}
