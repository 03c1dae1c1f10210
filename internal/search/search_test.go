package search

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

// fakeStem strips a few affixes so the tests show that stemming is applied
// the same way on both sides; the real stemmer has its own tests.
func fakeStem(w string) string {
	for _, p := range []string{"mengunjungi", "berkunjung", "kunjungan"} {
		if w == p {
			return "kunjung"
		}
	}
	return w
}

func TestParse(t *testing.T) {
	s := &Searcher{Stem: fakeStem}
	wib := time.FixedZone("WIB", 7*3600)
	tests := []struct {
		name string
		q    string
		want warta.SearchQuery
	}{
		{"words are ANDed and stemmed", "berkunjung Menlu", warta.SearchQuery{Terms: [][]string{{"kunjung"}, {"menlu"}}}},
		{"stopwords dropped", "kunjungan ke Jakarta", warta.SearchQuery{Terms: [][]string{{"kunjung"}, {"jakarta"}}}},
		{"phrase", `"luar negeri" rusia`, warta.SearchQuery{Phrases: [][]string{{"luar", "negeri"}}, Terms: [][]string{{"rusia"}}}},
		{"unclosed phrase runs to end", `"luar negeri`, warta.SearchQuery{Phrases: [][]string{{"luar", "negeri"}}}},
		{"OR joins alternatives", "banjir OR longsor semarang", warta.SearchQuery{Terms: [][]string{{"banjir", "longsor"}, {"semarang"}}}},
		{"leading OR ignored", "OR banjir", warta.SearchQuery{Terms: [][]string{{"banjir"}}}},
		{"negation", "banjir -jakarta", warta.SearchQuery{Terms: [][]string{{"banjir"}}, Not: []string{"jakarta"}}},
		{"hyphenated word is a phrase", "anti-virus", warta.SearchQuery{Phrases: [][]string{{"anti", "virus"}}}},
		{"filters", "outlet:Suara.com lang:ID from:2021-07-01 to:2021-07-31 retno", warta.SearchQuery{
			Terms: [][]string{{"retno"}}, Outlet: "Suara.com", Language: "id",
			From: time.Date(2021, 7, 1, 0, 0, 0, 0, wib), To: time.Date(2021, 8, 1, 0, 0, 0, 0, wib)}},
		{"FTS syntax is just words", `NEAR(a b) title:x *`, warta.SearchQuery{Terms: [][]string{{"near"}, {"b"}}, Phrases: [][]string{{"title", "x"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Parse(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if !got.From.Equal(tc.want.From) || !got.To.Equal(tc.want.To) {
				t.Fatalf("From/To = %v/%v, want %v/%v", got.From, got.To, tc.want.From, tc.want.To)
			}
			got.From, got.To, tc.want.From, tc.want.To = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Parse(%q) = %+v, want %+v", tc.q, got, tc.want)
			}
		})
	}
}

func TestParseBadFilter(t *testing.T) {
	s := &Searcher{}
	if _, err := s.Parse("from:kemarin"); warta.ErrorCode(err) != warta.EINVALID {
		t.Fatalf("code = %q, want invalid", warta.ErrorCode(err))
	}
}

func TestIndexText(t *testing.T) {
	s := &Searcher{Stem: fakeStem}
	a := &warta.Article{Kicker: "Wawancara", Title: "Lavrov berkunjung ke Jakarta",
		Paragraphs: []string{"Menlu Rusia mengunjungi Jakarta.", "Kunjungan itu (6/7) penting."}}
	title, body := s.IndexText(a)
	if title != "wawancara lavrov kunjung jakarta" {
		t.Fatalf("title = %q", title)
	}
	if body != "menlu rusia kunjung jakarta kunjung 6 7 penting" {
		t.Fatalf("body = %q", body)
	}
}

func TestSnippet(t *testing.T) {
	s := &Searcher{Stem: fakeStem}
	a := &warta.Article{Paragraphs: []string{
		"Paragraf pertama tidak relevan.",
		"Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh, Menlu <b>Rusia</b> berkunjung ke Jakarta untuk kunjungan resmi selama dua hari.",
	}}
	q, _ := s.Parse("kunjungan")
	got := s.Snippet(a, q, 12)
	if !strings.Contains(got, "<mark>berkunjung</mark>") || !strings.Contains(got, "&lt;b&gt;Rusia&lt;/b&gt;") {
		t.Fatalf("Snippet = %q: want stem-matched highlight and escaped HTML", got)
	}
	if !strings.HasPrefix(got, "…") || strings.Contains(got, "Satu") {
		t.Fatalf("Snippet = %q: want it to start near the match", got)
	}
	if got := s.Snippet(a, warta.SearchQuery{}, 3); got != "Paragraf pertama tidak…" {
		t.Fatalf("no-match Snippet = %q", got)
	}
}

func TestLexemes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Kunjungan kerja", "kunjungan kerja"},
		{"covid-19 G20", "covid 19 g20"},
		{"Café Déjà", "cafe deja"},
		{`a" OR "b`, "a or b"},
		{`"`, ""},
		{"", ""},
	} {
		if got := strings.Join(Lexemes(tc.in), " "); got != tc.want {
			t.Errorf("Lexemes(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestParseLimits: a repeated word is searched once; a query over a limit
// is EINVALID (a 400) naming the limit, never a 500 from the index.
func TestParseLimits(t *testing.T) {
	s := &Searcher{Stem: fakeStem}
	many := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%skata%d ", prefix, i)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, q   string
		wantTerms int
		wantErr   string
	}{
		{"one word 500 times", strings.Repeat("banjir ", 500), 1, ""},
		{"32 words", many("", 32), 32, ""},
		{"33 words", many("", 33), 0, "MaxTerms"},
		{"16 exclusions", "banjir " + many("-", 16), 1, ""},
		{"256 exclusions", "banjir " + many("-", 256), 0, "MaxExclusions"},
		{"exclusion repeated", "banjir " + strings.Repeat("-jakarta ", 400), 1, ""},
		{"long phrase", `"` + many("", 17) + `"`, 0, "MaxPhraseWords"},
		{"5 KB query", strings.Repeat("a", 5000), 0, "MaxQueryBytes"},
	} {
		q, err := s.Parse(tc.q)
		if tc.wantErr != "" {
			if warta.ErrorCode(err) != warta.EINVALID || !strings.Contains(warta.ErrorMessage(err), tc.wantErr) {
				t.Errorf("%s: %v, want EINVALID naming %s", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil || len(q.Terms) != tc.wantTerms {
			t.Errorf("%s: %d terms, %v; want %d", tc.name, len(q.Terms), err, tc.wantTerms)
		}
	}
}
