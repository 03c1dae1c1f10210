package fetch

import (
	"net/netip"
	"testing"
	"time"
)

const sampleRobots = `# contoh.id
User-agent: *
Disallow: /cari
Disallow: /*?print=
Allow: /cari/bantuan$
Crawl-delay: 2

User-agent: Warta
User-agent: otherbot
Disallow: /private/
Allow: /private/open
Disallow: /*.pdf$
Crawl-delay: 0.5

Sitemap: https://contoh.id/sitemap.xml
sitemap: https://contoh.id/news-sitemap.xml
`

func TestRobotsGroups(t *testing.T) {
	r := ParseRobots([]byte(sampleRobots), "warta")
	for path, want := range map[string]bool{
		"/":                      true,
		"/cari?q=x":              true, // only the * group says so, and warta has its own group
		"/private/x":             false,
		"/private/open/x":        true, // longer allow wins
		"/berkas/laporan.pdf":    false,
		"/berkas/laporan.pdf?x=": true, // $ anchors
		"/robots.txt":            true,
	} {
		if got := r.Allowed(path); got != want {
			t.Errorf("warta Allowed(%q) = %v, want %v", path, got, want)
		}
	}
	if r.CrawlDelay != 500*time.Millisecond {
		t.Errorf("CrawlDelay = %v, want 0.5s", r.CrawlDelay)
	}
	if len(r.Sitemaps) != 2 || r.Sitemaps[1] != "https://contoh.id/news-sitemap.xml" {
		t.Errorf("Sitemaps = %v", r.Sitemaps)
	}
	other := ParseRobots([]byte(sampleRobots), "somebot")
	for path, want := range map[string]bool{
		"/cari":            false,
		"/cari/bantuan":    true,
		"/cari/bantuan/x":  false,
		"/a?print=1":       false,
		"/private/x":       true,
		"/berita/judul-12": true,
	} {
		if got := other.Allowed(path); got != want {
			t.Errorf("somebot Allowed(%q) = %v, want %v", path, got, want)
		}
	}
	if other.CrawlDelay != 2*time.Second {
		t.Errorf("somebot CrawlDelay = %v", other.CrawlDelay)
	}
}

func TestRobotsOddFiles(t *testing.T) {
	tests := []struct {
		name, file, path string
		want             bool
	}{
		{"empty", "", "/x", true},
		{"disallow all", "User-agent: *\nDisallow: /\n", "/x", false},
		{"empty disallow allows", "User-agent: *\nDisallow:\n", "/x", true},
		{"rules before any agent are ignored", "Disallow: /\nUser-agent: *\nAllow: /\n", "/x", true},
		{"CR line ends", "User-agent: *\rDisallow: /x\r", "/x/y", false},
		{"comments and case", "USER-AGENT: * # all\nDISALLOW: /x # no\n", "/x", false},
		{"garbage", "\x00\xff<html>not robots</html>\n::::\n", "/x", true},
		{"tie goes to allow", "User-agent: *\nDisallow: /x\nAllow: /x\n", "/x", true},
		{"wildcard middle", "User-agent: *\nDisallow: /a*b*c\n", "/a1b2c3", false},
		{"wildcard miss", "User-agent: *\nDisallow: /a*b*c\n", "/a1c2b", true},
		{"anchored wildcard", "User-agent: *\nDisallow: /*.php$\n", "/index.php", false},
		{"huge crawl delay capped", "User-agent: *\nCrawl-delay: 99999\n", "/x", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ParseRobots([]byte(tc.file), "warta")
			if got := r.Allowed(tc.path); got != tc.want {
				t.Fatalf("Allowed(%q) = %v, want %v", tc.path, got, tc.want)
			}
			if r.CrawlDelay > maxCrawlDelay {
				t.Fatalf("CrawlDelay %v over the cap", r.CrawlDelay)
			}
		})
	}
}

func FuzzRobots(f *testing.F) {
	f.Add([]byte(sampleRobots), "/private/x")
	f.Add([]byte("User-agent: *\nDisallow: /*$\n"), "/")
	f.Fuzz(func(t *testing.T, file []byte, path string) {
		r := ParseRobots(file, "warta")
		r.Allowed(path)
		if !r.Allowed("/robots.txt") {
			t.Fatal("robots.txt itself disallowed")
		}
		if r.CrawlDelay < 0 || r.CrawlDelay > maxCrawlDelay {
			t.Fatalf("CrawlDelay %v", r.CrawlDelay)
		}
	})
}

func TestPublic(t *testing.T) {
	for s, want := range map[string]bool{
		"8.8.8.8": true, "203.0.114.1": true, "2606:4700::1111": true,
		"127.0.0.1": false, "127.8.9.10": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false,
		"192.168.1.1": false, "169.254.169.254": false, "fe80::1": false, "fd00:ec2::254": false,
		"100.100.100.200": false, "0.0.0.0": false, "::": false, "::ffff:127.0.0.1": false,
		"::ffff:10.0.0.1": false, "224.0.0.1": false, "255.255.255.255": false, "192.0.2.10": false,
		"64:ff9b::a00:1": false, "2002:a00:1::": false,
	} {
		if got := Public(netip.MustParseAddr(s)); got != want {
			t.Errorf("Public(%s) = %v, want %v", s, got, want)
		}
	}
}
