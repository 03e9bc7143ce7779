// Package malformed holds directives heapsight cannot check as written: each
// is a finding of its own.
package malformed

//heapsight:noalloc
func A() int { return 1 }

// heapsight:noescape
func B() int { return 2 }

//heapsight:inline
var table = []int{1, 2}

// C has a directive with an argument it does not take, and one on nothing.
func C() int {
	x := table[0] //heapsight:noescape please
	return x
	//heapsight:noescape
}
