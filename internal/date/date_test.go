package date

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
)

var wib = time.FixedZone("WIB", 7*3600)

// ref is Tuesday 6 July 2021, 10:00 WIB: the seeds' report date.
var ref = time.Date(2021, 7, 6, 10, 0, 0, 0, wib)

// expectDate checks that text holds exactly one date expression (the
// whole of want.text when given) with the value and granularity wanted.
func expectDate(t *testing.T, r time.Time, text, want string, gran warta.Granularity) {
	t.Helper()
	ms, _ := Find([]string{text}, Options{Ref: r, RefKnown: true})
	if gran == "" { // no date expected
		if len(ms) != 0 {
			t.Fatalf("Find(%q) found %q, want nothing", text, ms[0].Text)
		}
		return
	}
	if len(ms) == 0 {
		t.Fatalf("Find(%q) found nothing, want %s", text, want)
	}
	got := ""
	if ms[0].Value != nil {
		got = *ms[0].Value
	}
	if got != want || ms[0].Granularity != gran {
		t.Fatalf("Find(%q) = %q (%s) from %q, want %q (%s)", text, got, ms[0].Granularity, ms[0].Text, want, gran)
	}
}

func expectNone(t *testing.T, text string) {
	t.Helper()
	ms, _ := Find([]string{text}, Options{Ref: ref, RefKnown: true})
	for _, m := range ms {
		if m.Granularity != warta.GranularityDuration {
			t.Fatalf("Find(%q) found %q as a date", text, m.Text)
		}
	}
}

type dcase struct {
	name, text, want string
	gran             warta.Granularity
}

var (
	D  = warta.GranularityDay
	M  = warta.GranularityMonth
	Y  = warta.GranularityYear
	R  = warta.GranularityRange
	T  = warta.GranularityTime
	DU = warta.GranularityDuration
)

