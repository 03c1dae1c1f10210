package query

import (
	"strings"

	"github.com/warta-news/warta"
)

// LabelMax bounds an event label drawn from a report's sentence.
const LabelMax = 140

// EventLabel names an event in a line: its headline (the first report
// that tells it as main news), else the sentence it was read from, else
// who acted and the kind of event. A type code alone says nothing to a
// reader.
func EventLabel(e *warta.EventRecord) string {
	if s := strings.TrimSpace(e.Title); s != "" {
		return s
	}
	for _, r := range e.Reports {
		if r.Main && strings.TrimSpace(r.Title) != "" {
			return strings.TrimSpace(r.Title)
		}
	}
	for _, r := range e.Reports {
		if s := strings.TrimSpace(r.Sentence); s != "" {
			return warta.Shorten(s, LabelMax)
		}
	}
	if len(e.Actors) > 0 {
		return strings.Join(e.Actors[:min(len(e.Actors), 3)], ", ") + " · " + strings.ToLower(e.Type)
	}
	return strings.ToLower(e.Type)
}
