package warta

// Event is one real-world happening an article reports, coded in PLOVER:
// who did what to whom, when and where.
type Event struct {
	// ID is the cross-outlet event this report belongs to (set by clustering).
	ID string `json:"id,omitempty"`
	// StoryID is the story that event belongs to (set by clustering).
	StoryID string `json:"story_id,omitempty"`
	Type    string `json:"type"`           // PLOVER category: CONSULT, AGREE, AID, ...
	Mode    string `json:"mode,omitempty"` // meeting, visit, phone_call, signed, ...
	// Status is "done", "planned", "hoped" or "not_done".
	Status    string   `json:"status,omitempty"`
	Actors    []string `json:"actors"`
	ActorIDs  []string `json:"actor_ids,omitempty"`
	Recipient string   `json:"recipient,omitempty"`
	// Date is the normalized event date (not the publish date), nil when the
	// text gives none.
	Date *string `json:"date"`
	// DateGuessed is true when no date in the text dates the event and it
	// took the date of the report or of the event told just before; such
	// a date may be a day off, a written one is not.
	DateGuessed bool     `json:"date_guessed,omitempty"`
	Place       string   `json:"place,omitempty"`
	Topics      []string `json:"topics,omitempty"`
	What        string   `json:"what,omitempty"`
	Sentence    string   `json:"sentence,omitempty"`
	Paragraph   int      `json:"paragraph"`
	// Main marks the article's main event: the happening its headline and
	// lead report. A news article has exactly one; the others are
	// happenings it mentions (a recalled meeting, a planned visit).
	Main bool `json:"main,omitempty"`
}