var dateCases = []dcase{
	// Seeds and outlet formats.
	{"weekday with full date in parens", "Jakarta, Selasa (6/7/2021).", "2021-07-06", D},
	{"byline with WIB", "Selasa, 6 Juli 2021 10:00 WIB", "2021-07-06T10:00:00+07:00", T},
	{"byline with WITA", "Rabu, 7 Juli 2021 15:30 WITA", "2021-07-07T15:30:00+08:00", T},
	{"byline with WIT", "Kamis, 8 Juli 2021 08:05 WIT", "2021-07-08T08:05:00+09:00", T},
	{"byline dotted time", "6 Juli 2021 | 10.00 WIB", "2021-07-06T10:00:00+07:00", T},
	{"byline with pukul", "Selasa, 6 Juli 2021 pukul 10.00 WIB", "2021-07-06T10:00:00+07:00", T},
	{"byline abbreviated month", "Selasa, 06 Jul 2021 10:00 WIB", "2021-07-06T10:00:00+07:00", T},
	{"byline without zone means WIB", "Senin, 16 Sep 2019 14:30", "2019-09-16T14:30:00+07:00", T},
	{"byline with dash", "Selasa, 6 Juli 2021 - 10:00 WIB", "2021-07-06T10:00:00+07:00", T},
	{"month-year", "pada Maret 2020 tentang kerja sama", "2020-03", M},
	{"last month", "Pada bulan lalu, Kepala BPOM berkunjung.", "2021-06", M},
	{"year range with periode", "untuk periode 2021-2023,", "2021/2023", R},
	{"duration not a date", "setelah memasuki usia 30 tahun?", "", DU},
	// Day and month without year: the report's year.
	{"weekday day/month without year", "Rabu (7/7) malam", "2021-07-07", D},
	{"weekday day/month next day", "Senin (5/7)", "2021-07-05", D},
	{"day/month late last year", "Kamis (31/12)", "2020-12-31", D},
	{"day month name without year", "pada 17 Agustus", "2021-08-17", D},
	{"day month name December in July", "pada 28 Desember", "2020-12-28", D},
	{"weekday with day month name", "Jumat, 9 Juli", "2021-07-09", D},
	// Full dates.
	{"day month year", "sejak 1 Januari 2020", "2020-01-01", D},
	{"day month year abbreviation", "tanggal 3 Okt 2019", "2019-10-03", D},
	{"Nopember spelling", "pada 10 Nopember 2019", "2019-11-10", D},
	{"Pebruari spelling", "pada 14 Pebruari 2020", "2020-02-14", D},
	{"numeric date", "tertanggal 06/07/2021", "2021-07-06", D},
	{"numeric date with dots", "tertanggal 06.07.2021", "2021-07-06", D},
	{"ISO date", "dirilis 2021-07-06 lalu", "2021-07-06", D},
	{"weekday two-digit year", "Selasa (6/7/21)", "2021-07-06", D},
	{"leap day", "pada 29 Februari 2020", "2020-02-29", D},
	// Ranges.
	{"day range", "pada 8-9 Agustus 2017", "2017-08-08/2017-08-09", R},
	{"day range with hingga", "pada 8 hingga 10 Agustus 2017", "2017-08-08/2017-08-10", R},
	{"day range with sampai", "pada 8 sampai 10 Agustus", "2021-08-08/2021-08-10", R},
	{"day range en dash", "pada 8–9 Agustus 2017", "2017-08-08/2017-08-09", R},
	{"year range with tahun", "tahun 2019-2024", "2019/2024", R},
	{"year range bare", "kabinet 2014-2019 itu", "2014/2019", R},
	{"year range with hingga", "periode 2019 hingga 2024", "2019/2024", R},
	{"last week", "pekan lalu", "2021-06-28/2021-07-04", R},
	{"last week minggu", "minggu lalu", "2021-06-28/2021-07-04", R},
	{"next week", "pekan depan", "2021-07-12/2021-07-18", R},
	{"this week", "pekan ini", "2021-07-05/2021-07-11", R},
	{"two weeks ago", "dua pekan lalu", "2021-06-21/2021-06-27", R},
	// Relative days.
	{"today", "hari ini", "2021-07-06", D},
	{"yesterday", "kemarin", "2021-07-05", D},
	{"day before yesterday", "kemarin lusa", "2021-07-04", D},
	{"tomorrow", "besok", "2021-07-07", D},
	{"day after tomorrow", "lusa", "2021-07-08", D},
	{"two days ago", "dua hari lalu", "2021-07-04", D},
	{"three days ago with yang", "3 hari yang lalu", "2021-07-03", D},
	{"five days later", "lima hari lagi", "2021-07-11", D},
	{"last Monday", "Senin lalu", "2021-07-05", D},
	{"last Friday", "Jumat lalu", "2021-07-02", D},
	{"next Friday", "Jumat depan", "2021-07-09", D},
	{"Sunday last", "Minggu kemarin", "2021-07-04", D},
	// Relative months and years.
	{"next month", "bulan depan", "2021-08", M},
	{"this month", "bulan ini", "2021-07", M},
	{"two months ago", "dua bulan lalu", "2021-05", M},
	{"last year", "tahun lalu", "2020", Y},
	{"next year", "tahun depan", "2022", Y},
	{"this year", "tahun ini", "2021", Y},
	{"three years ago", "tiga tahun lalu", "2018", Y},
	{"ten years ago digits", "10 tahun silam", "2011", Y},
	{"June last", "Juni lalu", "2021-06", M},
	{"August last is last year", "Agustus lalu", "2020-08", M},
	{"March last", "Maret lalu", "2021-03", M},
	{"August coming", "Agustus mendatang", "2021-08", M},
	{"March next is next year", "Maret depan", "2022-03", M},
	{"early March", "awal Maret", "2021-03", M},
	{"end of June last", "akhir Juni lalu", "2021-06", M},
	{"mid August 2019", "pertengahan Agustus 2019", "2019-08", M},
	{"month name with bulan", "bulan Mei 2019", "2019-05", M},
	{"end of year", "akhir tahun", "2021", Y},
	{"end of last year", "akhir tahun lalu", "2020", Y},
	{"start of next year", "awal tahun depan", "2022", Y},
	{"end of year with number", "akhir tahun 2019", "2019", Y},
	// Years.
	{"year with pada", "pada 2017", "2017", Y},
	{"year with tahun", "tahun 2017", "2017", Y},
	{"year with sejak", "sejak 2014", "2014", Y},
	{"year with hingga", "hingga 2024", "2024", Y},
	// English.
	{"english full", "on July 6, 2021", "2021-07-06", D},
	{"english day first", "on 6 July 2021", "2021-07-06", D},
	{"english month year", "in March 2020", "2020-03", M},
	{"english yesterday", "yesterday", "2021-07-05", D},
	{"english last week", "last week", "2021-06-28/2021-07-04", R},
	{"english last year", "last year", "2020", Y},
	{"english in year", "in 2019", "2019", Y},
	{"english ordinal", "on July 6th, 2021", "2021-07-06", D},
	{"english days ago", "two days ago", "2021-07-04", D},
	// Durations.
	{"duration selama", "selama dua pekan", "", DU},
	{"duration months", "sudah tiga bulan", "", DU},
	{"duration hours", "selama 12 jam", "", DU},
	{"duration decades", "dua dekade", "", DU},
	{"duration beberapa", "beberapa hari", "", DU},
	{"duration english", "for three years", "", DU},
	// More outlet shapes and contexts.
	{"dateline Kompas style", "JAKARTA, KOMPAS.com - Pada Senin (5/7/2021) sore", "2021-07-05", D},
	{"dateline with comma weekday", "Jakarta, Kamis, (8/7/2021)", "2021-07-08", D},
	{"Jum'at spelling", "Jum'at (9/7/2021)", "2021-07-09", D},
	{"Ahad for Sunday", "Ahad (4/7/2021)", "2021-07-04", D},
	{"byline single digit day", "Rabu, 7 Juli 2021 9:05 WIB", "2021-07-07T09:05:00+07:00", T},
	{"byline December", "Jumat, 31 Desember 2021 23:59 WIB", "2021-12-31T23:59:00+07:00", T},
	{"byline January midnight", "Sabtu, 1 Januari 2022 00:01 WITA", "2022-01-01T00:01:00+08:00", T},
	{"date in quote", "\"Kami bertemu pada 12 Juni 2021,\" katanya.", "2021-06-12", D},
	{"date after tanggal", "tanggal 17 Agustus 1945", "1945-08-17", D},
	{"date after per", "per 1 Juli 2021", "2021-07-01", D},
	{"month-year after sejak", "sejak Januari 2021", "2021-01", M},
	{"month-year after hingga", "hingga Desember 2022", "2022-12", M},
	{"month-year English", "since January 2021", "2021-01", M},
	{"month last with bulan", "bulan Mei lalu", "2021-05", M},
	{"month this", "Juli ini", "2021-07", M},
	{"early month English", "early March", "2021-03", M},
	{"late month with year", "akhir Desember 2020", "2020-12", M},
	{"mid year", "pertengahan tahun", "2021", Y},
	{"year after medio", "medio 2019", "2019", Y},
	{"year range with s.d.", "2019 s.d. 2024", "2019/2024", R},
	{"masa jabatan range", "masa jabatan 2019-2024", "2019/2024", R},
	{"four days ago", "empat hari lalu", "2021-07-02", D},
	{"a week later with se", "sepekan lagi", "2021-07-12/2021-07-18", R},
	{"one year ago with se", "setahun lalu", "2020", Y},
	{"a month ago with se", "sebulan silam", "2021-06", M},
	{"duration with se", "selama sepekan", "", DU},
	{"two years ago digits", "2 tahun lalu", "2019", Y},
	{"next two weeks", "dua pekan mendatang", "2021-07-19/2021-07-25", R},
	{"three months later", "tiga bulan lagi", "2021-10", M},
	{"six months ago", "enam bulan lalu", "2021-01", M},
	{"last Thursday", "Kamis lalu", "2021-07-01", D},
	{"last Saturday", "Sabtu kemarin", "2021-07-03", D},
	{"coming Monday", "Senin depan", "2021-07-12", D},
	{"coming Wednesday", "Rabu mendatang", "2021-07-07", D},
	{"English tomorrow", "tomorrow", "2021-07-07", D},
	{"English next month", "next month", "2021-08", M},
	{"English this year", "this year", "2021", Y},
	{"English ago months", "three months ago", "2021-04", M},
	{"English since year", "since 2015", "2015", Y},
	{"English date range", "from 8 to 9 August 2017", "2017-08-08/2017-08-09", R},
	{"duration minutes", "selama 45 menit", "", DU},
	{"duration centuries", "dua abad", "", DU},
	{"duration days English", "for 10 days", "", DU},
	{"duration age", "berusia 64 tahun", "", DU},
	{"duration with sudah", "sudah 30 tahun", "", DU},
	// Weekday with day/month/year across the calendar (each weekday right).
	{"Senin 3 Januari 2022", "Senin (3/1/2022)", "2022-01-03", D},
	{"Selasa 15 Februari 2022", "Selasa (15/2/2022)", "2022-02-15", D},
	{"Rabu 16 Maret 2022", "Rabu (16/3/2022)", "2022-03-16", D},
	{"Kamis 14 April 2022", "Kamis (14/4/2022)", "2022-04-14", D},
	{"Jumat 13 Mei 2022", "Jumat (13/5/2022)", "2022-05-13", D},
	{"Sabtu 11 Juni 2022", "Sabtu (11/6/2022)", "2022-06-11", D},
	{"Minggu 17 Juli 2022", "Minggu (17/7/2022)", "2022-07-17", D},
	{"Rabu 17 Agustus 2022", "Rabu (17/8/2022)", "2022-08-17", D},
	{"Jumat 23 September 2022", "Jumat (23/9/2022)", "2022-09-23", D},
	{"Senin 31 Oktober 2022", "Senin (31/10/2022)", "2022-10-31", D},
	{"Selasa 15 November 2022", "Selasa (15/11/2022)", "2022-11-15", D},
	{"Minggu 25 Desember 2022", "Minggu (25/12/2022)", "2022-12-25", D},
	{"weekday with spaces in parens reads the date", "Kamis ( 8/7/2021 )", "2021-07-08", D},
	// Full dates in text, other years.
	{"date 2017 meeting", "bertemu pada 8 Agustus 2017 di Manila", "2017-08-08", D},
	{"date 2019 election", "pemilu 17 April 2019", "2019-04-17", D},
	{"date 2004", "sejak 26 Desember 2004", "2004-12-26", D},
	{"date 1998", "pada 21 Mei 1998", "1998-05-21", D},
	{"date 2024 inauguration", "dilantik 20 Oktober 2024", "2024-10-20", D},
	{"date with Sept abbreviation", "pada 9 Sept 2019", "2019-09-09", D},
	{"date with Agt abbreviation", "pada 17 Agt 2020", "2020-08-17", D},
	{"date with dotted abbreviation", "pada 3 Des. 2020", "2020-12-03", D},
	{"numeric date with dashes", "tanggal 06-07-2021", "2021-07-06", D},
	{"ISO in parentheses", "(2021-07-06)", "2021-07-06", D},
	{"English month day no year", "on July 6", "2021-07-06", D},
	{"English December no year", "on December 28", "2020-12-28", D},
	{"English day month", "on 28 December 2020", "2020-12-28", D},
	// Times.
	{"time WITA in Makassar", "Senin, 5 Juli 2021 14.30 WITA", "2021-07-05T14:30:00+08:00", T},
	{"time WIT in Jayapura", "Senin, 5 Juli 2021 08.00 WIT", "2021-07-05T08:00:00+09:00", T},
	{"time with jam", "6 Juli 2021 jam 10.00 WIB", "2021-07-06T10:00:00+07:00", T},
	{"time with pk", "6 Juli 2021 pk. 10.00 WIB", "2021-07-06T10:00:00+07:00", T},
	// Ranges more.
	{"day range across text", "digelar 10-12 November 2022 di Bali", "2022-11-10/2022-11-12", R},
	{"day range without year", "pada 1-3 Agustus", "2021-08-01/2021-08-03", R},
	{"year range dash en", "2020–2024", "2020/2024", R},
	{"reversed year range not a range", "2024-2020", "", ""},
	// Relative more.
	{"hari ini in sentence", "Presiden tiba hari ini di Jakarta", "2021-07-06", D},
	{"kemarin sore", "kemarin sore", "2021-07-05", D},
	{"besok pagi", "besok pagi", "2021-07-07", D},
	{"tiga hari lagi", "tiga hari lagi", "2021-07-09", D},
	{"sepuluh tahun lalu", "sepuluh tahun lalu", "2011", Y},
	{"tahun depan in sentence", "pemilu tahun depan", "2022", Y},
	{"bulan depan in sentence", "diluncurkan bulan depan", "2021-08", M},
	{"lusa in sentence", "sidang dilanjutkan lusa", "2021-07-08", D},
	{"pekan depan in sentence", "rapat digelar pekan depan", "2021-07-12/2021-07-18", R},
	{"tahun lalu in sentence", "anggaran tahun lalu", "2020", Y},
	{"awal tahun ini", "awal tahun ini", "2021", Y},
	{"akhir Maret lalu", "akhir Maret lalu", "2021-03", M},
	{"pertengahan Juni mendatang", "pertengahan Juni mendatang", "2022-06", M},
	{"Oktober 2019 abbreviated month-year", "Okt 2019", "2019-10", M},
	{"date with leading zero day", "pada 01 Juli 2021", "2021-07-01", D},
	{"date with weekday and comma", "Jumat, 9 Juli 2021", "2021-07-09", D},
	{"date in parentheses without weekday", "(9/7/2021)", "2021-07-09", D},
	{"month of last year", "Juli tahun lalu", "2020-07", M},
	{"pada Selasa is the report day", "bertemu pada Selasa untuk membahas", "2021-07-06", D},
	{"pada Jumat is the last Friday", "tiba pada Jumat malam", "2021-07-02", D},
	{"month of next year", "Maret tahun depan", "2022-03", M},
	{"wire-style weekday closing the clause", "bertemu di Jakarta, Senin.", "2021-07-05", D},
	{"wire-style weekday with time of day", "kata Retno di Jakarta, Kamis malam, kepada wartawan", "2021-07-01", D},
}

