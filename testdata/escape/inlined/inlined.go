// Package inlined shows a variable whose escape decision differs between a
// function's own body and the places it is inlined (golang/go#32850).
package inlined

type point struct{ x, y int }

var keep *point

// newPoint returns the address of a local: in its own body, p moves to the heap.
func newPoint(x, y int) *point {
	p := point{x, y}
	return &p
}

// Sum inlines newPoint; the pointer never leaves Sum, so p stays on the stack here.
func Sum() int {
	q := newPoint(1, 2)
	return q.x + q.y
}

// Store inlines newPoint and stores the result globally, so p escapes here too.
func Store() {
	keep = newPoint(3, 4)
}
