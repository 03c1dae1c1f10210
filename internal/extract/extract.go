package extract

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/pattern"
)

// Options configure Extract.
type Options struct {
	// Repeats, when set, returns for an outlet how many other stored pages
	// contained each line hash, and how many pages of the outlet are known,
	// so that sidebars repeating from page to page are recognized.
	Repeats func(outlet string, hashes []uint64) (counts map[uint64]int, pages int)
	// Now is the reference time when nothing else dates the page.
	Now time.Time
}

// Extract cleans one document into an article. It never fails: a page it
// cannot use yields an article without paragraphs and a problem saying why.
func Extract(doc *warta.Document, opt Options) (*warta.Article, []warta.Problem) {
	a := &warta.Article{ID: doc.ID, Source: doc.Source, URL: doc.URL, Paragraphs: []string{}, Captions: []string{},
		Related: []string{}, Clutter: []warta.Clutter{}, Problems: []warta.Problem{}, Entities: []warta.Entity{},
		Quotes: []warta.Quote{}, Dates: []warta.DateMention{}, Events: []warta.Event{}, Type: "news"}
	var probs []warta.Problem
	problem := func(msg string) {
		probs = append(probs, warta.Problem{Source: doc.Source, Stage: "extract", Msg: msg})
	}
	text := doc.Text
	var hm *htmlMeta
	if doc.TextFormat == warta.FormatHTML {
		var err error
		text, hm, err = fromHTML(doc.Text, doc.URL)
		if err != nil {
			problem(err.Error())
			return a, probs
		}
	} else if doc.Format == warta.FormatJSON {
		text = splitJoined(text)
	}
	lines := splitLines(text)
	if len(lines) == 0 {
		problem("no text on the page")
		return a, probs
	}
	// Outlet first: cross-page repetition is counted per outlet. An outlet
	// named by the user or the record (sources add --outlet, fetch
	// --outlet, a JSONL "outlet") is taken as given, over the URL's host.
	a.Outlet = firstNonEmpty(CanonicalOutlet(doc.Hints.Outlet), strings.TrimSpace(doc.Hints.Outlet), outletFromURL(doc.URL))
	if hm != nil && a.Outlet == "" {
		a.Outlet = firstNonEmpty(CanonicalOutlet(hm.siteName), hm.siteName)
	}
	if a.Outlet == "" {
		a.Outlet = outletFromLines(lines)
	}
	if opt.Repeats != nil && a.Outlet != "" {
		hashes := make([]uint64, len(lines))
		for i, l := range lines {
			hashes[i] = LineHash(l.text)
		}
		counts, pages := opt.Repeats(a.Outlet, hashes)
		if pages >= 2 {
			for i := range lines {
				lines[i].onPages = counts[hashes[i]]
			}
		}
	}
	// Pages from HTML went through a main-content extractor, and JSON
	// records carry a body a scraper already cut out: both get the lenient
	// classifier. Text dumps are whole pages and get the full one.
	c := &cleaner{a: a, lines: lines, fromHTML: hm != nil || doc.Format == warta.FormatJSON}
	c.run()
	if hm != nil {
		c.applyHTMLMeta(hm)
	}
	c.applyHints(doc.Hints)
	// No date printed on the page or given with it: infer one, and say so.
	if a.Published == "" {
		if pt, ok := c.reportDate(); ok {
			a.Published, a.PublishedAt, a.PublishedFrom = pt.value(), pt.t, "dateline"
		}
	}
	if a.Published == "" {
		if pt, ok := urlDate(doc.URL); ok {
			a.Published, a.PublishedAt, a.PublishedFrom = pt.value(), pt.t, "url"
		} else if pt, ok := urlDate(c.pageURL()); ok {
			a.Published, a.PublishedAt, a.PublishedFrom = pt.value(), pt.t, "url"
		}
	}
	if a.Published == "" {
		if pt, ok := c.leadDate(); ok {
			a.Published, a.PublishedAt, a.PublishedFrom = pt.value(), pt.t, "text"
		}
	}
	if len(a.Paragraphs) == 0 {
		problem("no article body found")
	}
	return a, probs
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// lineRune is how a line's characters are cleaned: tabs and NBSP become
// spaces (strings.Map also turns each invalid byte into U+FFFD).
func lineRune(r rune) rune {
	if r == '\t' || r == '\u00a0' {
		return ' '
	}
	return r
}

// splitLines keeps non-empty lines with their line numbers.
func splitLines(text string) []line {
	var out []line
	for i, raw := range strings.Split(text, "\n") {
		t := strings.TrimSpace(strings.Map(lineRune, raw))
		if t == "" {
			continue
		}
		l := line{n: i + 1, text: t}
		l.score, l.title, l.words = sentenceScore(t)
		l.cue = cueKind(t)
		out = append(out, l)
	}
	seen := map[string]int{}
	for _, l := range out {
		seen[normLine(l.text)]++
	}
	for i := range out {
		out[i].inPage = seen[normLine(out[i].text)] - 1
	}
	return out
}

// PageLines returns the hashes of the lines of a document that the store
// counts per outlet to spot sidebars repeating across pages.
func PageLines(doc *warta.Document) []uint64 {
	// HTML pages are not counted: their boilerplate is the main-content
	// extractor's job, and counting would parse every page twice.
	if doc.TextFormat == warta.FormatHTML {
		return nil
	}
	text := doc.Text
	if doc.Format == warta.FormatJSON {
		text = splitJoined(text)
	}
	var out []uint64
	for _, l := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(l); t != "" && len(t) < 300 {
			out = append(out, LineHash(t))
		}
	}
	return out
}

