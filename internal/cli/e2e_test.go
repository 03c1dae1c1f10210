package cli

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser for the end-to-end test: $WARTA_CHROMIUM, or
// Debian's chromium on the PATH (.ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("WARTA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium found (apt-get install chromium, or set WARTA_CHROMIUM): skipping the browser test")
	return ""
}

// TestBrowser starts `warta serve` on a temporary store loaded with the
// example pages and two reports of our own that call a person by his
// nickname (testdata/browser), and drives the pages in headless Chromium
// the way a reader would: search → article → event → entity, the timeline
// between two ministers; then, at 1280 and at 390 px, home → the latest
// event → its story → a person by nickname → his timeline → his quotes.
// On every page of that walk it checks what a person would: a title, no
// element wider than the window, no chart label outside the chart or on
// another, and on a phone the dated list instead of the chart. With
// WARTA_SCREENSHOTS=DIR it saves what it saw there (the screenshots in
// docs/screenshots come from this test).
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dir := t.TempDir()
	if _, stderr, err := run(t, dir, "", "ingest", filepath.Join("testdata", "browser")); err != nil {
		t.Fatalf("ingest testdata/browser: %v\n%s", err, stderr)
	}
	m := NewMain()
	m.Stdout, m.Stderr, m.Getenv = io.Discard, io.Discard, func(string) string { return "" }
	base, _ := startServe(t, m, 90*time.Second, "--data-dir", dir, "--ingest", examplePages(t), "--no-fetch")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1200, 900))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	bctx, tcancel := context.WithTimeout(bctx, 180*time.Second)
	defer tcancel()

	shots := os.Getenv("WARTA_SCREENSHOTS")
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if shots != "" {
			buf, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("%s: screenshot: %v", what, err)
			}
			if err := os.WriteFile(filepath.Join(shots, what+".png"), buf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	count := func(css string) int {
		t.Helper()
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(css)+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", css, err)
		}
		return n
	}
	text := func(css string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(css)))
		if err != nil {
			t.Fatalf("text of %s: %v", css, err)
		}
		return s
	}

	do("search", chromedp.Navigate(base+"/?q=Wang+Yi"), chromedp.WaitVisible(chromedp.CSS(`ol.hits`)))
	// The reports of one event are listed once, the others folded under
	// it ("3 outlets — see all").
	if n := count(".hit") + count(".hit ul.folded li"); n < 3 || count(".hit a.coverage") == 0 {
		t.Fatalf("search for Wang Yi: %d hits and folded reports, %d coverage links; want the three outlets' reports, grouped",
			n, count(".hit a.coverage"))
	}
	do("article", chromedp.Click(chromedp.CSS(`.hit a.title`)), chromedp.WaitVisible(chromedp.CSS(`article.article h1`)))
	if title := text(`article.article h1`); !strings.Contains(title, "Tiongkok") && !strings.Contains(title, "China") && !strings.Contains(title, "Wang Yi") {
		t.Fatalf("article title %q is not about the Wang Yi visit", title)
	}
	do("event", chromedp.Click(chromedp.CSS(`section.events a`)), chromedp.WaitVisible(chromedp.CSS(`.reports`)))
	url, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if n := count(".report"); n < 3 || !strings.Contains(url, "/events/") {
		t.Fatalf("event page %s shows %d reports, want the three outlets side by side", url, n)
	}
	do("entity", chromedp.Click(chromedp.CSS(`article.event h1 a`)), chromedp.WaitVisible(chromedp.CSS(`article.entity h1`)))
	if text(`article.entity h1`) == "" {
		t.Fatal("entity page has no name")
	}
	do("timeline", chromedp.Navigate(base+"/timeline?entity=Sugiono&with=Wang+Yi"), chromedp.WaitVisible(chromedp.CSS(`svg.timeline`)))
	href, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('svg.timeline a').getAttribute('href')`))
	if err != nil || count("svg.timeline a") == 0 || !strings.HasPrefix(href, "/events/") {
		t.Fatalf("timeline: first point links to %q (%v)", href, err)
	}
	// Readable on a phone: the event page at a phone's width.
	do("event-phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+href), chromedp.WaitVisible(chromedp.CSS(`.reports`)))
	overflow, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil || overflow {
		t.Fatalf("the event page scrolls sideways on a phone (%v)", err)
	}
	// What a person checks on every page of the walk.
	location := func() string {
		t.Helper()
		u, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("evaluate: %v", err)
		}
		return s
	}
	check := func(page string, width int, wantChart bool) {
		t.Helper()
		// Layout read before the stylesheet has loaded is the unstyled
		// one (seen once under load: the phone's chart not yet hidden).
		for i := 0; eval(`document.readyState`) != "complete"; i++ {
			if i == 100 {
				t.Fatalf("%s at %d px: the page did not finish loading", page, width)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if h1 := strings.TrimSpace(eval(`(document.querySelector('main h1') || {}).textContent || ''`)); h1 == "" {
			t.Errorf("%s at %d px: no title", page, width)
		}
		if wide := eval(wideElements); wide != "" {
			t.Errorf("%s at %d px: wider than the window: %s", page, width, wide)
		}
		if bad := eval(chartLabels); bad != "" {
			t.Errorf("%s at %d px: %s", page, width, bad)
		}
		charts := count("svg.timeline")
		shown, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`[...document.querySelectorAll('svg.timeline')].filter(s => s.getBoundingClientRect().width > 0).length`))
		list, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`[...document.querySelectorAll('ol.tl')].filter(s => s.getBoundingClientRect().height > 0).length`))
		switch {
		case !wantChart:
		case charts == 0:
			t.Errorf("%s at %d px: no timeline chart", page, width)
		case width >= 1000 && shown == 0:
			t.Errorf("%s at %d px: the chart is hidden on a wide screen", page, width)
		case width < 700 && (shown != 0 || list == 0):
			t.Errorf("%s at %d px: %d charts shown, %d dated lists; a phone gets the list", page, width, shown, list)
		}
	}
	for _, width := range []int{1280, 390} {
		w := strconv.Itoa(width)
		do("home-"+w, chromedp.EmulateViewport(int64(width), 900), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`ol.latest`)))
		// The newest reports are the two of Jokowi's visit, told as one
		// event by two outlets.
		if first := text(`.latest-event a.title`); !strings.Contains(first, "Jokowi") {
			t.Errorf("latest event %q, want the newest reports' (Jokowi at the palace)", first)
		}
		if meta := text(`.latest-event .meta`); !strings.Contains(meta, "Tempo.co") || !strings.Contains(meta, "detikcom") || !strings.Contains(meta, "2 laporan") {
			t.Errorf("latest event's outlets and reports: %q", meta)
		}
		check("home", width, false)

		do("latest-event-"+w, chromedp.Click(chromedp.CSS(`.latest-event a.title`)), chromedp.WaitVisible(chromedp.CSS(`.reports`)))
		if !strings.Contains(location(), "/events/") || count(".report") != 2 {
			t.Errorf("latest event page %s: %d reports, want 2", location(), count(".report"))
		}
		check("event", width, false)

		do("story-"+w, chromedp.Click(chromedp.CSS(`a.story-link`)), chromedp.WaitVisible(chromedp.CSS(`article.story h1`)))
		title := text(`article.story h1`)
		if title == "" || regexp.MustCompile(`^[A-Z]+ \d{4}-`).MatchString(title) || count("ol.tl li.ev") < 2 {
			t.Errorf("story %q with %d events listed, want a headline and its events", title, count("ol.tl li.ev"))
		}
		if tag := text(`ol.tl li.ev .tag`); tag == "" || strings.Contains(text(`ol.tl li.ev a`), tag) {
			t.Errorf("story events are listed by type code, not by what happened")
		}
		check("story", width, true)

		// A person by the name readers use for him.
		do("entity-"+w, chromedp.Navigate(base+"/entities/jokowi"), chromedp.WaitVisible(chromedp.CSS(`article.entity h1`)))
		if name := text(`article.entity h1`); name != "Joko Widodo" || !strings.HasSuffix(location(), "/entities/per:joko-widodo") {
			t.Errorf("/entities/jokowi shows %q at %s, want Joko Widodo", name, location())
		}
		check("entity", width, true)

		do("timeline-"+w, chromedp.Click(chromedp.CSS(`a.all-events`)), chromedp.WaitVisible(chromedp.CSS(`ol.tl`)))
		if h := text(`main h1`); !strings.Contains(h, "Joko Widodo") || count("ol.tl li.ev") < 2 {
			t.Errorf("timeline %q with %d events, want Joko Widodo's", h, count("ol.tl li.ev"))
		}
		check("timeline", width, true)

		do("quotes-"+w, chromedp.Click(chromedp.CSS(`a.entity-quotes`)), chromedp.WaitVisible(chromedp.CSS(`ul.quotes li`)))
		if n := count("ul.quotes li"); n < 2 || !strings.Contains(text(`ul.quotes li`), "Joko Widodo") {
			t.Errorf("quotes of Joko Widodo: %d, first %q", n, text(`ul.quotes li`))
		}
		check("quotes", width, false)
	}
}

// wideElements lists (up to five) elements that reach past the window's
// edges, and says so when the page scrolls sideways; "" when none does.
const wideElements = `(() => {
  const w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > w + 1) out.push('the page scrolls sideways (' + document.documentElement.scrollWidth + ' px)');
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > w + 1 || r.left < -1)) out.push(e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  return out.slice(0, 5).join('; ');
})()`

// chartLabels lists labels of the visible timeline charts that leave the
// chart's box or overlap another label, as the browser draws them.
const chartLabels = `(() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.timeline')) {
    if (svg.getBoundingClientRect().width === 0) continue;
    const vb = svg.viewBox.baseVal, ts = [...svg.querySelectorAll('text')], bs = ts.map(t => t.getBBox());
    bs.forEach((b, i) => {
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5)
        out.push('label "' + ts[i].textContent + '" leaves the chart');
      for (let j = 0; j < i; j++) {
        const c = bs[j];
        if (b.x < c.x + c.width && c.x < b.x + b.width && b.y < c.y + c.height && c.y < b.y + b.height)
          out.push('labels "' + ts[j].textContent + '" and "' + ts[i].textContent + '" overlap');
      }
    });
  }
  return out.slice(0, 5).join('; ');
})()`
