// Package namedsink is a fixture: leaks whose sink the compiler names.
// "parameter p leaks to copy" is a heap leak (copy is a local moved to the
// heap); "parameter p leaks to res" is a leak to the named result res.
package namedsink

var keep []**int

// Local: copy moves to the heap (its address is kept), so p leaks into it.
func Local(p *int) {
	copy := p
	keep = append(keep, &copy)
}

// Named: the named result res is returned.
func Named(p *int) (res *int) {
	res = p
	return
}
