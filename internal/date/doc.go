// Package date finds date and time expressions in Indonesian and English
// news text and normalizes them to ISO 8601 against an explicit reference
// time (the article's publish time), never the clock: "Selasa (6/7)" is 6
// July of the report's year, "bulan lalu" the month before it, "30 tahun" a
// duration rather than a date. The weekday a text gives is used as
// evidence, and a weekday that contradicts the date is reported as a
// problem instead of being silently ignored.
package date