// TestMoreNotDates are numbers and words that look like dates but are not.
func TestMoreNotDates(t *testing.T) {
	for _, text := range []string{
		"Vaksin Sputnik V tiba dalam 5 batch",
		"versi 2.0 aplikasi itu",
		"Jalan Sudirman No. 12 Jakarta",
		"pukul mundur 3-0 di final",
		"RT 04/RW 09 Kelurahan Menteng",
		"Tol Cipali KM 102",
		"iPhone 13 Pro Max",
		"Pasal 28 UUD 1945 ayat 2",
		"sebanyak 15 orang terluka",
		"harga Rp 14.500 per liter",
	} {
		t.Run(text, func(t *testing.T) {
			ms, _ := Find([]string{text}, Options{Ref: ref, RefKnown: true})
			for _, m := range ms {
				if m.Granularity == warta.GranularityDay || m.Granularity == warta.GranularityMonth || m.Granularity == warta.GranularityTime {
					t.Fatalf("Find(%q) found %q as a %s", text, m.Text, m.Granularity)
				}
			}
		})
	}
}

func TestFind(t *testing.T) {
	for _, tc := range dateCases {
		t.Run(tc.name, func(t *testing.T) { expectDate(t, ref, tc.text, tc.want, tc.gran) })
	}
}

