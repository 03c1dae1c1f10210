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
	Cue string `json:"cue,omitempty"`
	// SpeakerNote keeps who the text says spoke when it names nobody ("a
	// Kremlin source", "seorang warga"), or the title no holder was found
	// for.
	SpeakerNote string `json:"speaker_note,omitempty"`
	Direct      bool   `json:"direct"`
	Paragraph   int    `json:"paragraph"`
}
