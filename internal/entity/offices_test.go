package entity

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"
)

// TestOfficeHolders reads testdata/offices-cases.tsv: a title as news
// writes it, a day, and who held that office on that day (changes of office
// within a year come in pairs of days either side of the change).
func TestOfficeHolders(t *testing.T) {
	r := mustLoad(t)
	f, err := os.Open("testdata/offices-cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 3 {
			t.Fatalf("bad case %q", line)
		}
		n++
		day, err := time.Parse(time.DateOnly, c[1])
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if h, ok := r.Offices().HolderOf(c[0], day); ok {
			got = h.Name
		}
		if got != c[2] {
			t.Errorf("%s on %s: got %q, want %q", c[0], c[1], got, c[2])
		}
	}
	if n < 80 {
		t.Fatalf("only %d cases; the issue asks for at least 80", n)
	}
}

func TestParseTitle(t *testing.T) {
	r := mustLoad(t)
	tests := []struct{ in, office, of, rest string }{
		{"Menlu RI", "Menteri Luar Negeri", "Indonesia", ""},
		{"Menteri Luar Negeri Rusia Sergey Lavrov", "Menteri Luar Negeri", "Rusia", "Sergey Lavrov"},
		{"Ketua KPU RI", "Ketua", "Komisi Pemilihan Umum", ""},
		{"Kapolri", "Kepala", "Kepolisian Negara Republik Indonesia", ""},
		{"Gubernur Jawa Tengah Ganjar", "Gubernur", "Jawa Tengah", "Ganjar"},
		{"Foreign Minister", "Menteri Luar Negeri", "Indonesia", ""},
		{"Secretary of State", "Menteri Luar Negeri", "Amerika Serikat", ""},
	}
	for _, tc := range tests {
		office, of, rest, ok := r.Offices().ParseTitle(tc.in)
		if !ok || office != tc.office || of != tc.of || rest != tc.rest {
			t.Errorf("ParseTitle(%q) = %q, %q, %q, %v; want %q, %q, %q", tc.in, office, of, rest, ok, tc.office, tc.of, tc.rest)
		}
	}
	if _, _, _, ok := r.Offices().ParseTitle("Sergey Lavrov"); ok {
		t.Error("a name parsed as a title")
	}
}

// Holders the knowledge file knows keep its IDs, so that a title resolves
// to the same entity as the name.
func TestOfficeHoldersLinkToKnowledge(t *testing.T) {
	r := mustLoad(t)
	h, ok := r.Offices().HolderOf("Menlu", time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC))
	if !ok || h.ID != "per:retno-marsudi" {
		t.Fatalf("Menlu in July 2021 = %+v, want per:retno-marsudi", h)
	}
	if got := r.Offices().Of("per:prabowo-subianto"); len(got) != 2 || got[0].Office != "Menteri Pertahanan" || got[1].Office != "Presiden" {
		t.Fatalf("Prabowo's offices = %+v", got)
	}
	// A holder not in people.tsv is still known by a full name.
	if id, _ := r.Canonical("Purbaya Yudhi Sadewa"); id != "per:purbaya-yudhi-sadewa" {
		t.Fatalf("Purbaya Yudhi Sadewa → %q", id)
	}
}

func TestHolderNamed(t *testing.T) {
	o := mustLoad(t).Offices()
	sep2019 := time.Date(2019, 9, 16, 0, 0, 0, 0, time.UTC)
	if h, ok := o.HolderNamed("Agus", sep2019, []string{"Komisi Pemberantasan Korupsi"}); !ok || h.Name != "Agus Rahardjo" {
		t.Errorf("Agus at the KPK in September 2019 = %+v, %v", h, ok)
	}
	if h, ok := o.HolderNamed("Agus", sep2019, []string{"Dewan Perwakilan Rakyat"}); ok {
		t.Errorf("Agus without the KPK named = %+v", h)
	}
	// Three ministers called Budi in the cabinet of 2025: no answer.
	if h, ok := o.HolderNamed("Budi", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), []string{"Indonesia"}); ok {
		t.Errorf("Budi in 2025 = %+v, want no single holder", h)
	}
}
