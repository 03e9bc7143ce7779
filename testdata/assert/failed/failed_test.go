package failed

import "testing"

var xs = []int{1, 2, 3}

// BenchmarkKeep allocates one int per op (Keep's x), over its budget of 0.
//
//heapsight:allocs 0
func BenchmarkKeep(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Keep(i)
		_ = Use(xs)
	}
}
