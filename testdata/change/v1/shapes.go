// Package changefix is the fixture of heapsight's before/after test: commit 1.
package changefix

type point struct{ x, y int }

var last *point

// Sum adds a point's coordinates; p stays on the stack.
//
//go:noinline
func Sum(n int) int {
	p := point{n, n + 1} //heapsight:noescape
	return add(&p)
}

func add(p *point) int { return p.x + p.y }

// Fill builds a map of n entries without a size hint: it grows as it fills.
//
//go:noinline
func Fill(n int) map[int]int {
	m := make(map[int]int)
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
