package fetch

import (
	"errors"
	"testing"
)

func expectCanonical(t *testing.T, in, want string) {
	t.Helper()
	u, err := Canonical(in)
	if err != nil {
		t.Errorf("Canonical(%q): %v", in, err)
		return
	}
	if got := u.String(); got != want {
		t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
	}
	again, err := Canonical(want)
	if err != nil || again.String() != want {
		t.Errorf("Canonical(%q) is not stable: %v, %v", want, again, err)
	}
}

func TestCanonical(t *testing.T) {
	expectCanonical(t, "HTTPS://News.Detik.COM:443/berita/d-7890/judul-berita", "https://news.detik.com/berita/d-7890/judul-berita")
	expectCanonical(t, "http://contoh.id:80", "http://contoh.id/")
	expectCanonical(t, "http://contoh.id:8080/a#top", "http://contoh.id:8080/a")
	expectCanonical(t, "https://contoh.id./a/./b/../c", "https://contoh.id/a/c")
	// Tracking parameters go, others keep their order and spelling.
	expectCanonical(t, "https://contoh.id/a?utm_source=twitter&id=7&fbclid=XYZ&b=2&gclid=1&UTM_Medium=x",
		"https://contoh.id/a?id=7&b=2")
	expectCanonical(t, "https://contoh.id/a?utm_source=x", "https://contoh.id/a")
	expectCanonical(t, "https://contoh.id/cari?q=banjir+semarang&_ga=1", "https://contoh.id/cari?q=banjir+semarang")
	// AMP and mobile variants.
	expectCanonical(t, "https://m.detik.com/news/berita/d-1/judul", "https://detik.com/news/berita/d-1/judul")
	expectCanonical(t, "https://amp.kompas.com/nasional/read/2025/05/06/1/judul", "https://kompas.com/nasional/read/2025/05/06/1/judul")
	expectCanonical(t, "https://www.suara.com/amp/news/2025/05/06/judul-berita", "https://www.suara.com/news/2025/05/06/judul-berita")
	expectCanonical(t, "https://www.cnnindonesia.com/nasional/2025-123/judul-berita/amp", "https://www.cnnindonesia.com/nasional/2025-123/judul-berita")
	expectCanonical(t, "https://contoh.id/berita/judul-berita/amp/", "https://contoh.id/berita/judul-berita/")
	expectCanonical(t, "https://contoh.id/berita/judul?amp=1", "https://contoh.id/berita/judul")
	expectCanonical(t, "https://contoh.id/berita/judul?outputType=amp", "https://contoh.id/berita/judul")
	expectCanonical(t, "https://m.co/a", "https://m.co/a") // no site left after the prefix
	// Pages of a multi-page article lead to the first.
	expectCanonical(t, "https://news.okezone.com/read/2025/03/13/337/3134567/detik-detik-ott-kpk?page=2", "https://news.okezone.com/read/2025/03/13/337/3134567/detik-detik-ott-kpk")
	expectCanonical(t, "https://rm.id/baca-berita/internasional/254321/kami-ingin-perbatasan-jadi-halaman-depan/2", "https://rm.id/baca-berita/internasional/254321/kami-ingin-perbatasan-jadi-halaman-depan")
	// ... but a number after a short or slug-less segment is the article.
	expectCanonical(t, "https://contoh.id/berita/12", "https://contoh.id/berita/12")
	expectCanonical(t, "https://contoh.id/read/2025/05/06/337", "https://contoh.id/read/2025/05/06/337")
	expectCanonical(t, "https://contoh.id/judul-berita-panjang/0", "https://contoh.id/judul-berita-panjang/0")
	// Escaping is kept.
	expectCanonical(t, "https://contoh.id/a%2Fb/judul%20x", "https://contoh.id/a%2Fb/judul%20x")
	expectCanonical(t, "http://[::1]:80/x", "http://[::1]/x")
}

func TestCanonicalRefuses(t *testing.T) {
	for _, in := range []string{"", "/relative/path", "ftp://contoh.id/a", "javascript:alert(1)", "https://user:pw@contoh.id/",
		"mailto:redaksi@contoh.id", "https:///nohost", "http://contoh.id:99999/", "https://contoh.id:abc/"} {
		if _, err := Canonical(in); !errors.Is(err, ErrBadURL) {
			t.Errorf("Canonical(%q) err = %v, want ErrBadURL", in, err)
		}
	}
}

func TestKeyJoinsVariants(t *testing.T) {
	same := []string{
		"https://www.contoh.id/berita/judul-berita-hari-ini",
		"http://contoh.id/berita/judul-berita-hari-ini/",
		"https://m.contoh.id/berita/judul-berita-hari-ini?utm_source=fb",
		"https://amp.contoh.id/amp/berita/judul-berita-hari-ini",
		"https://contoh.id/berita/judul-berita-hari-ini/2",
		"https://contoh.id/berita/judul-berita-hari-ini?page=3#komentar",
		"https://CONTOH.id:443/berita/judul-berita-hari-ini?fbclid=1&amp=1",
	}
	want, err := Key(same[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range same[1:] {
		if got, _ := Key(s); got != want {
			t.Errorf("Key(%q) = %q, want %q", s, got, want)
		}
	}
	a, _ := Key("https://contoh.id/a?x=1&y=2")
	b, _ := Key("https://contoh.id/a?y=2&x=1")
	if a != b {
		t.Errorf("parameter order matters: %q vs %q", a, b)
	}
	if c, _ := Key("https://contoh.id/a?x=2&y=2"); c == a {
		t.Errorf("different parameters gave one key %q", c)
	}
}

func TestPageOf(t *testing.T) {
	for in, want := range map[string]int{
		"https://contoh.id/read/judul-berita?page=2":   2,
		"https://contoh.id/read/judul-berita/3":        3,
		"https://contoh.id/read/judul-berita":          1,
		"https://contoh.id/read/judul-berita?page=all": 1,
		"https://contoh.id/berita/12":                  1,
		"https://contoh.id/read/judul-berita/2?page=4": 4,
		"https://contoh.id/read/judul-berita?page=-1":  1,
		"https://contoh.id/read/judul-berita/999":      999,
		"https://contoh.id/read/judul-berita/1000":     1,
		"::not a url": 1,
		"https://contoh.id/read/judul-berita?page=0002": 2,
	} {
		if got := PageOf(in); got != want {
			t.Errorf("PageOf(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"https://m.contoh.id/amp/a/judul-berita/2?utm_source=x&page=2&id=1#f",
		"http://[::1]:80/x", "https://contoh.id/a%2Fb/../c", "HTTP://X.Y./?&&a=1&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Canonical(s)
		if err != nil {
			return
		}
		// Canonical is idempotent, and so is Key.
		again, err := Canonical(u.String())
		if err != nil {
			t.Fatalf("Canonical(%q) = %q, which it refuses: %v", s, u, err)
		}
		if again.String() != u.String() {
			t.Fatalf("Canonical not stable: %q -> %q -> %q", s, u, again)
		}
		k1, err1 := Key(s)
		k2, err2 := Key(k1)
		if err1 != nil || err2 != nil || k1 != k2 {
			t.Fatalf("Key not stable: %q -> %q (%v) -> %q (%v)", s, k1, err1, k2, err2)
		}
	})
}
