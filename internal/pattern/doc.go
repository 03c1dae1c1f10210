// Package pattern holds regular expressions that compile on first use.
//
// A package-level regexp.MustCompile runs in package initialisation, so
// every command pays for every pattern of every package it links, whether
// it uses them or not: warta's stages hold about fifty, and compiling them
// was the largest part of start-up after go-dateparser was gone (1.4 MB
// allocated in extract's initialisation alone; docs/performance.md).
// pattern.New keeps the expression and compiles it the first time a method
// is called, once, safely from many goroutines. The methods are those of
// *regexp.Regexp that warta uses, with the same meaning.
package pattern
