package extract

import "testing"

// TestDateLineForms holds publish-date lines in the shapes Indonesian
// outlets and government sites print them, in Indonesian and English,
// written by us after the layouts (not copied from pages): each must give
// the page's own date, with the time and offset when the line has them.
func TestDateLineForms(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		// Weekday, day month-name year, time, zone.
		{"Selasa, 6 Juli 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa, 06 Jul 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa 06 Juli 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa, 06 Juli 2021 - 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa, 6 Juli 2021 | 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa, 06 Juli 2021 / 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa, 06 Juli 2021 - 14:30:00 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa, 6 Juli 2021 pukul 14.30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa, 6 Juli 2021 14:30", "2021-07-06T14:30:00+07:00"},
		{"Rabu, 7 Juli 2021 06:00 WITA", "2021-07-07T06:00:00+08:00"},
		{"Selasa, 6 Juli 2021 14:30 WIT", "2021-07-06T14:30:00+09:00"},
		{"Jumat, 02 Apr 2021 21:30 WIB", "2021-04-02T21:30:00+07:00"},
		{"Jum'at, 2 April 2021 21:30 WIB", "2021-04-02T21:30:00+07:00"},
		{"Minggu, 1 Agu 2021 08:05 WIB", "2021-08-01T08:05:00+07:00"},
		{"Kamis, 16 Nop 2023 19:00 WIB", "2023-11-16T19:00:00+07:00"},
		// Day month-name year, then a comma, a time and a zone.
		{"6 Juli 2021, 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"06 Jul 2021, 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"6 Juli 2021, 14:30:11 WIB", "2021-07-06T14:30:11+07:00"},
		{"06 Juli 2021 | 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"6 Juli 2021 14.30 WIB", "2021-07-06T14:30:00+07:00"},
		{"06 Juli 2021 Pukul 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"6 Jul 2021 - 14:30", "2021-07-06T14:30:00+07:00"},
		{"06 July 2021 14:30", "2021-07-06T14:30:00+07:00"},
		{"6 July 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		// Numeric dates, with a comma and a dotted time.
		{"06/07/2021, 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"06/07/2021, 14.30 WIB", "2021-07-06T14:30:00+07:00"},
		{"6/7/2021, 14.30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Selasa, 06/07/2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"06-07-2021, 14.30 WIB", "2021-07-06T14:30:00+07:00"},
		{"06.07.2021 14:30", "2021-07-06T14:30:00+07:00"},
		{"Kompas.com - 06/07/2021, 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Kompas.com, 6 Juli 2021, 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		// ISO dates, alone or with a time.
		{"2021-07-06", "2021-07-06"},
		{"2021-07-06 14:30", "2021-07-06T14:30:00+07:00"},
		{"2021-07-06T14:30:00+07:00", "2021-07-06T14:30:00+07:00"},
		{"2021-07-06T07:30:00Z", "2021-07-06T07:30:00Z"},
		{"Published 2021-07-06", "2021-07-06"},
		// With a prefix, Indonesian and English.
		{"Diterbitkan: Selasa, 6 Juli 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Dipublikasikan pada 06/07/2021", "2021-07-06"},
		{"Diperbarui: Selasa, 06 Juli 2021 - 15:00 WIB", "2021-07-06T15:00:00+07:00"},
		{"Published: Tuesday, 06 July 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Updated: Tuesday, 06 July 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Posted on July 6, 2021", "2021-07-06"},
		{"Published: Tue, July 6, 2021", "2021-07-06"},
		{"Jakarta ● Tue, July 6, 2021", "2021-07-06"},
		{"Tanggal: 6 Juli 2021", "2021-07-06"},
		// English month-first.
		{"July 6, 2021", "2021-07-06"},
		{"July 6, 2021 | 2:30 pm", "2021-07-06T14:30:00+07:00"},
		{"Tuesday, July 6, 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"Jul 6, 2021 14:30 WIB", "2021-07-06T14:30:00+07:00"},
		{"July 6th, 2021", "2021-07-06"},
		{"6th July 2021 14:30", "2021-07-06T14:30:00+07:00"},
		{"Tuesday, 6 July 2021, 2:30 pm WIB", "2021-07-06T14:30:00+07:00"},
		// Time first.
		{"14:30 WIB - Selasa, 6 Juli 2021", "2021-07-06T14:30:00+07:00"},
		{"14.30 WIB, 6 Juli 2021", "2021-07-06T14:30:00+07:00"},
		{"06:00 WITA | Rabu, 7 Juli 2021", "2021-07-07T06:00:00+08:00"},
		// Zones written as offsets.
		{"06 Juli 2021 14:30 GMT+7", "2021-07-06T14:30:00+07:00"},
		{"Tue, 06 Jul 2021 07:30:00 GMT", "2021-07-06T07:30:00Z"},
		// Bare dates.
		{"Selasa, 6 Juli 2021", "2021-07-06"},
		{"6 Juli 2021", "2021-07-06"},
		{"Senin (5/7/2021)", "2021-07-05"},
		{"Selasa, 06-07-2021", "2021-07-06"},
		{"31 Desember 2020 23:59 WIB", "2020-12-31T23:59:00+07:00"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			pt, _, ok := parsePublished(tc.line)
			if !ok {
				t.Fatalf("parsePublished(%q): no date, want %s", tc.line, tc.want)
			}
			if got := pt.value(); got != tc.want {
				t.Fatalf("parsePublished(%q) = %s, want %s", tc.line, got, tc.want)
			}
			if !dateLineLike(tc.line) {
				t.Errorf("%q is not taken for a date line", tc.line)
			}
		})
	}
}
