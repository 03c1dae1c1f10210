package extract

import "testing"

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
