package malformed

import "testing"

// BenchmarkA has a budget with no number.
//
//heapsight:allocs
func BenchmarkA(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = A()
	}
}

// BenchmarkB has a negative budget.
//
//heapsight:allocs -1
func BenchmarkB(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = B()
	}
}

// helper is no benchmark.
//
//heapsight:allocs 2
func helper() int { return C() }

var _ = helper
