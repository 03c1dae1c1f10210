// Package crawltest serves made-up Indonesian news sites from one local
// HTTP server, for the crawler's tests and benchmarks: many host names
// (site00.test, site01.test, ...) that a fetch.Options.Resolve maps to the
// one server, each with a feed and article pages. The text is generated,
// unless the caller hands in real pages (warta bench fetch serves the news
// corpus from ../shared when it is there).
package crawltest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Sites is a server holding Hosts sites of Articles articles each.
type Sites struct {
	Server   *httptest.Server
	Hosts    int
	Articles int
	// Latency, when set, delays every response (a distant server).
	Latency time.Duration
	// Pages, when set, are served instead of generated text: article n of
	// site i is Pages[(i*Articles+n) % len(Pages)]. Set before serving.
	Pages []Page

	port     string
	requests atomic.Int64
	bytes    atomic.Int64
}

// Page is an article's title and paragraphs.
type Page struct {
	Title      string
	Paragraphs []string
}

// New starts the server.
func New(hosts, articles int) *Sites {
	s := &Sites{Hosts: hosts, Articles: articles}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	_, s.port, _ = net.SplitHostPort(s.Server.Listener.Addr().String())
	return s
}

// Close stops the server.
func (s *Sites) Close() { s.Server.Close() }

// Requests is how many requests the server has answered.
func (s *Sites) Requests() int64 { return s.requests.Load() }

// Bytes is how many body bytes the server has sent.
func (s *Sites) Bytes() int64 { return s.bytes.Load() }

// Host is the name of site i.
func (s *Sites) Host(i int) string { return fmt.Sprintf("site%02d.test", i) }

// FeedURL is the feed of site i.
func (s *Sites) FeedURL(i int) string { return "http://" + s.Host(i) + ":" + s.port + "/rss.xml" }

// Resolve maps every *.test host to the server (for fetch.Options.Resolve).
func (s *Sites) Resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if !strings.HasSuffix(host, ".test") {
		return nil, errors.New("unknown host " + host)
	}
	return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
}

func (s *Sites) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if s.Latency > 0 {
		time.Sleep(s.Latency)
	}
	host, _, _ := net.SplitHostPort(r.Host)
	var site int
	if _, err := fmt.Sscanf(host, "site%d.test", &site); err != nil || site >= s.Hosts {
		http.NotFound(w, r)
		return
	}
	var body string
	switch {
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		body = "User-agent: *\nDisallow: /cari\n"
	case r.URL.Path == "/rss.xml":
		etag := fmt.Sprintf(`"%d-%d"`, site, s.Articles)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		body = s.feed(site, host)
	case strings.HasPrefix(r.URL.Path, "/berita/"):
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/berita/"))
		if err != nil || n < 0 || n >= s.Articles {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		body = s.article(site, n)
	default:
		http.NotFound(w, r)
		return
	}
	s.bytes.Add(int64(len(body)))
	fmt.Fprint(w, body)
}

