// Package depinline's escape decisions depend on its dependency: with
// dep.Wrap inlined, n and the Box stay on the stack; with Wrap kept out of
// line (//go:noinline), p leaks through the returned Box and n moves to the heap.
package depinline

import "example.com/depinline/dep"

// Use reads through a Box made by dep.Wrap.
func Use(n int) int {
	b := dep.Wrap(&n)
	return *b.P
}
