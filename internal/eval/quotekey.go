package eval

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/warta-news/warta"
)

// QuoteKeyRow is one labelled quote of the news-corpus quote key: where it
// is (article and first words) and who said it (empty for nobody).
type QuoteKeyRow struct {
	ArticleID string
	Start     string // the first words of the quoted text, as the article has them
	Speaker   string // canonical name; "" when the text names nobody
	Type      string // PER, ORG or NULL
	Class     string // named-adjacent, cue-pronoun, title-only, two-people, institution, anonymous, other
	Note      string
}

// QuoteKey is a labelled set of quotes in real articles
// (internal/eval/testdata/quotes-corpus).
type QuoteKey struct {
	Name string
	Rows []QuoteKeyRow
}

// LoadQuoteKey reads a quote key TSV (header: article_id, quote_start,
// speaker, speaker_type, class, note).
func LoadQuoteKey(path string) (*QuoteKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open quote key: %w", err)
	}
	defer f.Close()
	k, err := ReadQuoteKey(f)
	if err != nil {
		return nil, fmt.Errorf("quote key %s: %w", path, err)
	}
	k.Name = path
	return k, nil
}

// ReadQuoteKey reads a quote key TSV from r (see LoadQuoteKey).
func ReadQuoteKey(r io.Reader) (*QuoteKey, error) {
	k := &QuoteKey{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 && strings.HasPrefix(text, "article_id\t") || strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 5 {
			return nil, fmt.Errorf("line %d: %d columns, want 6", line, len(f))
		}
		for len(f) < 6 {
			f = append(f, "")
		}
		row := QuoteKeyRow{ArticleID: strings.TrimSpace(f[0]), Start: strings.TrimSpace(f[1]), Speaker: strings.TrimSpace(f[2]),
			Type: strings.TrimSpace(f[3]), Class: strings.TrimSpace(f[4]), Note: strings.TrimSpace(f[5])}
		if row.ArticleID == "" || len(quoteWords(row.Start)) == 0 {
			return nil, fmt.Errorf("line %d: no article or no quote start", line)
		}
		if (row.Speaker == "") != (row.Type == "NULL") {
			return nil, fmt.Errorf("line %d: speaker %q with type %q", line, row.Speaker, row.Type)
		}
		k.Rows = append(k.Rows, row)
	}
	return k, sc.Err()
}

// Articles returns the key's article IDs.
func (k *QuoteKey) Articles() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range k.Rows {
		if !seen[r.ArticleID] {
			seen[r.ArticleID] = true
			out = append(out, r.ArticleID)
		}
	}
	return out
}

// QuoteKeyReport is how well the quotes of real articles got their
// speakers.
type QuoteKeyReport struct {
	Name string
	// Right and Total count quotes found with the key's speaker, by class
	// and in all ("all").
	Right, Total map[string]int
	// NonNull counts the quotes given a speaker; NonNullRight those whose
	// speaker is the key's: the precision of the speakers warta names.
	NonNull, NonNullRight int
	NotFound              int // quotes of the key not found among the article's quotes
	Misses                []string
}

// Accuracy is the share of the key's quotes found with the right speaker
// (null where the key says null).
func (r *QuoteKeyReport) Accuracy() float64 {
	return float64(r.Right["all"]) / float64(max(1, r.Total["all"]))
}

// Precision is the share of right speakers among the quotes given one.
func (r *QuoteKeyReport) Precision() float64 {
	return float64(r.NonNullRight) / float64(max(1, r.NonNull))
}

