package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldens records the golden files the tests used, so TestMain can fail on
// one no test reads any more.
var goldens = map[string]bool{}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && !*update && flag.Lookup("test.run").Value.String() == "" {
		files, _ := filepath.Glob("testdata/*.golden.*")
		for _, f := range files {
			if !goldens[filepath.Base(f)] {
				fmt.Fprintf(os.Stderr, "orphaned golden file %s: no test reads it\n", f)
				code = 1
			}
		}
	}
	os.Exit(code)
}

// fixture stores three articles and the two events they report: a meeting
// reported by two outlets, and an undated arrest with a recipient.
func fixture(t *testing.T) warta.Store {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	wib := time.FixedZone("WIB", 7*3600)
	day := "2025-05-06"
	sugiono := warta.Entity{ID: "per:sugiono", Name: "Sugiono", Type: warta.EntityPerson, Role: "Menteri Luar Negeri",
		Affiliation: "Indonesia", Mentions: []warta.Mention{{Text: "Sugiono"}, {Text: "Menlu Sugiono"}}}
	wang := warta.Entity{ID: "per:wang-yi", Name: "Wang Yi", Type: warta.EntityPerson, Role: "Menteri Luar Negeri",
		Affiliation: "Tiongkok", Mentions: []warta.Mention{{Text: "Wang Yi"}}}
	jakarta := warta.Entity{ID: "loc:jakarta", Name: "Jakarta", Type: warta.EntityLocation, Mentions: []warta.Mention{{Text: "Jakarta"}}}
	tiongkok := warta.Entity{ID: "loc:tiongkok", Name: "Tiongkok", Type: warta.EntityLocation, Mentions: []warta.Mention{{Text: "China"}}}
	kpk := warta.Entity{ID: "org:kpk", Name: "Komisi Pemberantasan Korupsi", Type: warta.EntityOrganization, Mentions: []warta.Mention{{Text: "KPK"}}}
	arif := warta.Entity{ID: "x:person:arif-hidayatullah", Name: "Arif Hidayatullah", Type: warta.EntityPerson, Role: "Bupati",
		Affiliation: "Sumber Jaya", Mentions: []warta.Mention{{Text: "Arif Hidayatullah"}}}
	meeting := warta.Event{ID: "e-meeting", StoryID: "s-meeting", Type: "CONSULT", Mode: "meeting", Status: "done", Date: &day,
		Actors: []string{"Sugiono", "Wang Yi"}, ActorIDs: []string{sugiono.ID, wang.ID}, Place: "Jakarta", Topics: []string{"perdagangan"}}
	arrest := warta.Event{ID: "e-arrest", StoryID: "s-arrest", Type: "ARREST", Mode: "arrest", Status: "done",
		Actors: []string{"KPK"}, ActorIDs: []string{kpk.ID}, Recipient: "Arif Hidayatullah"}
	arts := []struct {
		raw, outlet, url, title string
		at                      time.Time
		paras                   []string
		entities                []warta.Entity
		events                  []warta.Event
	}{
		{"kompas", "Kompas.com", "https://kompas.example/menlu", "Menlu Sugiono terima Wang Yi",
			time.Date(2025, 5, 6, 15, 0, 0, 0, wib),
			[]string{`JAKARTA, KOMPAS.com - Menlu Sugiono menerima Wang Yi di Jakarta.`, `"Kami sepakat," kata Sugiono.`},
			[]warta.Entity{sugiono, wang, jakarta}, []warta.Event{meeting}},
		{"antara", "ANTARA", "https://antara.example/menlu", "Indonesia dan Tiongkok perkuat kerja sama",
			time.Date(2025, 5, 6, 14, 0, 0, 0, wib),
			[]string{"Jakarta (ANTARA) - Sugiono dan Wang Yi bertemu di Jakarta, membahas perdagangan."},
			[]warta.Entity{sugiono, wang, jakarta, tiongkok}, []warta.Event{meeting}},
		{"detik", "detikcom", "https://detik.example/kpk", "KPK tangkap Bupati\tSumber Jaya",
			time.Date(2025, 5, 7, 9, 30, 0, 0, wib),
			[]string{"KPK menangkap Bupati Sumber Jaya Arif Hidayatullah."},
			[]warta.Entity{kpk, arif}, []warta.Event{arrest}},
	}
	ids := map[string]string{}
	for _, x := range arts {
		d := &warta.Document{ID: warta.ContentID([]byte(x.raw)), Source: x.raw + ".txt", URL: x.url, Format: warta.FormatText, Raw: []byte(x.raw)}
		if _, err := db.PutDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		a := &warta.Article{ID: d.ID, Source: d.Source, URL: x.url, Outlet: x.outlet, Language: "id", Title: x.title,
			Published: x.at.Format(time.RFC3339), PublishedAt: x.at, Authors: []string{"Penulis " + x.outlet}, Type: "news",
			Paragraphs: x.paras, Entities: x.entities, Events: x.events, EventID: x.events[0].ID, StoryID: x.events[0].StoryID}
		if err := db.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids[x.raw] = d.ID
	}
	rec := func(e warta.Event, date string, reps ...string) *warta.EventRecord {
		r := &warta.EventRecord{ID: e.ID, StoryID: e.StoryID, Type: e.Type, Mode: e.Mode, Status: e.Status, Date: date,
			Place: e.Place, Actors: e.Actors, ActorIDs: e.ActorIDs, Topics: e.Topics}
		for _, raw := range reps {
			for _, x := range arts {
				if x.raw == raw {
					r.Reports = append(r.Reports, warta.Report{ArticleID: ids[raw], Outlet: x.outlet, Title: x.title,
						Published: x.at.Format(time.RFC3339), Sentence: x.paras[0]})
				}
			}
		}
		return r
	}
	for _, e := range []*warta.EventRecord{rec(meeting, day, "kompas", "antara"), rec(arrest, "", "detik")} {
		if err := db.PutEvent(ctx, e, nil); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestGolden(t *testing.T) {
	db := fixture(t)
	for _, tc := range []struct {
		golden string
		req    Request
	}{
		{"articles.golden.jsonl", Request{What: Articles}},
		{"articles.golden.csv", Request{What: Articles, Format: CSV}},
		{"events.golden.jsonl", Request{What: Events}},
		{"gdelt.golden.tsv", Request{What: GDELT}},
		{"cooccurrence.golden.csv", Request{What: Cooccurrence}},
		{"cooccurrence_min2.golden.csv", Request{What: Cooccurrence, MinWeight: 2}},
		{"events_wang_yi.golden.jsonl", Request{What: Events, Filtered: true, Query: warta.SearchQuery{Entities: []string{"per:wang-yi"}}}},
		{"articles_arrest.golden.csv", Request{What: Articles, Format: CSV, Filtered: true, Query: warta.SearchQuery{EventTypes: []string{"ARREST"}}}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(context.Background(), &buf, db, tc.req); err != nil {
				t.Fatal(err)
			}
			expectGolden(t, tc.golden, buf.Bytes())
		})
	}
}

func expectGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldens[name] = true
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/export -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs (go test ./internal/export -update rewrites it):\n%s", name, diff(string(want), string(got)))
	}
}

