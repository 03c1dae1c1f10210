package event

import (
	"strings"
	"testing"

	"github.com/warta-news/warta"
)

// ent declares an entity and the surface forms to find in the paragraphs.
type ent struct {
	id, name string
	typ      warta.EntityType
	forms    []string
}

// date declares a date mention by its text and value.
type date struct {
	text, value string
	gran        warta.Granularity
}

// build makes an article whose entity and date offsets are found by
// searching the paragraphs, so tests read like the text they cover.
func build(paras []string, ents []ent, dates []date) *warta.Article {
	a := &warta.Article{Paragraphs: paras}
	for _, e := range ents {
		we := warta.Entity{ID: e.id, Name: e.name, Type: e.typ}
		for pi, p := range paras {
			for _, f := range e.forms {
				for off := 0; ; {
					i := strings.Index(p[off:], f)
					if i < 0 {
						break
					}
					we.Mentions = append(we.Mentions, warta.Mention{Text: f, Paragraph: pi, Start: off + i, End: off + i + len(f)})
					off += i + len(f)
				}
			}
		}
		a.Entities = append(a.Entities, we)
	}
	for _, d := range dates {
		for pi, p := range paras {
			if i := strings.Index(p, d.text); i >= 0 {
				v := d.value
				dm := warta.DateMention{Text: d.text, Granularity: d.gran, Paragraph: pi, Start: i, End: i + len(d.text)}
				if v != "" {
					dm.Value = &v
				}
				a.Dates = append(a.Dates, dm)
			}
		}
	}
	return a
}

var (
	sugiono = ent{"p:sugiono", "Sugiono", warta.EntityPerson, []string{"Menteri Luar Negeri Sugiono", "Sugiono"}}
	wang    = ent{"p:wang-yi", "Wang Yi", warta.EntityPerson, []string{"Wang Yi"}}
	xi      = ent{"p:xi", "Xi Jinping", warta.EntityPerson, []string{"Xi Jinping", "Xi"}}
	prabowo = ent{"p:prabowo", "Prabowo Subianto", warta.EntityPerson, []string{"Prabowo Subianto", "Prabowo"}}
	ri      = ent{"l:id", "Indonesia", warta.EntityLocation, []string{"Indonesia"}}
	cn      = ent{"l:cn", "Tiongkok", warta.EntityLocation, []string{"Tiongkok", "China"}}
	bogor   = ent{"l:bogor", "Bogor", warta.EntityLocation, []string{"Bogor"}}
	istana  = ent{"l:istana-bogor", "Istana Bogor", warta.EntityLocation, []string{"Istana Bogor"}}
	bnpb    = ent{"o:bnpb", "Badan Nasional Penanggulangan Bencana", warta.EntityOrganization, []string{"BNPB"}}
)

func TestCode(t *testing.T) {
	paras := []string{
		"Bogor - Menteri Luar Negeri Sugiono menerima Menlu Tiongkok Wang Yi di Istana Bogor, Bogor, Kamis (8/5/2025). Kedua menteri bertemu selama dua jam.",
		"Dalam pertemuan tersebut keduanya membahas kerja sama perdagangan, pangan dan keamanan maritim.",
		"Sugiono menyebut rencana kunjungan Presiden Xi Jinping ke Indonesia masih dibahas.",
		"\"Kami baru saja menandatangani nota kesepahaman antara kedua negara,\" ujar Sugiono.",
		"Pada Maret lalu, Presiden Prabowo Subianto juga berbicara melalui telepon dengan Xi Jinping tentang investasi.",
		"Tiongkok juga menyumbangkan 50 ton beras ke Indonesia untuk korban banjir, kata BNPB.",
		"Banjir melanda sejumlah daerah sejak pekan lalu.",
	}
	a := build(paras, []ent{sugiono, wang, xi, prabowo, ri, cn, bogor, istana, bnpb}, []date{
		{"Kamis (8/5/2025)", "2025-05-08", warta.GranularityDay},
		{"Maret lalu", "2025-03", warta.GranularityMonth},
		{"pekan lalu", "2025-05-01", warta.GranularityDay},
	})
	countries := map[string]bool{"Indonesia": true, "Tiongkok": true}
	evs := Code(a, Options{ReportDate: "2025-05-08", IsCountry: func(e *warta.Entity) bool { return countries[e.Name] }})
	type want struct {
		typ, mode, status, date, place string
		actors                         []string
		topics                         []string
	}
	wants := []want{
		{"CONSULT", "meeting", "done", "2025-05-08", "Bogor", []string{"Sugiono", "Wang Yi"}, []string{"perdagangan", "pangan", "keamanan", "maritim"}},
		{"CONSULT", "visit_planned", "planned", "", "", []string{"Xi Jinping", "Indonesia"}, nil},
		{"AGREE", "signed", "done", "2025-05-08", "", []string{"Indonesia", "Tiongkok"}, nil},
		{"CONSULT", "phone_call", "done", "2025-03", "", []string{"Prabowo Subianto", "Xi Jinping"}, []string{"investasi"}},
		// Undated, told among the day's news: the day's date.
		{"AID", "humanitarian", "done", "2025-05-08", "", []string{"Tiongkok", "Indonesia"}, nil},
	}
	if len(evs) != len(wants) {
		for _, e := range evs {
			t.Logf("got %s/%s %v %v", e.Type, e.Mode, e.Actors, e.Sentence)
		}
		t.Fatalf("got %d events, want %d", len(evs), len(wants))
	}
	for i, w := range wants {
		e := evs[i]
		d := ""
		if e.Date != nil {
			d = *e.Date
		}
		if e.Type != w.typ || e.Mode != w.mode || e.Status != w.status || d != w.date || e.Place != w.place ||
			strings.Join(e.Actors, "|") != strings.Join(w.actors, "|") || strings.Join(e.Topics, "|") != strings.Join(w.topics, "|") {
			t.Errorf("event %d = %s/%s %s date=%q place=%q actors=%v topics=%v\nwant %+v", i, e.Type, e.Mode, e.Status, d, e.Place, e.Actors, e.Topics, w)
		}
	}
	if evs[4].What != "50 ton beras" {
		t.Errorf("AID what = %q", evs[4].What)
	}
}