// splitJoints breaks text where a scraper joined paragraphs with commas:
// after a sentence end (. ! ? or a closing quote), before a capital
// letter, an opening quote or a parenthesis. A plain loop, because the
// equivalent regular expression was a tenth of the whole ingest.
func splitJoints(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for i := 0; i < len(text); i++ {
		if text[i] != ',' {
			continue
		}
		// Before: optional spaces, then a sentence end.
		j := i - 1
		for j >= 0 && text[j] == ' ' {
			j--
		}
		if j < 0 {
			continue
		}
		end := strings.ContainsRune(".!?\"", rune(text[j])) || strings.HasSuffix(text[:j+1], "”")
		if !end {
			continue
		}
		// After: more commas and spaces, then a capital or an opening mark.
		k := i
		for k < len(text) && (text[k] == ',' || text[k] == ' ') {
			k++
		}
		if k >= len(text) {
			continue
		}
		c := text[k]
		if !(c >= 'A' && c <= 'Z' || c == '"' || c == '(' || strings.HasPrefix(text[k:], "“")) {
			continue
		}
		b.WriteString(text[last : j+1+len(strings.TrimRight(text[j+1:i], " "))])
		b.WriteByte('\n')
		last = k
		i = k - 1
	}
	b.WriteString(text[last:])
	return b.String()
}

var reTitleJoint = pattern.New(`,+["“A-Z]`)

// reRelatedJoint finds "Baca juga:," whose link text the scraper dropped:
// what follows the commas is body text again.
var reRelatedJoint = pattern.New(`(?i)((?:baca|simak|lihat) juga\s*:?)[\s,]*,[\s,]*`)

// splitJoined restores paragraphs in text whose scraper joined them with
// commas ("... dewasa.,Lewat seni ..."); a sentence is never cut because a
// joint needs a sentence end before the comma.
func splitJoined(text string) string {
	if strings.Count(text, "\n") > 2 {
		return text
	}
	text = strings.TrimLeft(text, " ,-–")
	hasRelated := false
	for _, cue := range []string{"aca juga", "aca Juga", "ACA JUGA", "ihat juga", "ihat Juga", "imak juga", "imak Juga"} {
		if strings.Contains(text, cue) {
			hasRelated = true
			break
		}
	}
	if hasRelated {
		text = reRelatedJoint.ReplaceAllString(text, "\n$1\n")
	}
	text = splitJoints(text)
	if !hasRelated {
		return text
	}
	// "Baca juga: Judul Lain,Kalimat berikutnya": the linked title ends at
	// a comma glued to a capital letter or a quote (titles have ", "
	// with a space); the rest is body again.
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if reRelated.MatchString(l) {
			if loc := reTitleJoint.FindStringIndex(l); loc != nil {
				lines[i] = l[:loc[0]] + "\n" + l[loc[1]-1:]
			}
		}
	}
	return strings.Join(lines, "\n")
}