// TestEveryMonth covers each month name, full and abbreviated, in both
// outlet formats.
func TestEveryMonth(t *testing.T) {
	full := []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	abbr := []string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
	for i := range full {
		want := fmt.Sprintf("2019-%02d-15", i+1)
		t.Run(full[i], func(t *testing.T) { expectDate(t, ref, "pada 15 "+full[i]+" 2019", want, D) })
		t.Run(abbr[i], func(t *testing.T) { expectDate(t, ref, "pada 15 "+abbr[i]+" 2019", want, D) })
		t.Run(full[i]+" year", func(t *testing.T) { expectDate(t, ref, "pada "+full[i]+" 2019", want[:7], M) })
	}
}

// TestEveryWeekday resolves "Hari (d/m)" without a year for each weekday
// when the report date is unknown: the weekday picks the latest year at or
// before the reference (then the time of ingest, which nothing a report
// tells can follow). 12 July 2021 was a Monday but lies after the
// reference of 6 July 2021, so "Senin (12/7)" goes back to 2010.
func TestEveryWeekday(t *testing.T) {
	for _, tc := range []struct{ day, text, want string }{
		{"Senin", "Senin (12/7)", "2010-07-12"}, {"Selasa", "Selasa (12/7)", "2016-07-12"}, {"Rabu", "Rabu (12/7)", "2017-07-12"},
		{"Kamis", "Kamis (12/7)", "2018-07-12"}, {"Jumat", "Jumat (12/7)", "2019-07-12"}, {"Sabtu", "Sabtu (12/7)", "2014-07-12"},
		{"Minggu", "Minggu (12/7)", "2020-07-12"},
		{"Selasa (6/7) on the day", "Selasa (6/7)", "2021-07-06"},
	} {
		t.Run(tc.day, func(t *testing.T) {
			ms, _ := Find([]string{tc.text}, Options{Ref: ref, RefKnown: false})
			if len(ms) == 1 && *ms[0].Value > ref.Format("2006-01-02") {
				t.Fatalf("Find(%q) = %s: after the time of ingest %s", tc.text, *ms[0].Value, ref.Format("2006-01-02"))
			}
			if len(ms) != 1 || *ms[0].Value != tc.want {
				t.Fatalf("Find(%q) = %+v, want %s", tc.text, ms, tc.want)
			}
		})
	}
}

