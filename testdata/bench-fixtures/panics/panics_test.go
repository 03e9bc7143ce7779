// Package panics has a benchmark that indexes a nil map for writing, the
// article's demo bug: "panic: assignment to entry in nil map".
package panics

import "testing"

func BenchmarkOK(b *testing.B) {
	for b.Loop() {
	}
}

func BenchmarkNilMap(b *testing.B) {
	var m map[int]int
	for i := 0; i < b.N; i++ {
		m[i] = i
	}
}
