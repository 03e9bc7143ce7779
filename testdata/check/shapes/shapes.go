// Package shapes allocates in the common ways, one function each, so
// heapsight check can be compared with go tool pprof on code it has never
// seen.
package shapes

import "strconv"

// Point is a small struct returned by pointer.
type Point struct{ X, Y int }

var sink any

// Collect appends without a capacity: runtime.growslice.
func Collect(n int) []int {
	var s []int
	for i := 0; i < n; i++ {
		s = append(s, i)
	}
	return s
}

// Join concatenates strings in a loop: runtime.concatstrings.
func Join(parts []string) string {
	out := ""
	for _, p := range parts {
		out += p
	}
	return out
}

// Box stores ints in an interface: runtime.convT64 (boxing).
func Box(n int) {
	for i := 0; i < n; i++ {
		sink = i + 1000
	}
}

// NewPoint returns a pointer to a local: moved to the heap.
func NewPoint(x, y int) *Point {
	p := Point{x, y}
	return &p
}

// Counter returns a closure that captures c: c is moved to the heap.
func Counter() func() int {
	c := 0
	return func() int {
		c++
		return c
	}
}

// Index builds a map without a size hint: map growth.
func Index(words []string) map[string]int {
	m := map[string]int{}
	for i, w := range words {
		m[w] = i
	}
	return m
}

// Itoa formats numbers: strconv allocates the string.
func Itoa(n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, strconv.Itoa(i+1000))
	}
	return out
}
