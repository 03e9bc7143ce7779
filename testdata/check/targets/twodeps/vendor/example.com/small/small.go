// Package small allocates 64 bytes per call on its caller's behalf.
package small

var kept []byte

// Make keeps a fresh 64-byte buffer.
//
//go:noinline
func Make() { kept = make([]byte, 64) }
