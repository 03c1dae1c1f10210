// Package entity finds the people, organizations and places an article's
// body names, links every mention to one canonical entity (across
// spellings, abbreviations, titles, nicknames and English names), and
// reads the role and affiliation titles give them ("Menteri Luar Negeri
// Rusia Sergei Lavrov" is Sergey Lavrov, Menteri Luar Negeri, Rusia).
//
// Recognition combines a curated knowledge file (knowledge/*.tsv), title
// patterns, abbreviation definitions ("Badan Pengawas Obat (BPOM)") and
// typed keywords (Kementerian, Gedung, Kabupaten), and a statistical
// tagger (Tagger, trained by `warta train ner` on the Indonesian NER
// corpora with word classes from unlabeled news) types the capitalized
// names the rules do not know; see docs/understanding.md for its scores.
package entity
