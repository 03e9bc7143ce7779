// Package healthy is a tiny package whose benchmarks all finish: one that
// allocates per op (so GC cycles happen), one that does not, and one with
// sub-benchmarks (which -test.list cannot show).
package healthy

import (
	"strconv"
	"testing"
)

var sink []byte

func BenchmarkAlloc(b *testing.B) {
	for b.Loop() {
		sink = make([]byte, 4096)
	}
}

func BenchmarkNoAlloc(b *testing.B) {
	x := 0
	for b.Loop() {
		x++
	}
	_ = x
}

func BenchmarkSizes(b *testing.B) {
	for _, n := range []int{64, 8192} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				sink = make([]byte, n)
			}
		})
	}
}
