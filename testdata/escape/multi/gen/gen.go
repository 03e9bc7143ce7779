// Package gen has generic functions: their escapes are reported per shape.
package gen

// Map builds a new slice: the result escapes because it is returned.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// Box converts a type parameter to an interface.
func Box[T any](v T) any {
	return v
}

// Use instantiates both with int so the compiler emits code for them.
func Use() (int, any) {
	ys := Map([]int{1, 2, 3}, func(i int) int { return i * 2 })
	return len(ys), Box(42)
}
