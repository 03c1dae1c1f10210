package ui

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// evs makes one event per date, titled by its position.
func evs(dates ...string) []*warta.EventRecord {
	var out []*warta.EventRecord
	for i, d := range dates {
		out = append(out, &warta.EventRecord{ID: fmt.Sprintf("e-%d", i), Date: d, Type: "CONSULT", Title: fmt.Sprintf("Peristiwa %d", i),
			Reports: []warta.Report{{ArticleID: "a", Outlet: "Kompas.com", Published: d}}})
	}
	return out
}

func repeat(date string, n int) []string {
	var out []string
	for range n {
		out = append(out, date)
	}
	return out
}

func days(from string, n int) []string {
	t, _ := eventTime(from)
	var out []string
	for i := range n {
		out = append(out, t.AddDate(0, 0, i).Format("2006-01-02"))
	}
	return out
}

func TestBands(t *testing.T) {
	for _, c := range []struct {
		name  string
		dates []string
		want  string
	}{
		{"one day", []string{"2019-09-10"}, "2019-09-10/day"},
		{"undated events are left out", []string{"", "2019-09-10", "bad"}, "2019-09-10/day"},
		// 2014 and 2016 lie years before the crowded September 2019:
		// each band opens as far as its dates allow; "2016" is written to
		// the year and stays a year.
		{"years apart", append([]string{"2014-05-01", "2016"}, append(repeat("2019-09-10", 5), append(repeat("2019-09-11", 3), "2019-09-20")...)...),
			"2014-05-01/day 2016/year 2019-09-10/day 2019-09-11/day 2019-09-20/day"},
		{"a month written to the month stays a month beside its days", []string{"2019-09", "2019-09-10", "2019-09-12"},
			"2019-09/month 2019-09-10/day 2019-09-12/day"},
		// 62 days cannot all be bands: the earlier of two equally busy
		// months opens into its days, the other stays a month.
		{"too many days", days("2019-07-01", 62), dayBands("2019-07-01", 31) + " 2019-08/month"},
		// The busier month opens first; then there is no room left for
		// the other's 31 days.
		{"the dense month opens", append(days("2019-07-01", 31), append(days("2019-08-01", 10), repeat("2019-08-17", 40)...)...),
			"2019-07/month " + dayBands("2019-08-01", 10) + " 2019-08-17/day"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, b := range bands(evs(c.dates...)) {
				layout := map[grain]string{year: "2006", month: "2006-01", day: "2006-01-02"}[b.grain]
				got = append(got, b.start.Format(layout)+"/"+map[grain]string{year: "year", month: "month", day: "day"}[b.grain])
			}
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("bands:\n got %s\nwant %s", g, c.want)
			}
		})
	}
}

func dayBands(from string, n int) string {
	var out []string
	for _, d := range days(from, n) {
		out = append(out, d+"/day")
	}
	return strings.Join(out, " ")
}

// TestTimelineLabelsFit draws many event sets, sparse and crowded, and
// checks what a reader would: no label runs past either edge of the
// chart, no two labels on a row overlap, no band is drawn outside it.
func TestTimelineLabelsFit(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	sets := [][]string{
		nil,
		{"2019-09-10"},
		append(days("2014-01-01", 3), days("2019-09-01", 30)...),
		days("2019-01-01", 400),
	}
	for range 200 {
		var ds []string
		for range 1 + rng.Intn(120) {
			switch rng.Intn(4) {
			case 0:
				ds = append(ds, fmt.Sprintf("%d", 2010+rng.Intn(12)))
			case 1:
				ds = append(ds, fmt.Sprintf("%d-%02d", 2010+rng.Intn(12), 1+rng.Intn(12)))
			default:
				ds = append(ds, fmt.Sprintf("2019-%02d-%02d", 1+rng.Intn(12), 1+rng.Intn(28)))
			}
		}
		sets = append(sets, ds)
	}
	for i, ds := range sets {
		c := drawTimeline(evs(ds...), "id")
		if len(ds) == 0 {
			if c.svg != "" {
				t.Fatalf("set %d: no dated event, but a chart", i)
			}
			continue
		}
		if n := len(bands(evs(ds...))); n > maxBands {
			t.Fatalf("set %d: %d bands, more than %d", i, n, maxBands)
		}
		if len(c.labels) == 0 {
			t.Fatalf("set %d: a chart without a date on it", i)
		}
		for j, l := range c.labels {
			if l.x < 0 || l.x+l.w > c.width || l.y > c.height {
				t.Fatalf("set %d: label %q at %.1f..%.1f leaves the chart (0..%.0f)", i, l.s, l.x, l.x+l.w, c.width)
			}
			for _, m := range c.labels[:j] {
				if m.y == l.y && l.x < m.x+m.w && m.x < l.x+l.w {
					t.Fatalf("set %d: labels %q and %q overlap", i, m.s, l.s)
				}
			}
		}
	}
}

// TestTimelineGolden keeps the drawing of one entity's years, with its
// crowded September, as a file a person can open in a browser.
func TestTimelineGolden(t *testing.T) {
	ds := append([]string{"2014-10-20", "2016-07-27", "2018"}, append(repeat("2019-09-10", 12), append(repeat("2019-09-13", 3), days("2019-09-16", 5)...)...)...)
	got := drawTimeline(evs(ds...), "id").svg
	path := filepath.Join("testdata", "timeline.golden.svg")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got+"\n" != string(want) {
		t.Errorf("timeline drawing differs from %s (go test -update rewrites it after a deliberate change)", path)
	}
	for _, frag := range []string{">Okt 2014<", ">2018<", ">Sep 2019<", ">10<", `class="fold"`, "+5 peristiwa lagi"} {
		if !strings.Contains(got, frag) {
			t.Errorf("drawing lacks %q", frag)
		}
	}
}

// BenchmarkTimelineSVG draws a busy entity's timeline: 2,000 events over
// six years, most of them in one month.
func BenchmarkTimelineSVG(b *testing.B) {
	var ds []string
	for i := range 2000 {
		if i%4 == 0 {
			ds = append(ds, fmt.Sprintf("%d-%02d-%02d", 2014+i%6, 1+i%12, 1+i%28))
		} else {
			ds = append(ds, fmt.Sprintf("2019-09-%02d", 1+i%30))
		}
	}
	e := evs(ds...)
	b.ReportAllocs()
	for b.Loop() {
		timelineSVG(e, "id")
		groupByDate(e, "id")
	}
}
