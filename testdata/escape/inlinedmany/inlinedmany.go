// Package inlinedmany has one small allocating helper inlined into three
// callers: the compiler records its decision once per copy, with the same
// cause each time (heapsight escape shows it once).
package inlinedmany

var kept []*int

func box(v int) *int {
	p := new(int)
	*p = v
	kept = append(kept, p)
	return p
}

func A() { box(1) }

func B() { box(2) }

func C() { box(3) }