func TestWeekdayConflictIsAProblem(t *testing.T) {
	for _, text := range []string{"Selasa (12/7/2023)", "Senin, 6 Juli 2021", "Rabu (6/7)"} {
		ms, probs := Find([]string{text}, Options{Ref: ref, RefKnown: true})
		if len(ms) != 1 || len(probs) != 1 || !strings.Contains(probs[0].Msg, "was a") || probs[0].Stage != "date" {
			t.Errorf("Find(%q) = %d mentions, problems %v; want the date kept and one problem", text, len(ms), probs)
		}
	}
	if _, probs := Find([]string{"Rabu (12/7/2023)"}, Options{Ref: ref, RefKnown: true}); len(probs) != 0 {
		t.Errorf("a right weekday reported as a problem: %v", probs)
	}
}

func TestNotDates(t *testing.T) {
	for _, text := range []string{
		"HP dengan RAM 8 GB dan baterai 5000 mAh",
		"Pasal 12 ayat 3 undang-undang itu",
		"harga Rp 2.500 per kilogram",
		"pandemi Covid-19 di Indonesia",
		"nomor 3 dari 10 kandidat",
		"sebanyak 2021 orang hadir",
		"skor akhir 3-1 untuk tuan rumah",
		"tinggi 1,75 meter",
		"Mei Lestari, seorang guru",
		"kode pos 50123",
	} {
		t.Run(text, func(t *testing.T) { expectNone(t, text) })
	}
}

