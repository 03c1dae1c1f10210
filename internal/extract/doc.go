// Package extract turns a raw page into a clean article: the body without
// clutter, headline and kicker, outlet, byline, publish time with its zone,
// dateline, captions, and "Baca Juga" links kept apart from the body.
//
// Text dumps are cleaned by a line classifier, not by lists of strings seen
// on particular pages: each line gets features (sentence-likeness, position,
// list markers, numbers, repetition within the page and across pages of the
// outlet, Indonesian clutter cues, dateline structure), the body is the
// region where sentence-like lines run, and everything else is labelled with
// why it was dropped. HTML pages go through a main-content extractor first
// and then through the same classifier, because extractors keep "Baca Juga"
// paragraphs and captions. See docs/cleaning.md.
package extract
