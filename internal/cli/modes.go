package cli

import "strings"

// The modes of the commands that take one, in one place: the command's
// usage line, its error hint and warta's help all list them from here
// (TestHelpListsModes), and the command refuses any other.
var (
	evalModes  = []string{"seeds", "extract", "corpus", "quotes", "dates", "events", "ner"}
	benchModes = []string{"clean", "html", "ingest", "cluster", "fetch", "startup", "store", "serve", "freshness"}
	trainModes = []string{"ner", "words", "events"}
)

func modes(ms []string) string { return strings.Join(ms, "|") }