// Print writes accuracy, precision, the classes and (verbose) the misses.
func (r *QuoteKeyReport) Print(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "news-corpus quote key %s: %d quotes\n", r.Name, r.Total["all"])
	fmt.Fprintf(w, "  accuracy  %d/%d = %.3f\n", r.Right["all"], r.Total["all"], r.Accuracy())
	fmt.Fprintf(w, "  precision of non-null speakers %d/%d = %.3f\n", r.NonNullRight, r.NonNull, r.Precision())
	fmt.Fprintf(w, "  quotes not found %d\n", r.NotFound)
	var classes []string
	for c := range r.Total {
		if c != "all" {
			classes = append(classes, c)
		}
	}
	sort.Strings(classes)
	for _, c := range classes {
		fmt.Fprintf(w, "  %-16s %3d/%-3d = %.3f\n", c, r.Right[c], r.Total[c], float64(r.Right[c])/float64(max(1, r.Total[c])))
	}
	if verbose {
		for _, m := range r.Misses {
			fmt.Fprintf(w, "  miss %s\n", m)
		}
	}
}

// ScoreQuoteKey finds each quote of the key among its article's quotes (the
// first one whose words start with the key's) and compares speakers: the
// same name, or the same canonical entity by canonical (which maps a name
// to its knowledge ID). A quote not found counts as wrong.
func ScoreQuoteKey(k *QuoteKey, arts map[string]*warta.Article, canonical func(name string) string) *QuoteKeyReport {
	r := &QuoteKeyReport{Name: k.Name, Right: map[string]int{}, Total: map[string]int{}}
	for _, row := range k.Rows {
		r.Total["all"]++
		r.Total[row.Class]++
		q := findKeyQuote(arts[row.ArticleID], row.Start)
		got := "null"
		if q == nil {
			r.NotFound++
			got = "not found"
		} else if q.Speaker != nil {
			got = *q.Speaker
		}
		ok := q != nil && sameSpeaker(row.Speaker, q, canonical)
		if q != nil && q.Speaker != nil {
			r.NonNull++
			if ok {
				r.NonNullRight++
			}
		}
		if ok {
			r.Right["all"]++
			r.Right[row.Class]++
			continue
		}
		want := row.Speaker
		if want == "" {
			want = "null"
		}
		cue := ""
		if q != nil && q.Cue != "" {
			cue = " (cue " + q.Cue + ")"
		}
		r.Misses = append(r.Misses, fmt.Sprintf("%s %s %q: got %s%s, want %s", row.Class, row.ArticleID, row.Start, got, cue, want))
	}
	sort.Strings(r.Misses)
	return r
}

func sameSpeaker(want string, q *warta.Quote, canonical func(string) string) bool {
	if q.Speaker == nil || want == "" {
		return q.Speaker == nil && want == ""
	}
	got := *q.Speaker
	if strings.Join(quoteWords(got), " ") == strings.Join(quoteWords(want), " ") {
		return true
	}
	if canonical == nil {
		return false
	}
	id := canonical(want)
	return !strings.HasPrefix(id, "x:") && (id == q.SpeakerID || id == canonical(got))
}

// findKeyQuote returns the quote of a whose words begin with start's, else
// one that holds them (a quote warta began earlier).
func findKeyQuote(a *warta.Article, start string) *warta.Quote {
	if a == nil {
		return nil
	}
	want := strings.Join(quoteWords(start), " ")
	var inside *warta.Quote
	for i := range a.Quotes {
		q := &a.Quotes[i]
		if !q.Direct {
			continue
		}
		ws := strings.Join(quoteWords(q.Text), " ")
		if strings.HasPrefix(ws, want) {
			return q
		}
		if inside == nil && strings.Contains(ws, want) {
			inside = q
		}
	}
	return inside
}

// accents folds the Latin letters with diacritics news drops ("Gusmão",
// "Çavuşoğlu") to their base letters.
var accents = strings.NewReplacer("á", "a", "à", "a", "â", "a", "ã", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ï", "i", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ú", "u", "ü", "u", "ç", "c", "ş", "s", "ğ", "g", "ñ", "n", "ı", "i")

// quoteWords are the lower-case words of s, punctuation dropped: the key's
// first words and warta's quote text differ in commas and spaces.
func quoteWords(s string) []string {
	return strings.FieldsFunc(accents.Replace(strings.ToLower(s)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
