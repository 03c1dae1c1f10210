// Package stem reduces Indonesian words to their roots with our own
// implementation of Enhanced Confix Stripping, using go-sastrawi's root
// dictionary as data only: its affix rules mis-stem common news verbs
// (LIBRARIES.md), its 29,932 roots are sound. A word that does not reduce
// to a dictionary root is returned unchanged, so acronyms such as Menlu,
// Kemenlu and pemilu are never turned into nonsense.
package stem
