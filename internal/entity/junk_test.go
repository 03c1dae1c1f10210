package entity

import (
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

// TestNoJunkEntities: a known person written with a clitic, an honorific,
// a rank or the name of an office is that person, not a new entity
// ("x:person:jokowi", "x:person:perindustrian-airlangga-hartarto"), and an
// office is no person. Each case was an entity of its own before.
func TestNoJunkEntities(t *testing.T) {
	r := mustLoad(t)
	tests := []struct {
		name, title, body string
		outlet            string            // the reporting outlet, when the case needs one
		want              map[string]string // ID → role ("" when any)
		notPrefix         string            // no entity ID may start with this
	}{
		{name: "clitic", body: "Dukungan Jokowi-nya tak pernah surut, kata dia.",
			want: map[string]string{"per:joko-widodo": ""}, notPrefix: "x:person"},
		{name: "honorific", body: "Partai itu pendukung Pak Jokowi sejak awal.",
			want: map[string]string{"per:joko-widodo": ""}, notPrefix: "x:person"},
		{name: "honorific and title", body: "Akhirnya Bapak Presiden Jokowi menunda pengesahan RKUHP.",
			want: map[string]string{"per:joko-widodo": ""}, notPrefix: "x:person"},
		{name: "honorific and acronym", body: "Ini kan Pak SBY yang memutuskan, ujar Pak JK kemudian.",
			want: map[string]string{"per:susilo-bambang-yudhoyono": "", "per:jusuf-kalla": ""}, notPrefix: "x:person"},
		{name: "headline honorific", title: "Moeldoko: Jangan Ada yang Mikir Pak Jokowi Sekarang Berubah",
			body: "Moeldoko menegaskan sikap Presiden Joko Widodo tetap sama.",
			want: map[string]string{"per:joko-widodo": ""}, notPrefix: "x:person:pak"},
		{name: "rank after office", body: "Kapolri Jenderal Tito Karnavian meninjau lokasi kebakaran.",
			want: map[string]string{"per:tito-karnavian": "Kepala Kepolisian RI"}, notPrefix: "x:person"},
		{name: "rank and police word", body: "Hadir pula Kapolri Jenderal Pol Tito Karnavian di Riau.",
			want: map[string]string{"per:tito-karnavian": "Kepala Kepolisian RI"}, notPrefix: "x:person"},
		{name: "rank before an unknown name", body: "Hadir pula Panglima TNI Marsekal Bagas Wiratmoko di lokasi.",
			want: map[string]string{"x:person:bagas-wiratmoko": "Panglima TNI"}, notPrefix: "x:person:marsekal"},
		{name: "rank alone before an unknown name", body: "Menurut Marsekal Bagas Wiratmoko, situasi aman.",
			want: map[string]string{"x:person:bagas-wiratmoko": ""}, notPrefix: "x:person:marsekal"},
		{name: "rank before a known name", body: "Menurut Marsekal Hadi Tjahjanto, situasi aman.",
			want: map[string]string{"per:hadi-tjahjanto": ""}, notPrefix: "x:person"},
		{name: "ministry word", body: "Hal itu disampaikan Menteri Perindustrian Airlangga Hartarto di Jakarta.",
			want: map[string]string{"per:airlangga-hartarto": "Menteri Perindustrian"}, notPrefix: "x:person"},
		{name: "coordinating ministry", body: "Menko Maritim Luhut Binsar Panjaitan mengatakan sektor pariwisata tumbuh.",
			want: map[string]string{"per:luhut-binsar-pandjaitan": "Menteri Koordinator Maritim"}, notPrefix: "x:person"},
		{name: "abbreviated ministry", body: "Presiden didampingi Menko Polhukam Wiranto kemarin.",
			want: map[string]string{"per:wiranto": "Menteri Koordinator Polhukam"}, notPrefix: "x:person"},
		{name: "ministry in two parts", body: "Menteri Perikanan dan Kelautan Susi Pudjiastuti hadir.",
			want: map[string]string{"per:susi-pudjiastuti": "Menteri Perikanan dan Kelautan"}, notPrefix: "x:person"},
		{name: "ministry in two parts, unknown minister", body: "Menteri Perikanan dan Kelautan baru akan dilantik.",
			want: map[string]string{}, notPrefix: "x:person:perikanan"},
		{name: "headline verb between names", title: "Wapres Kalla Jenguk Habibie",
			body: "Wakil Presiden Jusuf Kalla menjenguk BJ Habibie di rumah sakit.",
			want: map[string]string{"per:jusuf-kalla": "", "per:bj-habibie": ""}, notPrefix: "x:person"},
		{name: "headline with an event", title: "Ribuan Warga Bersama Jokowi Salat Istiska",
			body: "Presiden Joko Widodo salat bersama warga di Pekanbaru.",
			want: map[string]string{"per:joko-widodo": ""}, notPrefix: "x:person"},
		{name: "ticket", body: "Pasangan Jokowi-Ma'ruf Amin unggul di Jawa Tengah.",
			want: map[string]string{"per:joko-widodo": "", "per:maruf-amin": ""}, notPrefix: "x:person"},
		{name: "ticket of full names", body: "Di akhir pemerintahan Joko Widodo-Jusuf Kalla, kabinet dirombak.",
			want: map[string]string{"per:joko-widodo": "", "per:jusuf-kalla": ""}, notPrefix: "x:person"},
		{name: "hyphenated name stays whole", body: "Menteri Luar Negeri Iran Hossein Amir-Abdollahian tiba.",
			want: map[string]string{"per:hossein-amir-abdollahian": ""}, notPrefix: "x:person"},
		{name: "honorific before a bare title", body: `"Kita kecewa dengan sikap Pak Presiden," ujarnya.`,
			want: map[string]string{}, notPrefix: "x:person"},
		{name: "honorific before a title and office", body: "Apa yang disampaikan Bapak Menteri Keuangan sudah jelas.",
			want: map[string]string{}, notPrefix: "x:person"},
		{name: "the capital is no woman", body: "Terduga teroris mulai mendekati Ibu Kota, kata Zaki.",
			want: map[string]string{}, notPrefix: "x:person:kota"},
		{name: "the motherland is no woman", body: "Mereka berjuang untuk Ibu Pertiwi sejak muda.",
			want: map[string]string{}, notPrefix: "x:person"},
		{name: "the first lady by her title", body: "Ibu Negara Iriana Joko Widodo membagikan buku.",
			want: map[string]string{}, notPrefix: "x:person:negara"},
		{name: "the outlet that reports", outlet: "Okezone", body: `"Itu untuk mempermudah," ujar Yuliadi kepada Okezone.`,
			want: map[string]string{}, notPrefix: "x:person:okezone"},
		{name: "a name of no Latin letter", body: "Allah berfirman: ŸÅŸéÿ®ŸêŸÖŸéÿß ÿ±Ÿéÿ≠ŸíŸÖŸéÿ©Ÿç ŸÖŸëŸêŸÜŸé ÿßŸÑŸÑŸá.",
			want: map[string]string{}, notPrefix: "x:person:"},
		{name: "a portfolio after the minister's title", body: "Menteri Perhubungan (Menhub) Budi Karya Sumadi, dan Menteri lainnya hadir.",
			want: map[string]string{}, notPrefix: "x:person:perhubungan"},
		{name: "a minister without a name", body: `"Nah besok saya dengan Menteri Perhubungan akan ke sana," tutur Basuki.`,
			want: map[string]string{}, notPrefix: "x:person:perhubungan"},
		{name: "a portfolio of three words", body: "Informasi itu dibenarkan Menteri Perencanaan Pembangunan Nasional/Kepala Bappenas.",
			want: map[string]string{}, notPrefix: "x:person:perencanaan"},
		{name: "a coordinating portfolio", body: "Mahfud MD akhirnya mendapat tempat di Menko Polhukam.",
			want: map[string]string{}, notPrefix: "x:person:polhukam"},
		{name: "a portfolio, then an unknown minister", body: "Menteri Pertanian Darmawan Sukaryo meninjau sawah.",
			want: map[string]string{"x:person:darmawan-sukaryo": "Menteri Pertanian"}, notPrefix: "x:person:pertanian"},
		{name: "an epithet", body: "Pria yang dijuluki Bapak Teknologi Indonesia itu wafat.",
			want: map[string]string{}, notPrefix: "x:person"},
		{name: "a police unit head", body: `"Ia ditangkap," ujar Kasat Reskrim Polres Metro Jakarta Pusat.`,
			want: map[string]string{}, notPrefix: "x:person:kasat"},
		{name: "a lone initial", body: `"Di sana banyaknya perempuan," kata M.`,
			want: map[string]string{}, notPrefix: "x:person:m"},
		{name: "an office before a defined organization", body: "Ketua Komite Olahraga Nasional Indonesia (KONI) Tono Suratman hadir.",
			want: map[string]string{"org:koni": ""}, notPrefix: "x:organization:ketua"},
		{name: "an armed group", body: "Kelompok pemberontak Yaman, kelompok Houthi, mengaku bertanggung jawab.",
			want: map[string]string{}, notPrefix: "x:person:houthi"},
		{name: "a band", body: "Penampilan girlband Twice memukau penonton.",
			want: map[string]string{}, notPrefix: "x:person:twice"},
		{name: "netizens", body: "Netizen lantas bertanya karena tak ada sosoknya.",
			want: map[string]string{}, notPrefix: "x:person:netizen"},
		{name: "spelling of a full name", body: "Putra Presiden ke-3 RI Baharuddin Jusuf Habibie dimakamkan hari ini.",
			want: map[string]string{"per:bj-habibie": ""}, notPrefix: "x:person:baharuddin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es := r.Find(&warta.Article{Title: tc.title, Outlet: tc.outlet, Paragraphs: []string{tc.body}})
			got := map[string]warta.Entity{}
			for _, e := range es {
				got[e.ID] = e
				for _, m := range e.Mentions {
					if m.Paragraph == 0 && tc.body[m.Start:m.End] != m.Text {
						t.Errorf("%s: mention %q at %d:%d reads %q", e.ID, m.Text, m.Start, m.End, tc.body[m.Start:m.End])
					}
				}
				if strings.HasPrefix(e.ID, tc.notPrefix) {
					t.Errorf("junk entity %s %q (mentions %+v)", e.ID, e.Name, e.Mentions)
				}
			}
			for id, role := range tc.want {
				e, ok := got[id]
				if !ok {
					t.Errorf("%s not found in %+v", id, es)
					continue
				}
				if role != "" && e.Role != role {
					t.Errorf("%s: role %q, want %q", id, e.Role, role)
				}
			}
		})
	}
}

// TestOthersStayThemselves: the fixes above must not fold a relative or a
// namesake into the known person.
func TestOthersStayThemselves(t *testing.T) {
	r := mustLoad(t)
	es := r.Find(&warta.Article{Paragraphs: []string{
		"Sedangkan Iriana Jokowi mengenakan kebaya. Putra almarhum, Thareq Kemal Habibie, meminta doa."}})
	ids := map[string]bool{}
	for _, e := range es {
		ids[e.ID] = true
	}
	for _, id := range []string{"per:joko-widodo", "per:bj-habibie"} {
		if ids[id] {
			t.Errorf("a relative was linked to %s: %+v", id, es)
		}
	}
}