// cleaner holds the state of cleaning one page.
type cleaner struct {
	a        *warta.Article
	lines    []line
	fromHTML bool
	start    int // index of the first body line, -1 if none
	end      int // index after the last body line
	dateLine int // index of the publish date line before the body, -1
	pub      publishedTime
	hasPub   bool
}

func (c *cleaner) drop(l *line, kind warta.ClutterKind) {
	c.a.Clutter = append(c.a.Clutter, warta.Clutter{Kind: kind, Text: l.text, Line: l.n})
}

// boilerplate reports whether cross-page evidence says a line is page
// furniture: it occurs on other pages of the outlet and is either not
// running text, or on so many pages that no story repeats it.
func (l *line) boilerplate() bool {
	if l.onPages < 2 {
		return false
	}
	return !l.strong() || l.onPages >= 5
}

func (c *cleaner) run() {
	ls := c.lines
	c.start, c.dateLine = -1, -1
	if c.fromHTML {
		// The main-content extractor already found the body: keep every
		// line but those the cues name (Baca Juga, captions, ads, share
		// bars, bylines), and do not second-guess short or Title Case
		// lines, which in HTML are subheadings and list items of the text.
		c.start, c.end = 0, len(ls)
		for i := range ls {
			if ls[i].cue == warta.ClutterCTA && len(ls[i].text) > 150 {
				ls[i].cue = "" // a sentence that mentions subscribing is text
			}
		}
		c.classify()
		return
	}
	// The body starts at the first body-like line that is followed by
	// another body-like line soon (a lone sentence-like caption or teaser
	// does not start it), or at a dateline opening ("Kota, Outlet -").
	for i := range ls {
		if !ls[i].bodyLike() || ls[i].boilerplate() || ls[i].inPage > 0 {
			continue
		}
		if _, _, ok := parseDateline(ls[i].text); ok {
			c.start = i
			break
		}
		for j := i + 1; j < len(ls) && j <= i+4; j++ {
			if ls[j].bodyLike() && !ls[j].boilerplate() {
				c.start = i
				break
			}
		}
		if c.start >= 0 {
			// A headline with a comma reads like a sentence; when a
			// dateline opening follows it closely, the body starts there.
			if !strings.HasSuffix(ls[i].text, ".") {
				for j := i + 1; j < len(ls) && j <= i+4; j++ {
					if _, _, ok := parseDateline(ls[j].text); ok {
						c.start = j
						break
					}
				}
			}
			break
		}
		if len(ls) == i+1 || c.fromHTML {
			c.start = i // a one-paragraph article
			break
		}
	}
	if c.start < 0 {
		c.start = len(ls)
	}
	// The body ends before the trailing lists: after a list header only
	// two strong lines in a row bring the body back.
	c.end = c.start
	stopped := false
	for i := c.start; i < len(ls); i++ {
		l := &ls[i]
		if l.cue == warta.ClutterList || l.cue == warta.ClutterFooter {
			stopped = true
			continue
		}
		if stopped {
			if l.strong() && i+1 < len(ls) && ls[i+1].strong() && !l.boilerplate() {
				stopped = false
			} else {
				continue
			}
		}
		if l.bodyLike() && !l.boilerplate() {
			c.end = i + 1
		}
	}
	c.header()
	c.classify()
}