func (s *Sites) feed(site int, host string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Situs %02d</title><link>http://%s:%s/</link>\n", site, host, s.port)
	start := time.Date(2025, 5, 6, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	for n := s.Articles - 1; n >= 0; n-- {
		at := start.Add(time.Duration(n) * time.Minute)
		fmt.Fprintf(&b, "<item><title>%s</title><link>http://%s:%s/berita/%d?utm_source=rss</link><pubDate>%s</pubDate><author>redaksi@%s (%s)</author></item>\n",
			html.EscapeString(s.title(site, n)), host, s.port, n, at.Format("Mon, 02 Jan 2006 15:04:05 -0700"), host, reporters[(site+n)%len(reporters)])
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

var (
	subjects  = []string{"Gubernur", "Menteri Keuangan", "Kapolda", "Bupati", "Ketua DPRD", "Wali Kota", "Kepala BPBD", "Direktur Utama"}
	verbs     = []string{"meresmikan", "meninjau", "membahas", "menolak", "mendukung", "mengumumkan", "menyelidiki", "memantau"}
	objects   = []string{"jembatan baru", "anggaran daerah", "banjir di pesisir", "harga beras", "proyek jalan tol", "vaksinasi anak", "pasar tradisional", "kebakaran hutan"}
	places    = []string{"Semarang", "Medan", "Makassar", "Palembang", "Bandung", "Denpasar", "Pontianak", "Jayapura"}
	reporters = []string{"Riana Putri", "Budi Santoso", "Siti Rahma", "Agus Wijaya", "Dewi Lestari"}
)

// sentences take a subject, a verb, an object, a place and a number.
var sentences = []string{
	"%s %s %s di %s, yang melibatkan %d warga setempat.",
	"Menurut %s, rencana untuk %s %s di %s sudah dibahas bersama %d perwakilan masyarakat.",
	"\"Kami akan terus %[2]s %[3]s agar warga %[4]s merasakan manfaatnya,\" kata %[1]s di hadapan %[5]d wartawan.",
	"%s menilai langkah %s %s di %s perlu diawasi, terutama karena anggarannya mencapai Rp %d miliar.",
	"Sebelumnya, %s juga %s %s di %s dan melibatkan sekitar %d petugas.",
}

func (s *Sites) title(site, n int) string {
	if len(s.Pages) > 0 {
		return s.Pages[(site*s.Articles+n)%len(s.Pages)].Title
	}
	return title(site, n)
}

func (s *Sites) article(site, n int) string {
	if len(s.Pages) == 0 {
		return Article(site, n)
	}
	p := s.Pages[(site*s.Articles+n)%len(s.Pages)]
	var b strings.Builder
	t := html.EscapeString(p.Title)
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>%s - Situs %02d</title></head><body>
<nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a> <a href="/daerah">Daerah</a> <a href="/cari">Cari</a></nav>
<article><h1>%s</h1><div class="byline">%s - Situs %02d</div><div class="isi">
`, t, site, t, reporters[(site+n)%len(reporters)], site)
	for _, para := range p.Paragraphs {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(para))
	}
	b.WriteString(`</div></article>
<aside><h3>Terpopuler</h3><ul><li><a href="/berita/1">Berita populer pertama</a></li><li><a href="/berita/2">Berita populer kedua</a></li></ul></aside>
<footer><p>Hak cipta Situs contoh. Seluruh isi dibuat untuk pengujian.</p></footer></body></html>
`)
	return b.String()
}

func title(site, n int) string {
	return fmt.Sprintf("%s %s %s %s", subjects[(site+n)%len(subjects)], places[(n/3+site)%len(places)],
		verbs[(n*7+site)%len(verbs)], objects[(n*5+site*3)%len(objects)])
}

// Article returns the page of article n of site i: a headline, a byline,
// a dateline and eight paragraphs inside a typical news template.
func Article(site, n int) string {
	var b strings.Builder
	t := title(site, n)
	place := places[(n/3+site)%len(places)]
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>%s - Situs %02d</title>
<meta property="article:published_time" content="2025-05-06T%02d:%02d:00+07:00"></head><body>
<nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a> <a href="/daerah">Daerah</a> <a href="/cari">Cari</a></nav>
<article><h1>%s</h1><div class="byline">%s - Situs %02d</div><div class="isi">
`, t, site, (n/60)%24, n%60, t, reporters[(site+n)%len(reporters)], site)
	for p := range 8 {
		b.WriteString("<p>")
		if p == 0 {
			fmt.Fprintf(&b, "%s, Situs%02d - %s %s di %s pada Selasa (6/5/2025). ", strings.ToUpper(place), site, t, "bersama warga", place)
		}
		for s := range 3 {
			k := n*31 + p*7 + s + site
			fmt.Fprintf(&b, sentences[k%len(sentences)], subjects[k%len(subjects)], verbs[(k/2)%len(verbs)], objects[(k/3)%len(objects)],
				places[(k/5)%len(places)], 10+k%90)
			b.WriteByte(' ')
		}
		b.WriteString("</p>\n")
	}
	b.WriteString(`</div></article>
<aside><h3>Terpopuler</h3><ul><li><a href="/berita/1">Berita populer pertama</a></li><li><a href="/berita/2">Berita populer kedua</a></li></ul></aside>
<footer><p>Hak cipta Situs contoh. Seluruh isi dibuat untuk pengujian.</p></footer></body></html>
`)
	return b.String()
}
