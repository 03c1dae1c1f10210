package quote

import (
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

// person declares a person entity found by its surface forms.
func person(id, name string, paras []string, forms ...string) warta.Entity {
	e := warta.Entity{ID: id, Name: name, Type: warta.EntityPerson}
	for pi, p := range paras {
		for _, f := range forms {
			if i := strings.Index(p, f); i >= 0 {
				e.Mentions = append(e.Mentions, warta.Mention{Text: f, Paragraph: pi, Start: i, End: i + len(f)})
			}
		}
	}
	return e
}

type qcase struct {
	name    string
	paras   []string
	speaker string // "" means nil
	cue     string
	starts  string
	direct  bool
}

func TestQuotes(t *testing.T) {
	tests := []qcase{
		{"verb after with name", []string{`Sugiono tiba pagi ini.`, `"Kami siap bekerja sama dengan semua pihak," kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami siap", true},
		{"ujar with name and place", []string{`"Persiapan sudah selesai sepenuhnya," ujar Sugiono di Jakarta.`}, "Sugiono", "ujar Sugiono", "Persiapan", true},
		{"ucap dia resolves to last speaker", []string{`"Kami siap bekerja sama sepenuhnya," kata Sugiono.`, `"Diskusi kami terbuka dan produktif," ucap dia.`}, "Sugiono", "ucap dia", "Diskusi", true},
		{"-nya form", []string{`"Kami siap bekerja sama sepenuhnya," kata Sugiono.`, `"Semua akan berjalan dengan baik," sambungnya.`}, "Sugiono", "sambungnya", "Semua", true},
		{"imbuhnya", []string{`Sugiono berbicara kepada wartawan.`, `"Hal itu sudah kami bicarakan kemarin," imbuhnya.`}, "Sugiono", "imbuhnya", "Hal itu", true},
		{"tegasnya", []string{`Sugiono berbicara.`, `"Tidak ada kompromi untuk itu," tegasnya.`}, "Sugiono", "tegasnya", "Tidak ada", true},
		{"curly quotes", []string{`“Kami akan memperkuat kerja sama ini,” kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami akan", true},
		{"title before name", []string{`"Kami akan memperkuat kerja sama ini," kata Menlu Sugiono.`}, "Sugiono", "kata Menlu Sugiono", "Kami akan", true},
		{"verb before with comma", []string{`Sugiono mengatakan, "Kami akan memperkuat kerja sama ini."`}, "Sugiono", "Sugiono mengatakan,", "Kami akan", true},
		{"menurut before", []string{`Menurut Sugiono, "kerja sama ini akan diperkuat tahun depan."`}, "Sugiono", "menurut Sugiono", "kerja sama", true},
		{"colon before", []string{`Sugiono: "Kami tidak akan mundur dari kesepakatan ini."`}, "Sugiono", "Sugiono:", "Kami tidak", true},
		{"no speaker stays nil", []string{`"Semua harus siap sebelum musim hujan tiba," demikian bunyi pengumuman itu.`}, "", "", "Semua harus", true},
		{"scare quotes ignored", []string{`Program "Merdeka Belajar" terus berjalan.`}, "", "", "", false},
		{"single quotes ignored", []string{`Gelar 'Sayyid' itu jadi sorotan warganet yang ramai.`}, "", "", "", false},
		{"multi-paragraph quote", []string{`"Kami sudah bekerja keras selama ini.`, `Hasilnya akan terlihat dalam waktu dekat," kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami sudah bekerja keras selama ini. Hasilnya", true},
		{"missing opening mark", []string{`Kami sudah bekerja keras untuk itu,” kata Sugiono.`}, "Sugiono", "kata Sugiono", "Kami sudah", true},
		{"said in English", []string{`"We are ready to work together," said Sugiono.`}, "Sugiono", "said Sugiono", "We are", true},
		{"organization speaks", []string{`"Kami menolak tuduhan itu sepenuhnya," kata Kremlin.`}, "Kremlin", "kata Kremlin", "Kami menolak", true},
		{"indirect speech with bahwa", []string{`Sugiono menuturkan bahwa kunjungan itu akan segera dilakukan.`}, "Sugiono", "Sugiono menuturkan", "kunjungan itu", false},
		{"indirect speech menyebut", []string{`Lebih lanjut, Sugiono menyebut Rusia merupakan mitra penting.`}, "Sugiono", "Sugiono menyebut", "Rusia merupakan", false},
		{"indirect with pronoun", []string{`Sugiono hadir di sana.`, `Ia mengungkapkan bahwa pertemuan berlangsung lancar sekali.`}, "Sugiono", "Ia mengungkapkan", "pertemuan berlangsung", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &warta.Article{Paragraphs: tc.paras}
			a.Entities = []warta.Entity{person("p:sugiono", "Sugiono", tc.paras, "Menlu Sugiono", "Sugiono")}
			qs := Find(a, Options{})
			if tc.starts == "" {
				if len(qs) != 0 {
					t.Fatalf("want no quote, got %+v", qs)
				}
				return
			}
			var q *warta.Quote
			for i := range qs {
				if strings.HasPrefix(qs[i].Text, tc.starts) {
					q = &qs[i]
				}
			}
			if q == nil {
				t.Fatalf("no quote starting %q in %+v", tc.starts, qs)
			}
			got := ""
			if q.Speaker != nil {
				got = *q.Speaker
			}
			if got != tc.speaker || q.Cue != tc.cue || q.Direct != tc.direct {
				t.Fatalf("quote %q: speaker %q cue %q direct %v; want %q %q %v", q.Text, got, q.Cue, q.Direct, tc.speaker, tc.cue, tc.direct)
			}
		})
	}
}

func TestInterview(t *testing.T) {
	paras := []string{"Apa prioritas kerja sama kedua negara?", "Prioritas kami adalah energi dan pendidikan."}
	a := &warta.Article{Type: "interview", Kicker: "Wawancara Dengan Menlu Rusia Sergey Lavrov", Paragraphs: paras,
		Entities: []warta.Entity{{ID: "p:lavrov", Name: "Sergey Lavrov", Type: warta.EntityPerson, Mentions: []warta.Mention{{Text: "Sergey Lavrov", Paragraph: -2}}}}}
	qs := Find(a, Options{})
	if len(qs) != 2 || qs[0].Speaker != nil || qs[1].Speaker == nil || *qs[1].Speaker != "Sergey Lavrov" {
		t.Fatalf("interview quotes = %+v", qs)
	}
}

func FuzzFind(f *testing.F) {
	f.Add(`"Kami siap," kata Sugiono.`, `“Dua” ucap dia`)
	f.Fuzz(func(t *testing.T, a, b string) {
		Find(&warta.Article{Paragraphs: []string{a, b}}, Options{})
	})
}