// classify assigns every line to the body, the captions, the related
// links, the metadata, or a clutter kind, given the body region.
func (c *cleaner) classify() {
	ls := c.lines
	seenCaption := map[string]bool{}
	relatedNext := false
	listOpen := false
	for i := range ls {
		l := &ls[i]
		inBody := i >= c.start && i < c.end
		switch {
		case i == c.dateLine:
			c.drop(l, warta.ClutterMetadata)
		case relatedNext && !c.fromHTML && l.cue == "" && l.words <= 25:
			c.a.Related = append(c.a.Related, l.text)
			c.drop(l, warta.ClutterRelated)
			relatedNext = false
		case l.cue == warta.ClutterRelated:
			if t := relatedTitle(l.text); t != "" {
				c.a.Related = append(c.a.Related, t)
			} else {
				relatedNext = true
			}
			c.drop(l, warta.ClutterRelated)
		case l.cue == warta.ClutterCaption:
			key := normLine(l.text)
			if seenCaption[key] {
				c.drop(l, warta.ClutterCaptionDuplicate)
			} else {
				seenCaption[key] = true
				c.a.Captions = append(c.a.Captions, l.text)
				c.drop(l, warta.ClutterCaption)
			}
		case l.cue == warta.ClutterCredit:
			c.credit(l.text)
			c.drop(l, warta.ClutterCredit)
		case l.cue == warta.ClutterList:
			listOpen = i >= c.end
			c.drop(l, warta.ClutterList)
		case l.cue != "":
			c.drop(l, l.cue)
		case l.metaKind != "":
			c.drop(l, l.metaKind)
		case inBody && l.boilerplate():
			c.drop(l, warta.ClutterBoilerplate)
		case inBody && (l.bodyLike() || l.words >= 4 && !l.title || c.fromHTML):
			c.a.Paragraphs = append(c.a.Paragraphs, l.text)
		case inBody:
			c.drop(l, warta.ClutterNavigation)
		case i >= c.end && (listOpen || reBullet.MatchString(l.text) || l.title):
			c.drop(l, warta.ClutterList)
		case i >= c.end:
			c.drop(l, warta.ClutterFooter)
		case l.boilerplate():
			c.drop(l, warta.ClutterBoilerplate)
		default:
			c.drop(l, warta.ClutterNavigation)
		}
		if l.cue != warta.ClutterRelated && l.cue != "" {
			relatedNext = false
		}
	}
	c.bodyMeta()
}

// header reads the lines before the body: the publish date line, headline
// and kicker, and widgets (blocks of numbers such as vote counters).
func (c *cleaner) header() {
	ls := c.lines
	// Widgets: a run of adjacent lines (no blank line between) holding two
	// or more number-only lines or "A & B" pairs.
	for i := 0; i < c.start; {
		j := i + 1
		for j < c.start && ls[j].n == ls[j-1].n+1 {
			j++
		}
		numeric := 0
		for k := i; k < j; k++ {
			if reNumeric.MatchString(ls[k].text) || rePair.MatchString(ls[k].text) {
				numeric++
			}
		}
		if numeric >= 2 {
			for k := i; k < j; k++ {
				if ls[k].cue == "" || ls[k].cue == warta.ClutterCredit {
					ls[k].cue = warta.ClutterWidget
				}
			}
		}
		i = j
	}
	for i := c.start - 1; i >= 0; i-- {
		if ls[i].cue != "" {
			continue
		}
		if dateLineLike(ls[i].text) {
			pt, _, _ := parsePublished(ls[i].text)
			c.dateLine, c.pub, c.hasPub = i, pt, true
			break
		}
	}
	// Headline: the nearest headline-like line above the date line (or the
	// body); kicker: the headline-like line right above the headline.
	from := c.start - 1
	if c.dateLine >= 0 {
		from = c.dateLine - 1
	}
	headline := -1
	for i := from; i >= 0 && i >= from-3; i-- {
		// A byline between headline and date ("Hendro Wibisono -
		// detikNews", "Antara | Tika Maharani") is no headline.
		if names, ok := bylineNames(ls[i].text, c.a.Outlet); ok && ls[i].cue == "" && i == from {
			for _, n := range names {
				c.a.Authors = appendNames(c.a.Authors, n)
			}
			ls[i].metaKind = warta.ClutterCredit
			continue
		}
		if isHeadline(&ls[i]) {
			headline = i
			break
		}
	}
	if headline >= 0 {
		c.a.Title = ls[headline].text
		ls[headline].metaKind = warta.ClutterMetadata
		if k := headline - 1; k >= 0 && isHeadline(&ls[k]) && ls[headline].n-ls[k].n <= 2 {
			c.a.Kicker = ls[k].text
			ls[k].metaKind = warta.ClutterMetadata
		}
	}
	if c.hasPub {
		c.a.Published, c.a.PublishedAt = c.pub.value(), c.pub.t
		c.a.PublishedText = ls[c.dateLine].text
		c.a.PublishedFrom = "page"
	}
	low := strings.ToLower(c.a.Kicker + " " + c.a.Title)
	if strings.Contains(low, "wawancara") || strings.Contains(low, "interview") {
		c.a.Type = "interview"
	}
}

