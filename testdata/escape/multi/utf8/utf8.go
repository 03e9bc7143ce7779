// Package utf8 has multi-byte characters before an escaping expression:
// compiler columns count UTF-8 bytes.
package utf8

var sink any

// Café boxes its argument after a 2-byte character on the same line.
func Café(n int) { _ = "é"; sink = n }
