package warta

// Granularity is how precise a normalized date is.
type Granularity string

// Granularities of DateMention values.
const (
	GranularityTime     Granularity = "time"     // 2021-07-06T10:00:00+07:00
	GranularityDay      Granularity = "day"      // 2021-07-06
	GranularityMonth    Granularity = "month"    // 2021-07
	GranularityYear     Granularity = "year"     // 2021
	GranularityRange    Granularity = "range"    // 2021/2023, 2017-08-08/2017-08-09
	GranularityDuration Granularity = "duration" // "30 tahun": not a date, Value is nil
)

// DateMention is a date or time expression found in the text with its
// normalized ISO 8601 value.
type DateMention struct {
	Text        string      `json:"text"`
	Value       *string     `json:"value"`
	Granularity Granularity `json:"granularity"`
	Paragraph   int         `json:"paragraph"`
	Start       int         `json:"start,omitempty"`
	End         int         `json:"end,omitempty"`
}