func TestInterview(t *testing.T) {
	lavrov := ent{"p:lavrov", "Sergey Lavrov", warta.EntityPerson, []string{"Sergey Lavrov"}}
	a := build([]string{"Apa prioritas kerja sama kedua negara?", "Prioritas kami adalah energi, kata Sergey Lavrov."}, []ent{lavrov}, nil)
	a.Type, a.Kicker = "interview", "Wawancara Eksklusif Dengan Menlu Rusia Sergey Lavrov"
	evs := Code(a, Options{ReportDate: "2021-07-06"})
	if len(evs) != 1 || evs[0].Type != "interview" || evs[0].Actors[0] != "Sergey Lavrov" || *evs[0].Date != "2021-07-06" {
		t.Fatalf("events = %+v", evs)
	}
}

func TestNoEventWithoutActors(t *testing.T) {
	a := build([]string{"Warga diminta bertemu di balai desa."}, nil, nil)
	if evs := Code(a, Options{}); len(evs) != 0 {
		t.Fatalf("events without any named actor: %+v", evs)
	}
}

func TestTriggersAtWordBoundaries(t *testing.T) {
	if tr, _ := findTrigger("pertemuannya dibatalkan"); tr != nil {
		t.Fatalf("matched %q inside a longer word", tr.phrase)
	}
	if tr, _ := findTrigger("presiden menerima kunjungan menlu"); tr == nil || tr.phrase != "menerima kunjungan" {
		t.Fatalf("want the longest phrase, got %+v", tr)
	}
}

func TestArrestNeedsAPerson(t *testing.T) {
	bi := ent{"o:bi", "Bank Indonesia", warta.EntityOrganization, []string{"Bank Indonesia"}}
	a := build([]string{"Bank Indonesia menahan suku bunga acuan di level 5,75 persen."}, []ent{bi}, nil)
	if evs := Code(a, Options{}); len(evs) != 0 {
		t.Fatalf("holding a rate coded as an arrest: %+v", evs)
	}
	kpk := ent{"o:kpk", "Komisi Pemberantasan Korupsi", warta.EntityOrganization, []string{"KPK"}}
	arif := ent{"p:arif", "Arif Hidayatullah", warta.EntityPerson, []string{"Arif Hidayatullah"}}
	a = build([]string{"KPK menangkap Bupati Arif Hidayatullah di Jakarta."}, []ent{kpk, arif}, nil)
	if evs := Code(a, Options{}); len(evs) != 1 || evs[0].Type != "COERCE" {
		t.Fatalf("arrest of a person not coded: %+v", evs)
	}
}

