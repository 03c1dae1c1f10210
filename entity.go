package warta

// EntityType is the kind of a named entity.
type EntityType string

// Entity types, matching the gold files' vocabulary.
const (
	EntityPerson       EntityType = "person"
	EntityOrganization EntityType = "organization"
	EntityLocation     EntityType = "location"
)

// Entity is one canonical entity as found in one article: all its mentions,
// and the role and affiliation the text gives it there.
type Entity struct {
	// ID is stable across articles: a knowledge-file ID ("Q:retno-marsudi")
	// or one derived from the normalized name for entities not in the file.
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Type        EntityType `json:"type"`
	Mentions    []Mention  `json:"mentions"`
	Role        string     `json:"role,omitempty"`
	Affiliation string     `json:"affiliation,omitempty"`
}

// Mention is one place an entity is named: paragraph index (0-based) and
// byte offsets into that paragraph.
type Mention struct {
	Text      string `json:"text"`
	Paragraph int    `json:"paragraph"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
}
