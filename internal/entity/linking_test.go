package entity

import (
	"fmt"
	"testing"

	"github.com/warta-news/warta"
)

// TestAliases resolves surface forms seen in news — spellings, titles
// dropped, abbreviations, nicknames, English names — to their canonical
// entity, each in a plain sentence for its type.
func TestAliases(t *testing.T) {
	r := mustLoad(t)
	P, O, L := warta.EntityPerson, warta.EntityOrganization, warta.EntityLocation
	sentence := map[warta.EntityType]string{
		P: "Kemarin, %s hadir dalam rapat itu.",
		O: "Laporan dari %s keluar kemarin.",
		L: "Delegasi tiba di %s pada pagi hari.",
	}
	cases := []struct {
		surface, canonical string
		typ                warta.EntityType
	}{
		// People: full names, short names, nicknames, spellings.
		{"Joko Widodo", "Joko Widodo", P}, {"Jokowi", "Joko Widodo", P}, {"Prabowo Subianto", "Prabowo Subianto", P},
		{"Prabowo", "Prabowo Subianto", P}, {"Jusuf Kalla", "Jusuf Kalla", P}, {"JK", "Jusuf Kalla", P},
		{"Ma'ruf Amin", "Ma'ruf Amin", P}, {"Maruf Amin", "Ma'ruf Amin", P}, {"Gibran Rakabuming Raka", "Gibran Rakabuming Raka", P},
		{"Gibran", "Gibran Rakabuming Raka", P}, {"Retno Marsudi", "Retno Marsudi", P}, {"Retno", "Retno Marsudi", P},
		{"Retno LP Marsudi", "Retno Marsudi", P}, {"Sri Mulyani", "Sri Mulyani Indrawati", P}, {"Luhut Binsar Pandjaitan", "Luhut Binsar Pandjaitan", P},
		{"Luhut", "Luhut Binsar Pandjaitan", P}, {"Mahfud MD", "Mahfud MD", P}, {"Tito Karnavian", "Tito Karnavian", P},
		{"Budi Gunadi Sadikin", "Budi Gunadi Sadikin", P}, {"Terawan", "Terawan Agus Putranto", P}, {"Nadiem Makarim", "Nadiem Makarim", P},
		{"Erick Thohir", "Erick Thohir", P}, {"Airlangga Hartarto", "Airlangga Hartarto", P}, {"Yasonna Laoly", "Yasonna Laoly", P},
		{"Susi Pudjiastuti", "Susi Pudjiastuti", P}, {"Anies Baswedan", "Anies Baswedan", P}, {"Ganjar Pranowo", "Ganjar Pranowo", P},
		{"Cak Imin", "Muhaimin Iskandar", P}, {"Megawati Soekarnoputri", "Megawati Soekarnoputri", P}, {"SBY", "Susilo Bambang Yudhoyono", P},
		{"BJ Habibie", "B.J. Habibie", P}, {"Habibie", "B.J. Habibie", P}, {"Bamsoet", "Bambang Soesatyo", P},
		{"Puan Maharani", "Puan Maharani", P}, {"Listyo Sigit Prabowo", "Listyo Sigit Prabowo", P}, {"Vladimir Putin", "Vladimir Putin", P},
		{"Putin", "Vladimir Putin", P}, {"Sergey Lavrov", "Sergey Lavrov", P}, {"Sergei Lavrov", "Sergey Lavrov", P},
		{"Hossein Amir-Abdollahian", "Hossein Amir-Abdollahian", P}, {"Amirabdollahian", "Hossein Amir-Abdollahian", P},
		{"Mevlut Cavusoglu", "Mevlüt Çavuşoğlu", P}, {"S. Jaishankar", "Subrahmanyam Jaishankar", P},
		// Regencies and cities from the gazetteer (knowledge/regencies.tsv).
		{"Natuna", "Natuna", L}, {"Kabupaten Natuna", "Natuna", L}, {"Kabupaten Bone", "Kabupaten Bone", L},
		{"Kabupaten Pati", "Kabupaten Pati", L}, {"Lumajang", "Lumajang", L}, {"Kabupaten Lumajang", "Lumajang", L},
		{"Lavrov", "Sergey Lavrov", P}, {"Dmitri Medvedev", "Dmitry Medvedev", P}, {"Xi Jinping", "Xi Jinping", P},
		{"Wang Yi", "Wang Yi", P}, {"Joe Biden", "Joe Biden", P}, {"Biden", "Joe Biden", P},
		{"Donald Trump", "Donald Trump", P}, {"Trump", "Donald Trump", P}, {"Barack Obama", "Barack Obama", P},
		{"Antony Blinken", "Antony Blinken", P}, {"Blinken", "Antony Blinken", P}, {"Mike Pompeo", "Mike Pompeo", P},
		{"Volodymyr Zelensky", "Volodymyr Zelensky", P}, {"Volodymyr Zelenskyy", "Volodymyr Zelensky", P}, {"Zelenskiy", "Volodymyr Zelensky", P},
		{"Dmytro Kuleba", "Dmytro Kuleba", P}, {"Anwar Ibrahim", "Anwar Ibrahim", P}, {"Mahathir Mohamad", "Mahathir Mohamad", P},
		{"Lee Hsien Loong", "Lee Hsien Loong", P}, {"Fumio Kishida", "Fumio Kishida", P}, {"Narendra Modi", "Narendra Modi", P},
		{"Anthony Albanese", "Anthony Albanese", P}, {"Erdogan", "Recep Tayyip Erdogan", P}, {"Erdoğan", "Recep Tayyip Erdogan", P},
		{"Netanyahu", "Benjamin Netanyahu", P}, {"Antonio Guterres", "Antonio Guterres", P}, {"António Guterres", "Antonio Guterres", P},
		{"Tedros Adhanom", "Tedros Adhanom Ghebreyesus", P}, {"Emmanuel Macron", "Emmanuel Macron", P}, {"Kim Jong Un", "Kim Jong Un", P},
		{"Bongbong Marcos", "Ferdinand Marcos Jr.", P},
		// Organizations: abbreviations and full names, Indonesian and English.
		// Official long names, with or without the commas of the name.
		{"Komisi Pemberantasan Tindak Pidana Korupsi", "Komisi Pemberantasan Korupsi", O},
		{"Badan Meteorologi, Klimatologi, dan Geofisika", "Badan Meteorologi, Klimatologi, dan Geofisika", O},
		{"Badan Meteorologi Klimatologi dan Geofisika", "Badan Meteorologi, Klimatologi, dan Geofisika", O},
		{"Pemprov DKI", "Pemerintah Provinsi DKI Jakarta", O}, {"Polda Metro Jaya", "Kepolisian Daerah Metro Jaya", O},
		{"Kementerian PUPR", "Kementerian Pekerjaan Umum dan Perumahan Rakyat", O}, {"KONI", "Komite Olahraga Nasional Indonesia", O},
		{"Rumah Sakit Pusat Angkatan Darat", "RSPAD Gatot Soebroto", L}, {"RSPAD Gatot Subroto", "RSPAD Gatot Soebroto", L},
		{"ASEAN", "ASEAN", O}, {"PBB", "Perserikatan Bangsa-Bangsa", O}, {"Perserikatan Bangsa-Bangsa", "Perserikatan Bangsa-Bangsa", O},
		{"WHO", "World Health Organization", O}, {"Organisasi Kesehatan Dunia", "World Health Organization", O}, {"Uni Eropa", "Uni Eropa", O},
		{"European Union", "Uni Eropa", O}, {"NATO", "NATO", O}, {"OKI", "Organisasi Kerja Sama Islam", O},
		{"IMF", "Dana Moneter Internasional", O}, {"Bank Dunia", "Bank Dunia", O}, {"World Bank", "Bank Dunia", O},
		{"Kremlin", "Kremlin", O}, {"Gedung Putih", "Gedung Putih", O}, {"Kemenlu", "Kementerian Luar Negeri Republik Indonesia", O},
		{"Kemlu RI", "Kementerian Luar Negeri Republik Indonesia", O}, {"Kementerian Luar Negeri", "Kementerian Luar Negeri Republik Indonesia", O}, {"BPOM", "Badan Pengawas Obat dan Makanan", O},
		{"Badan POM", "Badan Pengawas Obat dan Makanan", O}, {"KPK", "Komisi Pemberantasan Korupsi", O}, {"KPU", "Komisi Pemilihan Umum", O},
		{"Bawaslu", "Badan Pengawas Pemilihan Umum", O}, {"DPR RI", "Dewan Perwakilan Rakyat", O}, {"MPR", "Majelis Permusyawaratan Rakyat", O},
		{"Mahkamah Konstitusi", "Mahkamah Konstitusi", O}, {"Polri", "Kepolisian Negara Republik Indonesia", O}, {"TNI", "Tentara Nasional Indonesia", O},
		{"Kejagung", "Kejaksaan Agung", O}, {"Bank Indonesia", "Bank Indonesia", O}, {"OJK", "Otoritas Jasa Keuangan", O},
		{"BNPB", "Badan Nasional Penanggulangan Bencana", O}, {"BMKG", "Badan Meteorologi, Klimatologi, dan Geofisika", O}, {"BPS", "Badan Pusat Statistik", O},
		{"Basarnas", "Badan Nasional Pencarian dan Pertolongan", O}, {"Kemenkes", "Kementerian Kesehatan", O}, {"Kemenkeu", "Kementerian Keuangan", O},
		{"Kemendagri", "Kementerian Dalam Negeri", O}, {"Kemenhan", "Kementerian Pertahanan", O}, {"Kominfo", "Kementerian Komunikasi dan Informatika", O},
		{"PDI Perjuangan", "Partai Demokrasi Indonesia Perjuangan", O}, {"PDIP", "Partai Demokrasi Indonesia Perjuangan", O}, {"Golkar", "Partai Golkar", O},
		{"Gerindra", "Partai Gerindra", O}, {"PKB", "Partai Kebangkitan Bangsa", O}, {"PBNU", "Nahdlatul Ulama", O},
		{"Muhammadiyah", "Muhammadiyah", O}, {"MUI", "Majelis Ulama Indonesia", O}, {"Pertamina", "Pertamina", O},
		{"PLN", "Perusahaan Listrik Negara", O}, {"Garuda Indonesia", "Garuda Indonesia", O},
		// Places: Indonesian and English names, short forms.
		{"Indonesia", "Indonesia", L}, {"Republik Indonesia", "Indonesia", L}, {"Rusia", "Rusia", L},
		{"Russia", "Rusia", L}, {"Federasi Rusia", "Rusia", L}, {"Amerika Serikat", "Amerika Serikat", L},
		{"United States", "Amerika Serikat", L}, {"Tiongkok", "Tiongkok", L}, {"China", "Tiongkok", L},
		{"RRT", "Tiongkok", L}, {"Jepang", "Jepang", L}, {"Japan", "Jepang", L},
		{"Korea Selatan", "Korea Selatan", L}, {"Korsel", "Korea Selatan", L}, {"Korut", "Korea Utara", L},
		{"Singapura", "Singapura", L}, {"Singapore", "Singapura", L}, {"Filipina", "Filipina", L},
		{"Inggris", "Inggris", L}, {"United Kingdom", "Inggris", L}, {"Prancis", "Prancis", L},
		{"Perancis", "Prancis", L}, {"Belanda", "Belanda", L}, {"Turki", "Turki", L},
		{"Arab Saudi", "Arab Saudi", L}, {"Saudi Arabia", "Arab Saudi", L}, {"Palestina", "Palestina", L},
		{"Uni Emirat Arab", "Uni Emirat Arab", L}, {"UEA", "Uni Emirat Arab", L}, {"Timor Leste", "Timor Leste", L},
		{"Papua Nugini", "Papua Nugini", L}, {"Ukraina", "Ukraina", L}, {"Moskow", "Moskow", L},
		{"Moskwa", "Moskow", L}, {"Kyiv", "Kyiv", L}, {"Kiev", "Kyiv", L},
		{"Jenewa", "Jenewa", L}, {"Eropa", "Eropa", L}, {"Asia Tenggara", "Asia Tenggara", L},
		{"Asia Pasifik", "Asia Pasifik", L}, {"Timur Tengah", "Timur Tengah", L}, {"Laut China Selatan", "Laut China Selatan", L},
		{"Laut Cina Selatan", "Laut China Selatan", L}, {"Jakarta", "Jakarta", L}, {"DKI Jakarta", "Jakarta", L},
		{"Jatim", "Jawa Timur", L}, {"Jawa Barat", "Jawa Barat", L}, {"Sulsel", "Sulawesi Selatan", L},
		{"NTT", "Nusa Tenggara Timur", L}, {"Kaltim", "Kalimantan Timur", L}, {"Yogyakarta", "Daerah Istimewa Yogyakarta", L},
		{"Solo", "Surakarta", L}, {"IKN", "Nusantara", L}, {"Surabaya", "Surabaya", L},
		{"Makassar", "Makassar", L}, {"Papua Barat Daya", "Papua Barat Daya", L},
	}
	if len(cases) < 150 {
		t.Fatalf("only %d alias cases", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.surface, func(t *testing.T) {
			expectLink(t, r, fmt.Sprintf(sentence[tc.typ], tc.surface), tc.surface, tc.canonical, tc.typ)
		})
	}
}
