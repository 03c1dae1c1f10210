package entity

import (
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

func mustLoad(t testing.TB) *Recognizer {
	t.Helper()
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func find(r *Recognizer, paras ...string) []warta.Entity {
	return r.Find(&warta.Article{Paragraphs: paras})
}

// expectLink checks that the sentence names an entity with the canonical
// name, found through the given surface text.
func expectLink(t *testing.T, r *Recognizer, sentence, surface, canonical string, typ warta.EntityType) {
	t.Helper()
	for _, e := range find(r, sentence) {
		for _, m := range e.Mentions {
			if strings.Contains(m.Text, surface) {
				if e.Name != canonical || e.Type != typ {
					t.Fatalf("%q: %q linked to %q (%s), want %q (%s)", sentence, surface, e.Name, e.Type, canonical, typ)
				}
				return
			}
		}
	}
	t.Fatalf("%q: no entity found for %q", sentence, surface)
}

func TestLinking(t *testing.T) {
	r := mustLoad(t)
	P, O, L := warta.EntityPerson, warta.EntityOrganization, warta.EntityLocation
	tests := []struct {
		name, sentence, surface, canonical string
		typ                                warta.EntityType
	}{
		{"spelling Sergei", "Ia bertemu Sergei Lavrov kemarin.", "Sergei Lavrov", "Sergey Lavrov", P},
		{"spelling Sergey", "Ia bertemu Sergey Lavrov kemarin.", "Sergey Lavrov", "Sergey Lavrov", P},
		{"surname only", "Menurut Lavrov, hubungan itu penting.", "Lavrov", "Sergey Lavrov", P},
		{"nickname Jokowi", "Kemudian Jokowi meninjau lokasi.", "Jokowi", "Joko Widodo", P},
		{"title and nickname", "Kemudian Presiden Jokowi meninjau lokasi.", "Jokowi", "Joko Widodo", P},
		{"Zelenskyy spelling", "Kemudian Zelenskyy berpidato.", "Zelenskyy", "Volodymyr Zelensky", P},
		{"Zelensky spelling", "Kemudian Zelensky berpidato.", "Zelensky", "Volodymyr Zelensky", P},
		{"Xi after title", "Kemudian Presiden Xi Jinping tiba.", "Xi Jinping", "Xi Jinping", P},
		{"Moskow", "Delegasi tiba di Moskow pada pagi hari.", "Moskow", "Moskow", L},
		{"Moskwa spelling", "Delegasi tiba di Moskwa pada pagi hari.", "Moskwa", "Moskow", L},
		{"Moscow English", "The delegation arrived in Moscow.", "Moscow", "Moskow", L},
		{"Tiongkok", "Hubungan dengan Tiongkok membaik.", "Tiongkok", "Tiongkok", L},
		{"China", "Hubungan dengan China membaik.", "China", "Tiongkok", L},
		{"RRT", "Hubungan dengan RRT membaik.", "RRT", "Tiongkok", L},
		{"Rusia", "Hubungan dengan Rusia membaik.", "Rusia", "Rusia", L},
		{"Russia English", "Relations with Russia improved.", "Russia", "Rusia", L},
		{"AS abbreviation", "Hubungan dengan AS membaik.", "AS", "Amerika Serikat", L},
		{"Amerika Serikat", "Hubungan dengan Amerika Serikat membaik.", "Amerika Serikat", "Amerika Serikat", L},
		{"United States", "Relations with the United States improved.", "United States", "Amerika Serikat", L},
		{"RI abbreviation", "Delegasi RI tiba.", "RI", "Indonesia", L},
		{"Kemenlu", "Kata juru bicara Kemenlu kepada wartawan.", "Kemenlu", "Kementerian Luar Negeri Republik Indonesia", O},
		{"Kemlu", "Kata juru bicara Kemlu kepada wartawan.", "Kemlu", "Kementerian Luar Negeri Republik Indonesia", O},
		{"Kemenlu defined", "Di Kementerian Luar Negeri (Kemenlu) RI, Jakarta.", "Kementerian Luar Negeri (Kemenlu) RI", "Kementerian Luar Negeri Republik Indonesia", O},
		{"BPOM defined short", "Badan Pengawas Obat (BPOM) memberi izin.", "Badan Pengawas Obat (BPOM)", "Badan Pengawas Obat dan Makanan", O},
		{"BPOM", "Izin dari BPOM keluar.", "BPOM", "Badan Pengawas Obat dan Makanan", O},
		{"PBB", "Sidang PBB digelar.", "PBB", "Perserikatan Bangsa-Bangsa", O},
		{"United Nations", "The United Nations met.", "United Nations", "Perserikatan Bangsa-Bangsa", O},
		{"WHO", "Panduan WHO berlaku.", "WHO", "World Health Organization", O},
		{"KTT Asia Timur", "Pada Konferensi Tingkat Tinggi Asia Timur tahun lalu.", "Konferensi Tingkat Tinggi Asia Timur", "East Asia Summit", O},
		{"DKI", "Pemerintah menutup sekolah di DKI Jakarta.", "DKI Jakarta", "Jakarta", L},
		{"Jateng", "Banjir melanda Jateng.", "Jateng", "Jawa Tengah", L},
		{"Jogja", "Wisatawan memadati Jogja.", "Jogja", "Daerah Istimewa Yogyakarta", L},
		{"unknown building", "Acara di Gedung Sate berlangsung meriah.", "Gedung Sate", "Gedung Sate", L},
		{"unknown ministry", "Kementerian Investasi merilis data.", "Kementerian Investasi", "Kementerian Investasi", O},
		{"unknown acronym defined", "Lembaga Survei Nasional (LSN) merilis hasil. Menurut LSN, angka itu naik.", "LSN", "Lembaga Survei Nasional", O},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { expectLink(t, r, tc.sentence, tc.surface, tc.canonical, tc.typ) })
	}
}

func TestRolesAndAffiliations(t *testing.T) {
	r := mustLoad(t)
	tests := []struct{ sentence, name, role, affil string }{
		{"Menteri Luar Negeri Rusia Sergei Lavrov tiba.", "Sergey Lavrov", "Menteri Luar Negeri", "Rusia"},
		{"Menlu RI Retno Marsudi menerima tamu.", "Retno Marsudi", "Menteri Luar Negeri", "Indonesia"},
		{"Presiden Jokowi meninjau banjir.", "Joko Widodo", "Presiden", "Indonesia"},
		{"Ketua KPU Hasyim Asyari hadir.", "Hasyim Asy'ari", "Ketua", "Komisi Pemilihan Umum"},
		{"Dubes RI untuk Rusia Jose Tavares menyambut.", "Jose Tavares", "Duta Besar", "Indonesia"},
		{"Ia bertemu mantan Gubernur DKI Anies Baswedan.", "Anies Baswedan", "mantan Gubernur", "Jakarta"},
		{"Kepala BPOM Penny Lukito menjelaskan.", "Penny Kusumastuti Lukito", "Kepala", "Badan Pengawas Obat dan Makanan"},
		{"KPK menangkap Bupati Sumber Jaya Arif Hidayatullah kemarin.", "Arif Hidayatullah", "Bupati", "Sumber Jaya"},
		{"Wali Kota Semarang Agustina Wilujeng meninjau banjir.", "Agustina Wilujeng", "Wali Kota", "Semarang"},
		{"Gubernur Jawa Tengah Ganjar Pranowo hadir.", "Ganjar Pranowo", "Gubernur", "Jawa Tengah"},
	}
	for _, tc := range tests {
		t.Run(tc.sentence, func(t *testing.T) {
			for _, e := range find(r, tc.sentence) {
				if e.Name == tc.name {
					if e.Role != tc.role || e.Affiliation != tc.affil {
						t.Fatalf("%s: role %q affiliation %q, want %q %q", e.Name, e.Role, e.Affiliation, tc.role, tc.affil)
					}
					return
				}
			}
			t.Fatalf("%q: %s not found in %+v", tc.sentence, tc.name, find(r, tc.sentence))
		})
	}
}

func TestMustNotMerge(t *testing.T) {
	r := mustLoad(t)
	// Two people sharing a surname stay two people.
	es := find(r, "Bapak Budi Santoso dan Bapak Andi Santoso hadir.", "Budi Santoso berbicara lebih dulu.")
	n := 0
	for _, e := range es {
		if e.Type == warta.EntityPerson {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("want two people, got %+v", es)
	}
	// "Jakarta" inside "The Jakarta Post" is not the city.
	for _, e := range find(r, "Menurut The Jakarta Post, angka itu naik.") {
		if e.Name == "Jakarta" {
			t.Fatalf("the city was found inside a newspaper's name: %+v", e)
		}
	}
	// A capitalized common word at a sentence start is not an entity.
	for _, e := range find(r, "Dalam pertemuan tersebut keduanya membahas kerja sama.") {
		t.Fatalf("found %+v in a sentence that names nobody", e)
	}
	// Regencies whose names are people's names or words are places only
	// with "Kabupaten"/"Kota": Bima Arya is a mayor, not a town.
	for _, e := range find(r, "Wali Kota Bogor Bima Arya meninjau lokasi banjir.") {
		if e.Type == warta.EntityLocation && e.Name != "Bogor" {
			t.Fatalf("a person's name linked to a regency: %+v", e)
		}
	}
	// A Title Case headline's words are no names unless the body says so.
	a := &warta.Article{Title: "Korban Meninggal Gempa Cianjur Bertambah, Ratusan Warga Luka-luka",
		Paragraphs: []string{"Gempa mengguncang Kabupaten Cianjur, Jawa Barat, Senin siang."}}
	for _, e := range r.Find(a) {
		for _, m := range e.Mentions {
			if m.Paragraph == -1 && (m.Text == "Ratusan Warga" || m.Text == "Cianjur Bertambah") {
				t.Fatalf("headline words taken for a name: %+v", e)
			}
		}
	}
	// Lower-case "as" is not the United States.
	for _, e := range find(r, "Ia bekerja as usual di kantor.") {
		if e.Name == "Amerika Serikat" {
			t.Fatalf("lower-case 'as' linked to the United States")
		}
	}
}

func BenchmarkFind(b *testing.B) {
	r := mustLoad(b)
	a := &warta.Article{Paragraphs: []string{
		"Menteri Luar Negeri Indonesia Retno Marsudi melakukan pertemuan bilateral dengan Menteri Luar Negeri Rusia Sergei Lavrov di Gedung Pancasila, Kementerian Luar Negeri (Kemenlu) RI, Jakarta, Selasa (6/7/2021).",
		"Pada bulan lalu, Kepala Dinas Pangan Indonesia dan Badan Pengawas Obat (BPOM) juga sudah berkunjung ke Rusia.",
	}}
	tokens := len(tokenize(a.Paragraphs[0])) + len(tokenize(a.Paragraphs[1]))
	b.ReportAllocs()
	for b.Loop() {
		r.Find(a)
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
