package extract

import (
	"strings"
	"testing"
)

func TestSplitJoints(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Satu dua.,Tiga empat.", "Satu dua.\nTiga empat."},
		{"Ia berkata.,,\"Kami siap,\" ujarnya.", "Ia berkata.\n\"Kami siap,\" ujarnya."},
		{"Harga naik, Rp 2.000, kata dia.", "Harga naik, Rp 2.000, kata dia."},
		{"Kata \"satu\", Dua", "Kata \"satu\"\nDua"},
		{"selesai. , ,Berikutnya", "selesai.\nBerikutnya"},
		{"akhir.,", "akhir.,"},
	} {
		if got := splitJoints(tc.in); got != tc.want {
			t.Errorf("splitJoints(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBylineNames(t *testing.T) {
	for _, tc := range []struct {
		line, outlet string
		want         []string
	}{
		{"Hendro Wibisono - detikNews", "detikcom", []string{"Hendro Wibisono"}},
		{"Antara | Tika Maharani", "Suara.com", []string{"Tika Maharani"}},
		{"Arif Budiman | Intan Permatasari", "Suara.com", []string{"Arif Budiman", "Intan Permatasari"}},
		// Headlines with a dash or a bar are no bylines.
		{"Jokowi ke Cianjur - Serahkan Bantuan", "detikcom", nil},
		{"Gempa M 5,6 | Cianjur", "Suara.com", nil},
		{"Retno Temui Lavrov di New York, Bahas G20 dan Perang Ukraina", "Kompas.com", nil},
	} {
		got, ok := bylineNames(tc.line, tc.outlet)
		if ok != (tc.want != nil) || strings.Join(got, ";") != strings.Join(tc.want, ";") {
			t.Errorf("bylineNames(%q) = %q, %v; want %q", tc.line, got, ok, tc.want)
		}
	}
}
