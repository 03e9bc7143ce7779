package slow

import "testing"

var sink []byte

// BenchmarkQuick finishes at once, so a Ctrl-C during BenchmarkNap finds a result to keep.
func BenchmarkQuick(b *testing.B) {
	for b.Loop() {
		sink = make([]byte, 64)
	}
}

func BenchmarkNap(b *testing.B) {
	for b.Loop() {
		Nap()
	}
}
