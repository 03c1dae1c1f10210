package entity

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"github.com/warta-news/warta"
)

//go:embed knowledge/*.tsv
var knowledgeFS embed.FS

// known is one canonical entity from the knowledge file.
type known struct {
	id, name    string
	typ         warta.EntityType
	affiliation string
	aliases     []string
	regency     bool // from knowledge/regencies.tsv, which RegencyKnowledge makes
	// common: an office holder whose name many others share; known
	// through the office only, never linked by the name.
	common bool
}

// loadKnowledge reads every TSV in the knowledge folder.
func loadKnowledge() ([]*known, error) {
	files, err := fs.Glob(knowledgeFS, "knowledge/*.tsv")
	if err != nil {
		return nil, err
	}
	var out []*known
	for _, f := range files {
		b, err := knowledgeFS.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		n := 0
		for sc.Scan() {
			n++
			line := sc.Text()
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) < 3 {
				return nil, fmt.Errorf("%s:%d: want at least id, type, name", f, n)
			}
			k := &known{id: cols[0], typ: warta.EntityType(cols[1]), name: cols[2], regency: f == "knowledge/regencies.tsv"}
			switch k.typ {
			case warta.EntityPerson, warta.EntityOrganization, warta.EntityLocation:
			default:
				return nil, fmt.Errorf("%s:%d: unknown type %q", f, n, cols[1])
			}
			if len(cols) > 3 && cols[3] != "" {
				k.aliases = strings.Split(cols[3], "|")
			}
			if len(cols) > 4 {
				k.affiliation = cols[4]
			}
			out = append(out, k)
		}
	}
	return out, nil
}

// KnownEntity is one canonical entity of the knowledge file with every
// name it is written by.
type KnownEntity struct {
	ID      string
	Name    string
	Type    warta.EntityType
	Aliases []string
}

// Knowledge returns the entities of the embedded knowledge file, in file
// order. It reads only the TSV files, not the tagger model, so a server
// resolving names pays for no more than it uses.
func Knowledge() ([]KnownEntity, error) {
	ks, err := loadKnowledge()
	if err != nil {
		return nil, err
	}
	out := make([]KnownEntity, len(ks))
	for i, k := range ks {
		out[i] = KnownEntity{ID: k.id, Name: k.name, Type: k.typ, Aliases: k.aliases}
	}
	return out, nil
}
