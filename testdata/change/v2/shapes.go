// Package changefix is the fixture of heapsight's before/after test: commit 2.
// Sum now keeps its last point in a package variable (p moves to the heap);
// Fill gets a size hint (fewer allocations). The blank lines below push
// every line down, so only matching by function and subject sees no other change.
package changefix

type point struct{ x, y int }

var last *point

// Sum adds a point's coordinates and remembers the point: p moves to the heap.
//
//go:noinline
func Sum(n int) int {
	p := point{n, n + 1} //heapsight:noescape
	last = &p
	return add(&p)
}

func add(p *point) int { return p.x + p.y }

// Fill builds a map of n entries with a size hint.
//
//go:noinline
func Fill(n int) map[int]int {
	m := make(map[int]int, n)
	for i := 0; i < n; i++ {
		m[i] = i
	}
	return m
}

// Stable does not change between the commits.
//
//go:noinline
func Stable(n int) []byte {
	return make([]byte, n)
}
