package feed

import (
	"testing"
	"time"
)

func expectDate(t *testing.T, in, want string) {
	t.Helper()
	d, ok := ParseDate(in, nil)
	if !ok {
		t.Errorf("ParseDate(%q) failed, want %s", in, want)
		return
	}
	if got := d.String(); got != want {
		t.Errorf("ParseDate(%q) = %s, want %s", in, got, want)
	}
}

func TestParseDate(t *testing.T) {
	expectDate(t, "Selasa, 06 Mei 2025 10:00:00 WIB", "2025-05-06T10:00:00+07:00")
	expectDate(t, "Tue, 06 May 2025 10:00:00 +0700", "2025-05-06T10:00:00+07:00")
	expectDate(t, "Tue, 06 May 2025 03:00:00 GMT", "2025-05-06T03:00:00Z")
	expectDate(t, "Tue, 6 May 25 03:00 EDT", "2025-05-06T03:00:00-04:00")
	expectDate(t, "Rabu, 7 Mei 2025 | 14.30 WITA", "2025-05-07T14:30:00+08:00")
	expectDate(t, "Kamis, 08 Mei 2025 - 09:15 WIT", "2025-05-08T09:15:00+09:00")
	expectDate(t, "Jum'at, 9 Mei 2025 pukul 19:00 WIB", "2025-05-09T19:00:00+07:00")
	expectDate(t, "06 Mei 2025 10:00", "2025-05-06T10:00:00+07:00") // no zone: WIB
	expectDate(t, "6 Agustus 2025", "2025-08-06")
	expectDate(t, "06/05/2025 10:00", "2025-05-06T10:00:00+07:00") // day first
	expectDate(t, "Tue, 06 May 2025 10:00:00+0700", "2025-05-06T10:00:00+07:00")
	expectDate(t, "Tue, 06 May 2025 10:00:00 GMT+7", "2025-05-06T10:00:00+07:00")
	expectDate(t, "May 6, 2025 10:00 PM", "2025-05-06T22:00:00+07:00")
	expectDate(t, "2025-05-06T10:00:00+07:00", "2025-05-06T10:00:00+07:00")
	expectDate(t, "2025-05-06T03:00:00Z", "2025-05-06T03:00:00Z")
	expectDate(t, "2025-05-06T10:00:00.123+0700", "2025-05-06T10:00:00+07:00")
	expectDate(t, "2025-05-06 10:00:00", "2025-05-06T10:00:00+07:00")
	expectDate(t, "2025-05-06", "2025-05-06")
	expectDate(t, "Sab, 10 Mei 2025 23:59:60 WIB", "2025-05-10T23:59:59+07:00")
	for _, bad := range []string{"", "kemarin", "31 Juni 2025", "Selasa", "06 Mei", "2025", "06 Foo 2025 10:00",
		"99/99/2025", "Tue, 06 May 2025 25:00:00 GMT", "1 Januari 1800"} {
		if d, ok := ParseDate(bad, nil); ok {
			t.Errorf("ParseDate(%q) = %s, want failure", bad, d)
		}
	}
	// The zone given to ParseDate is used only when the date names none.
	utc, _ := ParseDate("06 Mei 2025 10:00", time.UTC)
	if utc.String() != "2025-05-06T10:00:00Z" {
		t.Errorf("with def UTC: %s", utc)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Selasa, 06 Mei 2025 10:00:00 WIB", "Tue, 06 May 2025 10:00:00 +0700", "2025-05-06",
		"06/05/2025 10.00", "May 6, 2025 10:00 PM", "Tue, 06 May 2025 10:00:00+0700"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s, nil)
		if !ok {
			if !d.Time.IsZero() {
				t.Fatalf("failed parse with a time: %v", d.Time)
			}
			return
		}
		if y := d.Time.Year(); y < 1899 || y > 2201 {
			t.Fatalf("year %d from %q", y, s)
		}
		// What String renders reads back as the same instant, or for a
		// bare day the same day.
		again, ok := ParseDate(d.String(), nil)
		if !ok || d.HasTime && !again.Time.Equal(d.Time) || !d.HasTime && again.String() != d.String() {
			t.Fatalf("%q -> %s -> %v (%v)", s, d, again.Time, ok)
		}
	})
}
