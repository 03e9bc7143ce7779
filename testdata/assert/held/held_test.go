package held

import "testing"

var xs = []int{1, 2, 3, 4, 5, 6, 7, 8}

var out []int

// BenchmarkSum allocates nothing.
//
//heapsight:allocs 0
func BenchmarkSum(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = Sum(xs) + Deref(i) + Count(xs)
	}
}

// BenchmarkBoxes allocates once per op: within its budget of 1, exactly.
//
//heapsight:allocs 1
func BenchmarkBoxes(b *testing.B) {
	for i := 0; i < b.N; i++ {
		out = Boxes(i%4 + 16)
	}
}
