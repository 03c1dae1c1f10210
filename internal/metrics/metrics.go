package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Gauge is a number that goes up and down, such as the documents waiting
// in a running ingest. The zero value is ready to use.
type Gauge struct{ v atomic.Int64 }

// Add adds n (which may be negative).
func (g *Gauge) Add(n int64) { g.v.Add(n) }

// Value returns the current value.
func (g *Gauge) Value() int64 { return g.v.Load() }

// Buckets are the upper bounds, in seconds, of the request latency
// histogram: from a cached JSON answer (a millisecond) to a long export.
var Buckets = []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// HTTP counts requests and their latency by method, route pattern and
// status. The zero value is ready to use and safe for concurrent use.
type HTTP struct {
	mu     sync.Mutex
	series map[httpKey]*httpSeries
}

type httpKey struct {
	method, route string
	status        int
}

type httpSeries struct {
	count   uint64
	sum     float64
	buckets []uint64 // per bucket, not cumulative; the writer sums them
}

// knownMethods bounds the method label: a client inventing methods must not
// grow the series without end.
var knownMethods = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true,
	"DELETE": true, "OPTIONS": true}

// Observe records one request. route is the pattern that served it (the
// path part of "GET /api/v1/articles/{id}"), never the raw path, so that
// the number of series stays bounded.
func (m *HTTP) Observe(method, route string, status int, took time.Duration) {
	if !knownMethods[method] {
		method = "OTHER"
	}
	if route == "" {
		route = "unmatched"
	}
	k := httpKey{method, route, status}
	sec := took.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.series == nil {
		m.series = map[httpKey]*httpSeries{}
	}
	s := m.series[k]
	if s == nil {
		s = &httpSeries{buckets: make([]uint64, len(Buckets))}
		m.series[k] = s
	}
	s.count++
	s.sum += sec
	for i, b := range Buckets {
		if sec <= b {
			s.buckets[i]++
			break
		}
	}
}

// Write writes the request counter and the latency histogram.
func (m *HTTP) Write(w *Writer) {
	m.mu.Lock()
	keys := make([]httpKey, 0, len(m.series))
	snap := make(map[httpKey]httpSeries, len(m.series))
	for k, s := range m.series {
		keys = append(keys, k)
		snap[k] = httpSeries{count: s.count, sum: s.sum, buckets: append([]uint64(nil), s.buckets...)}
	}
	m.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	w.Header("warta_http_requests_total", "counter", "HTTP requests served, by method, route pattern and status.")
	for _, k := range keys {
		w.Sample("warta_http_requests_total", float64(snap[k].count), "method", k.method, "route", k.route, "status", strconv.Itoa(k.status))
	}
	w.Header("warta_http_request_duration_seconds", "histogram", "Time to serve an HTTP request, by method, route pattern and status.")
	for _, k := range keys {
		s := snap[k]
		labels := []string{"method", k.method, "route", k.route, "status", strconv.Itoa(k.status)}
		var cum uint64
		for i, b := range Buckets {
			cum += s.buckets[i]
			w.Sample("warta_http_request_duration_seconds_bucket", float64(cum), append(labels, "le", formatFloat(b))...)
		}
		w.Sample("warta_http_request_duration_seconds_bucket", float64(s.count), append(labels, "le", "+Inf")...)
		w.Sample("warta_http_request_duration_seconds_sum", s.sum, labels...)
		w.Sample("warta_http_request_duration_seconds_count", float64(s.count), labels...)
	}
}

// Writer writes the text exposition format (version 0.0.4). The first
// write error is kept and returned by Flush; later writes do nothing.
type Writer struct {
	bw  *bufio.Writer
	err error
}

// ContentType is the media type of what Writer writes.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{bw: bufio.NewWriter(w)} }

// Header writes the HELP and TYPE lines that open a metric family. typ is
// counter, gauge or histogram.
func (w *Writer) Header(name, typ, help string) {
	w.printf("# HELP %s %s\n# TYPE %s %s\n", name, escapeHelp(help), name, typ)
}

// Sample writes one line: name{label="value",...} value. labels are name,
// value pairs.
func (w *Writer) Sample(name string, value float64, labels ...string) {
	var b strings.Builder
	b.WriteString(name)
	if len(labels) > 0 {
		b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(labels[i])
			b.WriteString(`="`)
			b.WriteString(escapeLabel(labels[i+1]))
			b.WriteByte('"')
		}
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	b.WriteString(formatFloat(value))
	b.WriteByte('\n')
	w.printf("%s", b.String())
}

// Gauge writes a whole gauge family of one unlabeled sample.
func (w *Writer) Gauge(name, help string, value float64) {
	w.Header(name, "gauge", help)
	w.Sample(name, value)
}

func (w *Writer) printf(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.bw, format, args...)
	}
}

// Flush writes what is buffered and returns the first error met.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	return w.bw.Flush()
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
func escapeLabel(s string) string { return labelEscaper.Replace(s) }

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
