// Package measuredmore has a *map parameter that does not escape, in a
// function that allocates more than its by-value twin for another reason (a
// scratch slice): the pointer is not to blame, but the benchmarks cannot
// refute it either.
package measuredmore

var sink int

// FillPtr takes the map by pointer and also makes a scratch slice per call.
//
//go:noinline
func FillPtr(m *map[int]int, n int) {
	buf := make([]int, n)
	for i := range buf {
		buf[i] = i
		(*m)[i%8] = i
	}
	sink = len(buf)
}

// Fill is FillPtr's by-value twin, without the scratch slice.
//
//go:noinline
func Fill(m map[int]int, n int) {
	for i := 0; i < n; i++ {
		m[i%8] = i
	}
	sink = n
}
