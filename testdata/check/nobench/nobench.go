// Package nobench has compiler evidence but no benchmarks.
package nobench

// Leak returns a pointer to a local, so x moves to the heap.
func Leak() *int {
	x := 42
	return &x
}
