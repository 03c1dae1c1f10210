package sanitize

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	p := New()
	tests := []struct {
		name, in   string
		mustNot    []string
		mustAlsoBe string
	}{
		{"script removed", `<p>Berita<script>alert(1)</script></p>`, []string{"<script", "alert(1)"}, "<p>Berita</p>"},
		{"event handler removed", `<p onclick="alert(1)">x</p>`, []string{"onclick"}, "<p>x</p>"},
		{"javascript link removed", `<a href="javascript:alert(1)">klik</a>`, []string{"javascript:"}, "klik"},
		{"data link removed", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, []string{"data:", "<script"}, "x"},
		{"style removed", `<p style="background:url(javascript:alert(1))">x</p>`, []string{"style", "javascript"}, "<p>x</p>"},
		{"iframe removed", `<iframe src="https://evil.example"></iframe>ok`, []string{"iframe"}, "ok"},
		{"svg onload removed", `<svg onload=alert(1)><circle/></svg>ok`, []string{"svg", "onload"}, "ok"},
		{"image dropped", `<img src=x onerror=alert(1)>ok`, []string{"<img", "onerror"}, "ok"},
		{"http link kept with nofollow", `<a href="https://contoh.com/a">a</a>`, nil, `<a href="https://contoh.com/a" rel="nofollow noreferrer">a</a>`},
		{"entities stay escaped", `<p>&lt;script&gt;</p>`, []string{"<script"}, "<p>&lt;script&gt;</p>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(p.HTML(tc.in))
			for _, bad := range tc.mustNot {
				if strings.Contains(strings.ToLower(got), strings.ToLower(bad)) {
					t.Fatalf("HTML(%q) = %q still contains %q", tc.in, got, bad)
				}
			}
			if got != tc.mustAlsoBe {
				t.Fatalf("HTML(%q) = %q, want %q", tc.in, got, tc.mustAlsoBe)
			}
		})
	}
}
