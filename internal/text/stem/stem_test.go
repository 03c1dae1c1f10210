package stem

import (
	"fmt"
	"testing"

	sastrawi "github.com/RadhiFadlillah/go-sastrawi"
)

func TestStem(t *testing.T) {
	s := New()
	tests := []struct{ name, word, want string }{
		{"root unchanged", "kunjung", "kunjung"},
		{"ber- prefix", "berkunjung", "kunjung"},
		{"-an suffix", "kunjungan", "kunjung"},
		{"meng- with k recoding and -i", "mengunjungi", "kunjung"},
		{"di- with -i", "dikunjungi", "kunjung"},
		{"per-...-an confix", "perkunjungan", "kunjung"},
		{"meng- with k recoding", "mengenal", "kenal"},
		{"meny- with s recoding", "menyapu", "sapu"},
		{"memper- double prefix", "memperkuat", "kuat"},
		{"men- with t recoding and -i", "menandatangani", "tandatangan"},
		{"per-...-an on temu", "pertemuan", "temu"},
		{"ber- on temu", "bertemu", "temu"},
		{"di-...-kan", "dipertanyakan", "tanya"},
		{"ke-...-an", "kebersamaan", "sama"},
		{"peny-...-an", "penyelenggaraan", "selenggara"},
		{"pe-...-an with m", "pengumuman", "umum"},
		{"mem- with p recoding", "memakai", "pakai"},
		{"mem- before b", "membeli", "beli"},
		{"men- before d", "mendukung", "dukung"},
		{"men- before c", "mencari", "cari"},
		{"meng- before g", "menggambar", "gambar"},
		{"me- before l", "melihat", "lihat"},
		{"ter- prefix", "tertangkap", "tangkap"},
		{"di- prefix", "ditangkap", "tangkap"},
		{"pe- agent", "penangkapan", "tangkap"},
		{"particle -lah", "datanglah", "datang"},
		{"possessive -nya", "rumahnya", "rumah"},
		{"-kan suffix", "sampaikan", "sampai"},
		{"me-...-kan", "menyampaikan", "sampai"},
		{"reduplication", "negara-negara", "negara"},
		{"pel- before ajar", "pelajaran", "ajar"},
		{"bel- before ajar", "belajar", "ajar"},
		{"ber- before r root", "berunding", "runding"},
		{"menge- single syllable", "mengecat", "cat"},
		{"root that looks prefixed stays", "ketua", "ketua"},
		{"menyumbangkan", "menyumbangkan", "sumbang"},
		{"bantuan", "bantuan", "bantu"},
		{"membahas", "membahas", "bahas"},
		{"kerja sama part", "bekerja", "kerja"},
		{"pemerintah is protected", "pemerintah", "pemerintah"},
		{"acronym pemilu kept", "pemilu", "pemilu"},
		{"acronym pilkada kept", "pilkada", "pilkada"},
		{"acronym menlu kept", "menlu", "menlu"},
		{"acronym kemenlu kept", "kemenlu", "kemenlu"},
		{"acronym kemlu kept", "kemlu", "kemlu"},
		{"acronym bpom kept", "bpom", "bpom"},
		{"unknown word kept", "sputnik", "sputnik"},
		{"short word kept", "di", "di"},
		{"name kept", "lavrov", "lavrov"},
		{"pandemi not cut to pandem", "pandemi", "pandemi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.Stem(tc.word); got != tc.want {
				t.Fatalf("Stem(%q) = %q, want %q", tc.word, got, tc.want)
			}
		})
	}
}

// TestAgainstSastrawi documents where our ECS differs from go-sastrawi's
// own rules on common news verbs: it must be right wherever they differ.
func TestAgainstSastrawi(t *testing.T) {
	ours := New()
	theirs := sastrawi.NewStemmer(sastrawi.DefaultDictionary())
	want := map[string]string{
		"mengenal": "kenal", "menyapu": "sapu", "mengunjungi": "kunjung", "memperkuat": "kuat", "menandatangani": "tandatangan",
		"mengatakan": "kata", "menyebut": "sebut", "mengungkapkan": "ungkap", "menjelaskan": "jelas", "menegaskan": "tegas",
		"menuturkan": "tutur", "memaparkan": "papar", "menerangkan": "terang", "menambahkan": "tambah", "melanjutkan": "lanjut",
		"menyampaikan": "sampai", "menyatakan": "nyata", "membahas": "bahas", "menerima": "terima", "mengirim": "kirim",
		"menangkap": "tangkap", "menahan": "tahan", "menolak": "tolak", "mengecam": "kecam", "meminta": "minta",
		"mendesak": "desak", "menyerang": "serang", "mengancam": "ancam", "mendukung": "dukung", "menyumbangkan": "sumbang",
		"berkunjung": "kunjung", "bertemu": "temu", "berbicara": "bicara", "berharap": "harap", "bekerja": "kerja",
		"membangun": "bangun", "memberikan": "beri", "mengumumkan": "umum", "menyelidiki": "selidik", "meresmikan": "resmi",
	}
	differ := 0
	for w, root := range want {
		got := ours.Stem(w)
		if got != root {
			t.Errorf("Stem(%q) = %q, want %q", w, got, root)
		}
		if theirs.Stem(w) != root {
			differ++
		}
	}
	t.Logf("go-sastrawi's rules get %d of %d common news verbs wrong; ours get them right", differ, len(want))
}

func BenchmarkStem(b *testing.B) {
	s := New()
	words := []string{"mengunjungi", "pertemuan", "menandatangani", "kerja", "pemilu", "berkunjung", "penyelenggaraan", "rumahnya"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.stem(words[i%len(words)]) // uncached: the real cost
	}
}

// TestCacheIsBounded: a server meets new words for ever; the cache starts
// afresh instead of growing, and stemming is the same across the reset.
func TestCacheIsBounded(t *testing.T) {
	s := New()
	s.limit = 10
	want := s.Stem("pertemuan")
	for i := range 25 {
		s.Stem(fmt.Sprintf("kata%dnya", i))
	}
	n := 0
	s.cache.Load().Range(func(_, _ any) bool { n++; return true })
	if n > 10 {
		t.Fatalf("cache holds %d words, want at most 10", n)
	}
	if got := s.Stem("pertemuan"); got != want {
		t.Fatalf("after the reset Stem(pertemuan) = %q, want %q", got, want)
	}
}
