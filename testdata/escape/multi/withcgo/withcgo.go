// Package withcgo mixes cgo with Go code that escapes.
package withcgo

/*
static int twice(int x) { return 2 * x; }
*/
import "C"

var keep *int

// Twice calls C and keeps a pointer to a local.
func Twice(x int) int {
	r := int(C.twice(C.int(x)))
	keep = &r
	return r
}
