// Package dep is what depinline imports: whether Wrap is inlined into the
// caller decides whether the caller's variable stays on the stack.
package dep

// Box holds a pointer.
type Box struct{ P *int }

// Wrap is small enough to be inlined.
func Wrap(p *int) *Box { return &Box{P: p} }
