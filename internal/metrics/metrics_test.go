package metrics

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestWriteParses(t *testing.T) {
	var m HTTP
	m.Observe("GET", "/api/v1/articles", 200, 3*time.Millisecond)
	m.Observe("GET", "/api/v1/articles", 200, 2*time.Second)
	m.Observe("GET", "/api/v1/articles", 400, time.Millisecond)
	m.Observe("BREW", "", 405, time.Minute) // past the last bucket
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.Gauge("warta_documents", "Documents stored.", 13)
	w.Header("warta_odd", "gauge", "Help with a \\ and a\nnewline.")
	w.Sample("warta_odd", 1.5, "path", `a "quoted"\ value`+"\n")
	m.Write(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	samples, err := Parse(&buf)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, buf.String())
	}
	find := func(name string, labels ...string) *Sample {
		for i, s := range samples {
			ok := s.Name == name
			for j := 0; ok && j+1 < len(labels); j += 2 {
				ok = s.Labels[labels[j]] == labels[j+1]
			}
			if ok {
				return &samples[i]
			}
		}
		t.Fatalf("no sample %s %v", name, labels)
		return nil
	}
	if s := find("warta_documents"); s.Value != 13 {
		t.Errorf("warta_documents = %v", s.Value)
	}
	if s := find("warta_odd"); s.Labels["path"] != `a "quoted"\ value`+"\n" {
		t.Errorf("label round trip = %q", s.Labels["path"])
	}
	if s := find("warta_http_requests_total", "route", "/api/v1/articles", "status", "200"); s.Value != 2 {
		t.Errorf("requests 200 = %v", s.Value)
	}
	if s := find("warta_http_requests_total", "method", "OTHER", "route", "unmatched"); s.Value != 1 {
		t.Errorf("unknown method and route not folded: %v", s)
	}
	if s := find("warta_http_request_duration_seconds_bucket", "status", "200", "le", "0.005"); s.Value != 1 {
		t.Errorf("bucket le=0.005 = %v", s.Value)
	}
	if s := find("warta_http_request_duration_seconds_bucket", "status", "200", "le", "+Inf"); s.Value != 2 {
		t.Errorf("bucket +Inf = %v", s.Value)
	}
	if s := find("warta_http_request_duration_seconds_bucket", "method", "OTHER", "le", "30"); s.Value != 0 {
		t.Errorf("a minute fell in le=30: %v", s.Value)
	}
}

func TestParseRejects(t *testing.T) {
	for name, text := range map[string]string{
		"no type":          "warta_x 1\n",
		"bad name":         "# TYPE 9x gauge\n9x 1\n",
		"bad value":        "# TYPE x gauge\nx one\n",
		"unquoted label":   "# TYPE x gauge\nx{a=b} 1\n",
		"unterminated":     "# TYPE x gauge\nx{a=\"b} 1\n",
		"bad escape":       "# TYPE x gauge\nx{a=\"\\t\"} 1\n",
		"not cumulative":   "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
		"inf is not count": "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n",
		"two types":        "# TYPE x gauge\n# TYPE x counter\n",
	} {
		if _, err := Parse(strings.NewReader(text)); err == nil {
			t.Errorf("%s: accepted %q", name, text)
		}
	}
}

func TestGauge(t *testing.T) {
	var g Gauge
	g.Add(5)
	g.Add(-2)
	if g.Value() != 3 {
		t.Fatalf("gauge = %d", g.Value())
	}
}
