package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
// example pages and drives the pages in headless Chromium the way a reader
// would: search → article → event → entity, then the timeline between two
// ministers. With WARTA_SCREENSHOTS=DIR it saves what it saw there (the
// screenshots in docs/screenshots come from this test).
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base, _ := serveExamples(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1200, 900))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	bctx, tcancel := context.WithTimeout(bctx, 90*time.Second)
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
}
