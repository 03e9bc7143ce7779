// Package big allocates 4 KiB per call on its caller's behalf.
package big

var kept []byte

// Make keeps a fresh 4 KiB buffer.
//
//go:noinline
func Make() { kept = make([]byte, 4096) }
