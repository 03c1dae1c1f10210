// Package domdistiller stands in for github.com/markusmobius/go-domdistiller
// in warta's build (a replace directive in warta's go.mod points here).
//
// go-trafilatura imports go-domdistiller for its fallback extraction, which
// warta keeps off (EnableFallback false: the fallback lowered F1 on the
// Zyte benchmark, docs/extraction.md). Linking it anyway cost every start
// 1.7 MB and about a third of the start-up instructions in the package
// initialisation of its word counter (GODEBUG=inittrace=1, callgrind;
// docs/performance.md). This module keeps only the names trafilatura
// refers to, and Apply distils nothing, so a fallback that is turned on
// falls back to go-readability alone.
package domdistiller
