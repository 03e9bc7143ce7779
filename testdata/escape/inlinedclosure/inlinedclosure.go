// Package inlinedclosure has a closure-capturing constructor inlined into its
// callers: the decisions about c and the func literal are made at the call
// sites, but belong to counter's lines (where pprof attributes them).
package inlinedclosure

var fns []func() int

// counter returns a closure that captures c by reference.
func counter() func() int {
	c := 0
	return func() int {
		c++
		return c
	}
}

// Keep inlines counter and stores the closure globally: c and the func
// literal escape at counter's lines, inlined into Keep.
func Keep() {
	fns = append(fns[:0], counter())
}

// Local inlines counter and calls the closure in place: nothing escapes.
func Local() int {
	f := counter()
	return f() + f()
}
