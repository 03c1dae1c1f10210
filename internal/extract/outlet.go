package extract

import (
	"net"
	"net/url"
	"strings"
	"unicode"
)

// outlets maps a folded outlet cue (letters and digits only, lower case) to
// its canonical display name. Cues come from datelines ("REPUBLIKA.CO.ID"),
// URL hosts ("republika.co.id"), and footers.
var outlets = func() map[string]string {
	m := map[string]string{}
	for canon, cues := range map[string][]string{
		"Suara.com":        {"suara.com", "suaracom", "suara"},
		"RM.id":            {"rm.id", "rakyat merdeka", "rm.id rakyat merdeka", "rm.id (rakyat merdeka)", "rmid"},
		"Kompas.com":       {"kompas.com", "kompas", "kompas.id"},
		"detikcom":         {"detik.com", "detikcom", "detiknews", "detik", "news.detik.com"},
		"CNN Indonesia":    {"cnn indonesia", "cnnindonesia.com", "cnnindonesia"},
		"CNBC Indonesia":   {"cnbc indonesia", "cnbcindonesia.com"},
		"Republika":        {"republika.co.id", "republika", "republika online"},
		"Liputan6.com":     {"liputan6.com", "liputan6"},
		"ANTARA":           {"antara", "antaranews.com", "antaranews", "antara news"},
		"Tempo.co":         {"tempo.co", "tempo", "tempo.co.id"},
		"Okezone":          {"okezone.com", "okezone", "news.okezone.com"},
		"Kumparan":         {"kumparan.com", "kumparan", "kumparannews"},
		"Tribunnews.com":   {"tribunnews.com", "tribunnews", "tribun"},
		"SINDOnews.com":    {"sindonews.com", "sindonews"},
		"Merdeka.com":      {"merdeka.com"},
		"Viva.co.id":       {"viva.co.id", "viva"},
		"Jawa Pos":         {"jawapos.com", "jawapos", "jpnn.com"},
		"Media Indonesia":  {"mediaindonesia.com", "media indonesia"},
		"Bisnis.com":       {"bisnis.com"},
		"IDN Times":        {"idntimes.com", "idn times"},
		"Fimela.com":       {"fimela.com", "fimela"},
		"KapanLagi.com":    {"kapanlagi.com", "kapanlagi"},
		"WowKeren.com":     {"wowkeren.com", "wowkeren"},
		"Posmetro Medan":   {"posmetro-medan.com", "posmetro medan", "posmetro"},
		"The Jakarta Post": {"thejakartapost.com", "the jakarta post", "jakarta post"},
		"Warta.id":         {"warta.id"},
	} {
		m[fold(canon)] = canon
		for _, c := range cues {
			m[fold(c)] = canon
		}
	}
	return m
}()

// fold keeps letters and digits, lower-cased: "REPUBLIKA.CO.ID" and
// "republika.co.id" meet at "republikacoid".
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CanonicalOutlet returns the display name for an outlet cue, or "" when
// the cue is not a known outlet.
func CanonicalOutlet(cue string) string {
	cue = strings.TrimSpace(cue)
	if c := outlets[fold(cue)]; c != "" {
		return c
	}
	// "RM.id (Rakyat Merdeka)": try the part before a parenthesis.
	if i := strings.IndexByte(cue, '('); i > 0 {
		return outlets[fold(cue[:i])]
	}
	return ""
}

// outletFromURL maps a page URL's host to an outlet: known hosts by table,
// others as their registrable-looking domain ("berita.contoh.co.id" →
// "contoh.co.id"). An IP address or a name without a dot (localhost, a
// machine on the newsroom's network) names no outlet.
func outletFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if net.ParseIP(host) != nil || !strings.Contains(host, ".") {
		return ""
	}
	for _, p := range []string{"www.", "m.", "amp.", "mobile."} {
		host = strings.TrimPrefix(host, p)
	}
	parts := strings.Split(host, ".")
	for i := 0; i < len(parts)-1; i++ {
		if c := outlets[fold(strings.Join(parts[i:], "."))]; c != "" {
			return c
		}
	}
	// Unknown outlet: keep the last two labels, three for .co.id-style.
	n := 2
	if len(parts) >= 3 && len(parts[len(parts)-2]) <= 3 {
		n = 3
	}
	if len(parts) < n {
		return host
	}
	return strings.Join(parts[len(parts)-n:], ".")
}