// diff lists the lines that differ, numbered, want first.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, x, y)
		}
	}
	return b.String()
}

func TestRequestCheck(t *testing.T) {
	for _, tc := range []struct {
		what, format, want string
		ok                 bool
	}{
		{"articles", "", "jsonl", true},
		{"articles", "csv", "csv", true},
		{"events", "", "jsonl", true},
		{"events", "csv", "", false},
		{"gdelt", "", "tsv", true},
		{"cooccurrence", "jsonl", "", false},
		{"people", "", "", false},
	} {
		r := Request{What: tc.what, Format: tc.format}
		err := r.Check()
		if (err == nil) != tc.ok || tc.ok && r.Format != tc.want {
			t.Errorf("%s/%s: format %q err %v", tc.what, tc.format, r.Format, err)
		}
		if !tc.ok && warta.ErrorCode(err) != warta.EINVALID {
			t.Errorf("%s/%s: code %q, want invalid", tc.what, tc.format, warta.ErrorCode(err))
		}
	}
}

// TestTablesParse reads the CSV and TSV back: every row has the header's
// width, and a TSV cell never holds a tab or line break.
func TestTablesParse(t *testing.T) {
	db := fixture(t)
	for _, what := range []string{Articles, Cooccurrence} {
		var buf bytes.Buffer
		Write(context.Background(), &buf, db, Request{What: what, Format: CSV})
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s CSV: %d rows, %v", what, len(rows), err)
		}
	}
	var buf bytes.Buffer
	Write(context.Background(), &buf, db, Request{What: GDELT})
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for i, l := range lines {
		if n := len(strings.Split(l, "\t")); n != len(GDELTColumns) {
			t.Errorf("TSV line %d has %d cells, want %d: %q", i+1, n, len(GDELTColumns), l)
		}
	}
}

// TestCSVFormulaCells: cells a spreadsheet would run as formulas (=, +,
// -, @, tab, carriage return first) are written with a leading quote, as
// OWASP advises for CSV injection; other cells are left alone.
func TestCSVFormulaCells(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw := []byte("halaman berbahaya")
	d := &warta.Document{ID: warta.ContentID(raw), Source: "t.txt", Format: warta.FormatText, Raw: raw}
	if _, err := db.PutDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	a := &warta.Article{ID: d.ID, Title: `=HYPERLINK("http://evil.example","klik")`, Outlet: "+62 Media",
		Kicker: "@admin", Dateline: "-2+3", Authors: []string{"\tTab"}, Paragraphs: []string{"Isi berita biasa."}}
	if err := db.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(ctx, &buf, db, Request{What: Articles, Format: CSV}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV: %d rows, %v", len(rows), err)
	}
	cells := map[string]string{}
	for i, name := range rows[0] {
		cells[name] = rows[1][i]
	}
	for col, want := range map[string]string{
		"title": `'=HYPERLINK("http://evil.example","klik")`, "outlet": "'+62 Media", "kicker": "'@admin",
		"dateline": "'-2+3", "authors": "'\tTab", "text": "Isi berita biasa.", "id": d.ID,
	} {
		if cells[col] != want {
			t.Errorf("%s = %q, want %q", col, cells[col], want)
		}
	}
}
