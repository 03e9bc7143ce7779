// Package failed holds one instance of each heapsight directive that the
// evidence refutes.
package failed

var sink *int

// Keep moves x to the heap: its address is stored in a global.
func Keep(n int) {
	//heapsight:noescape
	x := n
	sink = &x
}

// mul is marked go:noinline, so no call to it can be inlined.
//
//heapsight:inline
//go:noinline
func mul(a, b int) int { return a * b }

// heavy is over the inliner's budget.
//
//heapsight:inline
func heavy(xs []int) int {
	s := 0
	for _, x := range xs {
		for j := 0; j < x; j++ {
			if j%3 == 0 {
				s += j
			} else if j%5 == 0 {
				s -= j
			} else {
				s ^= j
			}
			switch {
			case s > 100:
				s = 0
			case s < -100:
				s = 1
			default:
				s++
			}
		}
	}
	for i := range s % 7 {
		switch i % 4 {
		case 0:
			s += i * 3
		case 1:
			s -= i * 5
		case 2:
			s ^= i << 2
		default:
			s |= i >> 1
		}
	}
	return s
}

// Use calls both.
func Use(xs []int) int {
	return mul(2, 3) + heavy(xs)
}
