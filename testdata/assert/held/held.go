// Package held holds one instance of each heapsight directive that the
// compiler and the benchmarks bear out, and look-alikes that must not fail.
package held

// Sum's accumulator stays on the stack.
func Sum(xs []int) int {
	acc := 0 //heapsight:noescape
	for _, x := range xs {
		acc += add(acc, x)
	}
	return acc
}

// Deref takes the address of v, which still does not escape: a look-alike of
// an escape (address-of) on the asserted line.
func Deref(n int) int {
	v := n
	//heapsight:noescape
	p := &v
	return *p
}

// add is inlined at every call.
//
//heapsight:inline
func add(a, b int) int { return a + b }

// Counter counts.
type Counter struct{ n int }

// Inc is a method inlined at every call.
//
//heapsight:inline
func (c *Counter) Inc() { c.n++ }

// Count calls Inc through a selector.
func Count(xs []int) int {
	var c Counter
	op := add // a call through a function value: no call of add by name, the compiler inlines it all the same
	for range xs {
		c.Inc()
	}
	return c.n + add(1, 2) + op(3, 4)
}

// Boxes allocates one small slice per call: its benchmark's budget is 1.
func Boxes(n int) []int {
	return make([]int, n)
}