func isHeadline(l *line) bool {
	return l.cue == "" && l.words >= 3 && l.words <= 25 && !reNumeric.MatchString(l.text) &&
		!strings.HasSuffix(l.text, ".") && !l.boilerplate() && l.inPage == 0 && l.metaKind == ""
}

// bylineNames reads a bare byline line: "Name - Outlet" (the outlet's
// name after the dash) or names between bars ("Antara | Tika Maharani"),
// each one to four capitalized words. News agencies named there are the
// story's source, not its authors.
func bylineNames(s, outlet string) ([]string, bool) {
	var parts []string
	if name, rest, ok := strings.Cut(s, " - "); ok {
		o := strings.ToLower(strings.Fields(outlet + " x")[0])
		r := strings.ToLower(rest)
		if outlet == "" || !strings.Contains(r, strings.TrimSuffix(strings.TrimSuffix(o, ".com"), "com")) {
			return nil, false
		}
		parts = []string{name}
	} else if strings.Contains(s, " | ") {
		parts = strings.Split(s, " | ")
	} else {
		return nil, false
	}
	var names []string
	for _, p := range parts {
		ws := strings.Fields(p)
		if len(ws) == 0 || len(ws) > 4 {
			return nil, false
		}
		for _, w := range ws {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789:,") {
				return nil, false
			}
		}
		switch strings.ToLower(p) {
		case "antara", "reuters", "afp", "ap", "xinhua", "antara foto":
			continue
		}
		names = append(names, strings.TrimSpace(p))
	}
	return names, true
}

// credit reads authors and editors from a byline or credit line.
func (c *cleaner) credit(s string) {
	if m := reRepRed.FindStringSubmatch(s); m != nil {
		c.a.Authors = appendNames(c.a.Authors, m[1])
		c.a.Editors = appendNames(c.a.Editors, m[2])
		return
	}
	if m := reLaporan.FindStringSubmatch(s); m != nil {
		c.a.Authors = appendNames(c.a.Authors, m[1])
		return
	}
	// "Penulis: A | Editor: B" holds two credits.
	for _, part := range strings.Split(s, "|") {
		m := reCredit.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		switch strings.ToLower(m[1]) {
		case "editor", "penyunting", "redaktur", "editing":
			c.a.Editors = appendNames(c.a.Editors, m[2])
		case "penulis", "reporter", "pewarta", "kontributor", "wartawan", "author", "writer":
			c.a.Authors = appendNames(c.a.Authors, m[2])
		}
	}
}

// reNameList splits a list of names: "A, B & C dan D".
var reNameList = pattern.New(`\s*(?:,|&|\bdan\b)\s*`)

func appendNames(list []string, s string) []string {
	for _, n := range reNameList.Split(s, -1) {
		n = strings.Trim(strings.TrimSpace(n), ".;")
		if n != "" && len(n) < 60 {
			list = append(list, n)
		}
	}
	return list
}

// bodyMeta reads the dateline of the first paragraph: outlet and city.
func (c *cleaner) bodyMeta() {
	if len(c.a.Paragraphs) == 0 {
		return
	}
	outlet, city, ok := parseDateline(c.a.Paragraphs[0])
	if !ok {
		return
	}
	if outlet != "" && c.a.Outlet == "" {
		c.a.Outlet = outlet
	}
	if city != "" {
		c.a.Dateline = titleCase(city)
	}
}

// reportDate is the date the first paragraph's dateline gives, used when
// the page has no byline date.
func (c *cleaner) reportDate() (publishedTime, bool) {
	for i, p := range c.a.Paragraphs {
		if i > 1 {
			break
		}
		if pt, ok := datelineDate(p); ok {
			return pt, true
		}
	}
	return publishedTime{}, false
}

func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

