package warta

// Quote is something a speaker said, directly ("...," ujar Retno) or
// reported (Retno menuturkan bahwa ...).
type Quote struct {
	Text string `json:"text"`
	// Speaker is the speaker's canonical name, or nil when the text does not
	// say who spoke: warta does not guess.
	Speaker   *string `json:"speaker"`
	SpeakerID string  `json:"speaker_id,omitempty"`
	// Cue is the words that attribute the quote ("ujar Retno", "sambungnya").
	Cue       string `json:"cue,omitempty"`
	Direct    bool   `json:"direct"`
	Paragraph int    `json:"paragraph"`
}