// TestCodeSeveralPerSentence: one sentence can tell a visit and a meeting,
// or a meeting and a signing; an undated recollection stays undated.
func TestCodeSeveralPerSentence(t *testing.T) {
	paras := []string{
		"Menlu Tiongkok Wang Yi melakukan kunjungan kerja ke Indonesia dan bertemu Menteri Luar Negeri Sugiono, Kamis (8/5/2025).",
		"Keduanya bertemu di Bogor dan menandatangani nota kesepahaman.",
		"Sebelumnya, Xi Jinping pernah bertemu Prabowo Subianto.",
	}
	a := build(paras, []ent{sugiono, wang, xi, prabowo, ri, cn, bogor}, []date{{"Kamis (8/5/2025)", "2025-05-08", warta.GranularityDay}})
	evs := Code(a, Options{ReportDate: "2025-05-08"})
	var got []string
	for _, e := range evs {
		got = append(got, e.Type+"/"+e.Mode+" "+deref(e.Date)+" "+strings.Join(e.Actors, "+"))
	}
	want := []string{
		"CONSULT/visit 2025-05-08 Wang Yi+Indonesia",
		"CONSULT/meeting 2025-05-08 Wang Yi+Sugiono",
		"AGREE/signed 2025-05-08 Wang Yi+Sugiono",
		"CONSULT/meeting  Xi Jinping+Prabowo Subianto",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestWillingnessIsNoMeeting: being ready to meet is hoped for, not done.
func TestWillingnessIsNoMeeting(t *testing.T) {
	a := build([]string{"Presiden Prabowo Subianto siap bertemu Xi Jinping kapan saja, kata Sugiono."}, []ent{prabowo, xi, sugiono}, nil)
	evs := Code(a, Options{ReportDate: "2025-05-08"})
	if len(evs) != 1 || evs[0].Status != "hoped" {
		t.Fatalf("events = %+v, want one hoped meeting", evs)
	}
}

// TestDiscourse covers what a sentence takes from the ones around it:
// "keduanya" and "ia" name people of earlier sentences, an undated lead
// takes the day of the sentence that goes on with it, "sehari setelah"
// puts a quake a day before the day written, money received is no
// meeting, and a quoted spokesperson's institution acts for "kami".
func TestDiscourse(t *testing.T) {
	retno := ent{"p:retno", "Retno Marsudi", warta.EntityPerson, []string{"Retno Marsudi", "Retno"}}
	lavrov := ent{"p:lavrov", "Sergey Lavrov", warta.EntityPerson, []string{"Sergey Lavrov", "Lavrov"}}
	iran := ent{"p:hossein", "Hossein Amir-Abdollahian", warta.EntityPerson, []string{"Hossein Amir-Abdollahian"}}
	imam := ent{"p:imam", "Imam Nahrawi", warta.EntityPerson, []string{"Imam Nahrawi", "Imam"}}
	ulum := ent{"p:ulum", "Miftahul Ulum", warta.EntityPerson, []string{"Miftahul Ulum"}}
	kpk := ent{"o:kpk", "Komisi Pemberantasan Korupsi", warta.EntityOrganization, []string{"KPK"}}
	yudi := ent{"p:yudi", "Yudi Kurniawan", warta.EntityPerson, []string{"Yudi Kurniawan"}}
	cianjur := ent{"l:cianjur", "Cianjur", warta.EntityLocation, []string{"Kabupaten Cianjur", "Cianjur"}}
	jokowi := ent{"p:jokowi", "Joko Widodo", warta.EntityPerson, []string{"Presiden Joko Widodo"}}
	for _, tc := range []struct {
		name  string
		paras []string
		ents  []ent
		dates []date
		want  []string
	}{
		{"keduanya after a quote",
			[]string{"Lavrov bertemu Retno di Jakarta pada Kamis (13/7).", "\"Kami bicara dengan semua pihak,\" ujar Retno.", "Keduanya sebelumnya juga pernah bertemu di New York pada September tahun lalu."},
			[]ent{retno, lavrov}, []date{{"Kamis (13/7)", "2023-07-13", warta.GranularityDay}, {"September tahun lalu", "2022-09", warta.GranularityMonth}},
			[]string{"CONSULT/meeting 2023-07-13 Sergey Lavrov+Retno Marsudi", "CONSULT/meeting 2022-09 Sergey Lavrov+Retno Marsudi"}},
		{"ia is the last subject",
			[]string{"Menteri Luar Negeri Sergey Lavrov menjalani agenda padat di Jakarta pada Kamis (13/7).", "Ia bertemu Retno Marsudi untuk membahas kerja sama."},
			[]ent{retno, lavrov}, []date{{"Kamis (13/7)", "2023-07-13", warta.GranularityDay}},
			[]string{"CONSULT/meeting 2023-07-13 Sergey Lavrov+Retno Marsudi"}},
		{"undated lead told on",
			[]string{"Retno kembali melakukan diplomasi telepon terkait Gaza. Kali ini, Retno berbicara dengan Hossein Amir-Abdollahian pada Minggu (15/10/2023)."},
			[]ent{retno, iran}, []date{{"Minggu (15/10/2023)", "2023-10-15", warta.GranularityDay}},
			[]string{"CONSULT/phone_call 2023-10-15 Retno Marsudi+Hossein Amir-Abdollahian"}},
		{"a day after the quake",
			[]string{"Presiden Joko Widodo mengunjungi Kabupaten Cianjur, Selasa (22/11/2022), sehari setelah gempa bermagnitudo 5,6 melanda."},
			[]ent{jokowi, cianjur}, []date{{"Selasa (22/11/2022)", "2022-11-22", warta.GranularityDay}},
			[]string{"CONSULT/visit 2022-11-22 Joko Widodo", "DISASTER/earthquake 2022-11-21 Cianjur"}},
		{"last week, then the day",
			[]string{"Pertemuan Retno Marsudi dengan Sergey Lavrov di Jakarta pekan lalu masih dibahas.", "Kedua menteri bertemu pada Kamis (13/7) lalu di sela pertemuan ASEAN."},
			[]ent{retno, lavrov}, []date{{"pekan lalu", "2023-07-10/2023-07-16", warta.GranularityRange}, {"Kamis (13/7)", "2023-07-13", warta.GranularityDay}},
			[]string{"CONSULT/meeting 2023-07-13 Retno Marsudi+Sergey Lavrov"}},
		{"money received is no meeting",
			[]string{"Imam Nahrawi diduga menerima suap Rp 14,7 miliar melalui Miftahul Ulum."},
			[]ent{imam, ulum}, nil, nil},
		{"the spokesperson's institution",
			[]string{"\"Para tersangka ditahan di Rutan KPK,\" kata Juru Bicara KPK Yudi Kurniawan, Kamis (9/11/2023)."},
			[]ent{kpk, yudi}, []date{{"Kamis (9/11/2023)", "2023-11-09", warta.GranularityDay}},
			[]string{"COERCE/arrest 2023-11-09 Komisi Pemberantasan Korupsi"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := build(tc.paras, tc.ents, tc.dates)
			var got []string
			for _, e := range Code(a, Options{ReportDate: "2023-11-13"}) {
				got = append(got, e.Type+"/"+e.Mode+" "+deref(e.Date)+" "+strings.Join(e.Actors, "+"))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestDecideType(t *testing.T) {
	for _, tc := range []struct {
		scores map[string]float64
		want   string
	}{
		{map[string]float64{"STATEMENT": 1.0, "COERCE": 0.6}, "COERCE"},
		{map[string]float64{"STATEMENT": 1.0, "COERCE": 0.4}, "STATEMENT"},
		{map[string]float64{"STATEMENT": 1.0, "ECONOMY": 0.6}, "STATEMENT"},
		{map[string]float64{"ECONOMY": 1.0, "STATEMENT": 0.6}, "ECONOMY"},
		{map[string]float64{"OTHER": 1.0, "SPORT": 0.5}, "SPORT"},
		{map[string]float64{}, ""},
	} {
		if got := DecideType(tc.scores); got != tc.want {
			t.Errorf("DecideType(%v) = %q, want %q", tc.scores, got, tc.want)
		}
	}
}

// TestCarriedSubjectOutsideSentence: "Ia ... mengunjungi ..." carries the
// subject over from a paragraph where it was named further in than the
// whole of this sentence. Its offsets must not be read as positions in
// this sentence (they cut s.lower past its end: a panic that cost two
// news-corpus articles their analysis; TestPickActorsCorpus in
// internal/cli runs those two).
func TestCarriedSubjectOutsideSentence(t *testing.T) {
	paras := []string{
		`"Beberapa waktu lalu kami sempat berbincang panjang soal banyak hal," kata Prabowo.`,
		"Ia sendiri hanya sebentar mengunjungi rumah duka Habibie.",
	}
	a := build(paras, []ent{prabowo}, nil)
	// The shape that panicked: the carried mention starts past the end of
	// the second paragraph's sentence, within reach of its trigger.
	if m := a.Entities[0].Mentions[0]; m.Start <= len(paras[1]) || m.Start-strings.Index(paras[1], "mengunjungi")-len("mengunjungi") > 40 {
		t.Fatalf("fixture lost its shape: mention at %d", m.Start)
	}
	evs := Code(a, Options{})
	for _, e := range evs {
		if e.Paragraph == 1 && e.Type == "CONSULT" {
			return
		}
	}
	t.Fatalf("events = %+v, want the visit of paragraph 1", evs)
}
