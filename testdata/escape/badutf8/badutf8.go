// Package badutf8 has a Latin-1 byte in a string literal: not valid Go source.
package badutf8

// Name returns a string with an invalid byte.
func Name() string { return "café" }