func TestSeveralInOneParagraphInOrder(t *testing.T) {
	p := "Ia mengungkapkan pada Maret 2020, Presiden telah berkomunikasi, lalu bertemu Selasa (6/7/2021) dan akan kembali bulan depan."
	ms, _ := Find([]string{"Judul", p}, Options{Ref: ref, RefKnown: true})
	var got []string
	for _, m := range ms {
		got = append(got, m.Text+"="+*m.Value)
		if m.Paragraph != 1 || p[m.Start:m.End] != m.Text {
			t.Fatalf("mention %+v: wrong paragraph or offsets", m)
		}
	}
	if strings.Join(got, "; ") != "Maret 2020=2020-03; Selasa (6/7/2021)=2021-07-06; bulan depan=2021-08" {
		t.Fatalf("got %v", got)
	}
}

func FuzzFind(f *testing.F) {
	for _, c := range dateCases {
		f.Add(c.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms, _ := Find([]string{s}, Options{Ref: ref, RefKnown: true})
		for _, m := range ms {
			if m.Start < 0 || m.End > len(s) || s[m.Start:m.End] != m.Text {
				t.Fatalf("bad offsets %+v in %q", m, s)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	p := []string{"Menteri Luar Negeri Retno Marsudi bertemu Lavrov di Jakarta, Selasa (6/7/2021). Pada Maret 2020 keduanya berbicara lewat telepon, dan bulan lalu BPOM berkunjung."}
	b.ReportAllocs()
	for b.Loop() {
		Find(p, Options{Ref: ref, RefKnown: true})
	}
}

// TestLawNamesAreNotDates: the year in a law's name dates nothing, while a
// year with its own cue still does.
func TestLawNamesAreNotDates(t *testing.T) {
	for text, want := range map[string]int{
		"revisi Undang-Undang Nomor 30 Tahun 2002 tentang KPK": 0,
		"Perpres No. 7 Tahun 2021 diteken":                     0,
		"UU Nomor 19 tahun 2019 berlaku pada tahun 2020":       1,
	} {
		ms, _ := Find([]string{text}, Options{Ref: ref, RefKnown: true})
		if len(ms) != want {
			t.Errorf("Find(%q) = %v, want %d mention(s)", text, ms, want)
		}
	}
}

// TestYearNeverRunsAhead: a date without a year lies at or before the
// report, or within the announced near future (planAhead); never a year
// ahead.
func TestYearNeverRunsAhead(t *testing.T) {
	for _, tc := range []struct{ name, ref, text, want string }{
		{"last December", "2019-07-10", "pada 28 Desember", "2018-12-28"},
		{"this August, announced", "2019-07-10", "pada 17 Agustus", "2019-08-17"},
		{"January in mid-November is next", "2019-11-15", "pada 2 Januari", "2020-01-02"},
		{"March from September is past", "2019-09-15", "pada 5 Maret", "2019-03-05"},
		{"October from September is past", "2019-09-15", "pada 20 Oktober", "2019-10-20"},
		{"December from September is last year's", "2019-09-15", "pada 20 Desember", "2018-12-20"},
		{"weekday and known report", "2021-07-06", "Selasa (6/7)", "2021-07-06"},
		{"day before", "2021-07-06", "Senin (5/7)", "2021-07-05"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := time.ParseInLocation("2006-01-02", tc.ref, wib)
			expectDate(t, r.Add(10*time.Hour), tc.text, tc.want, D)
		})
	}
}
