// Package testtext is a package whose tests allocate at their own lines: check
// reads the test files' -json only unless --tests (see README.md).
package testtext

// Concat allocates the joined string (runtime.concatstring2).
func Concat(a, b string) string { return a + b }

// Clone copies xs into a new slice; only the tests instantiate it.
//
//go:noinline
func Clone[T any](xs []T) []T {
	out := make([]T, len(xs))
	copy(out, xs)
	return out
}

type point struct{ x, y int }

// Sum adds the fields of a point that does not escape.
func Sum(n int) int {
	p := &point{n, n}
	return p.x + p.y
}