var (
	// "Suara.com - ", "Liputan6.com, Jakarta - ", "REPUBLIKA.CO.ID, JAKARTA -- ",
	// "Jakarta, CNN Indonesia -- ", "JAKARTA, KOMPAS.com - ", "Jakarta (ANTARA) - ".
	reDatelineA = pattern.New(`^\s*([\p{L}0-9.\- ]{2,40}?)\s*,\s*([\p{L}0-9.\- ]{2,40}?)\s*[-–—]{1,2}\s+\S`)
	reDatelineB = pattern.New(`^\s*([\p{L}][\p{L}., ]{1,40}?)\s*\(([\p{L}0-9.\- ]{2,30})\)\s*[-–—]{1,2}\s+\S`)
	reDatelineC = pattern.New(`^\s*([\p{L}0-9][\p{L}0-9. ]{1,40}?)\s*[-–—]{1,2}\s+\S`)
)

// parseDateline reads the opening of a news body. It returns the outlet
// and city it names; ok is false when the paragraph does not open with a
// dateline.
func parseDateline(p string) (outlet, city string, ok bool) {
	if m := reDatelineB.FindStringSubmatch(p); m != nil {
		if o := CanonicalOutlet(m[2]); o != "" {
			// "Kazan, Rusia (ANTARA)": the city is the first part.
			city, _, _ := strings.Cut(m[1], ",")
			return o, strings.TrimSpace(city), true
		}
	}
	if m := reDatelineA.FindStringSubmatch(p); m != nil {
		if o := CanonicalOutlet(m[1]); o != "" {
			return o, cityOf(m[2]), true
		}
		if o := CanonicalOutlet(m[2]); o != "" {
			return o, cityOf(m[1]), true
		}
		// An unknown outlet with a domain-like name.
		if strings.Contains(m[1], ".") && !strings.Contains(m[1], " ") {
			return m[1], cityOf(m[2]), true
		}
	}
	if m := reDatelineC.FindStringSubmatch(p); m != nil {
		head := strings.TrimSpace(m[1])
		if o := CanonicalOutlet(head); o != "" {
			return o, "", true
		}
		// "RM.id  Rakyat Merdeka - "
		if f := strings.Fields(head); len(f) > 1 {
			if o := CanonicalOutlet(f[0]); o != "" {
				return o, "", true
			}
		}
		if isCity(head) {
			return "", head, true
		}
	}
	return "", "", false
}

// cityOf accepts a dateline city: one to three capitalized words.
func cityOf(s string) string {
	if isCity(s) {
		return strings.TrimSpace(s)
	}
	return ""
}

func isCity(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 3 {
		return false
	}
	for _, w := range f {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			return false
		}
	}
	return true
}

// outletFromLines finds the outlet a page names in its own furniture and
// body: datelines first, then the most frequent known outlet cue.
func outletFromLines(ls []line) string {
	for _, l := range ls {
		if o, _, ok := parseDateline(l.text); ok && o != "" {
			return o
		}
	}
	count := map[string]int{}
	for _, l := range ls {
		// A menu or footer line that is just the outlet's name.
		if l.words <= 3 {
			if o := CanonicalOutlet(l.text); o != "" {
				count[o]++
			}
		}
		for _, tok := range strings.FieldsFunc(l.text, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(`()[]"',:;/`, r)
		}) {
			tok = strings.TrimRight(tok, ".")
			if !strings.Contains(tok, ".") {
				continue
			}
			if o := CanonicalOutlet(tok); o != "" {
				count[o]++
			}
		}
	}
	best, bestN := "", 0
	for o, n := range count {
		if n > bestN || n == bestN && o < best {
			best, bestN = o, n
		}
	}
	return best
}

// applyHints fills what the page did not say from metadata that came with
// it (JSONL fields, feed items).
func (c *cleaner) applyHints(h warta.Hints) {
	if c.a.Title == "" {
		c.a.Title = strings.TrimSpace(h.Title)
	}
	if len(c.a.Authors) == 0 && len(h.Authors) > 0 {
		c.a.Authors = append([]string(nil), h.Authors...)
	}
	if c.a.Published == "" && h.Published != "" {
		if pt, _, ok := parsePublished(h.Published); ok {
			c.a.Published, c.a.PublishedAt, c.a.PublishedFrom = pt.value(), pt.t, "hint"
		}
	}
}
