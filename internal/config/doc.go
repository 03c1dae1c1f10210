// Package config holds warta's one configuration: defaults, then an
// optional JSON file, then WARTA_* environment variables, then flags, then
// validation. Values are passed into constructors; nothing reads a global.
package config
