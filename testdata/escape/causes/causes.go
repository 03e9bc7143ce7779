// Package causes has one function per escape cause heapsight classifies,
// plus allocations that carry no escape diagnostic at all.
package causes

import (
	"fmt"
	"strings"
)

type Registry struct{ m *map[string]int }

var sink any
var global *int

// Boxed converts an int to an interface that escapes (boxing).
func Boxed(n int) {
	fmt.Println(n)
}

// Closure captures a variable in a closure that escapes.
func Closure() func() int {
	count := 0
	return func() int {
		count++
		return count
	}
}

// NewRegistry stores the address of a local map in a struct it returns.
func NewRegistry() *Registry {
	m := map[string]int{}
	r := &Registry{m: &m}
	return r
}

// Returned returns the address of a local.
func Returned() *int {
	x := 42
	return &x
}

// Global assigns the address of a local to a package variable.
func Global() {
	y := 7
	global = &y
}

// TooLarge makes an array too large for the stack.
func TooLarge() int {
	var big [1 << 20]byte
	p := &big
	return len(p)
}

// NonConstant makes a slice whose size is not known at compile time.
func NonConstant(n int) int {
	s := make([]int, n)
	return len(s)
}

// Appended appends the address of a local to a slice that escapes.
func Appended(list []*int) []*int {
	v := 3
	return append(list, &v)
}

// MapValue stores a pointer as a map value.
func MapValue(m map[string]*int) {
	z := 9
	m["z"] = &z
}

// Sent sends a pointer on a channel.
func Sent(ch chan *int) {
	w := 5
	ch <- &w
}

// keep stores its argument in a global: its parameter leaks.
//
//go:noinline
func keep(p *int) {
	global = p
}

// PassedToLeaky passes the address of a local to a parameter that leaks.
func PassedToLeaky() {
	q := 1
	keep(&q)
}

// Identity leaks its parameter to its result.
func Identity(p *int) *int {
	return p
}

// Content leaks what its parameter points to.
func Content(pp **int) {
	global = *pp
}

// NoEscape keeps everything on the stack.
func NoEscape() int {
	a := [4]int{1, 2, 3, 4}
	p := &a
	return p[0]
}

// Grow appends: runtime.growslice, no escape diagnostic for the growth.
func Grow(s []int, n int) []int {
	for i := 0; i < n; i++ {
		s = append(s, i)
	}
	return s
}

// Concat concatenates strings: runtime.concatstrings.
func Concat(a, b, c string) string {
	return a + b + c
}

// MakeMap creates a map that is returned: runtime.makemap_small.
func MakeMap() map[int]int {
	return make(map[int]int)
}

// Join uses strings.Join (an inlined callee's allocation).
func Join(xs []string) string {
	return strings.Join(xs, ",") + "!"
}

// SinkIt stores an interface.
func SinkIt(v int) {
	sink = v
}

// LocalGrow appends to a slice that never escapes: the growth still
// allocates (runtime.growslice) but the compiler reports no escape for it.
func LocalGrow(n int) int {
	var s []int
	for i := 0; i < n; i++ {
		s = append(s, i)
	}
	return len(s)
}

// LocalConcat concatenates into a string that does not escape: beyond a
// 32-byte stack buffer runtime.concatstring2 allocates, with no escape diagnostic.
func LocalConcat(a, b string) int {
	s := a + b
	return len(s)
}

// LocalMap fills a map that does not escape: its groups grow on the heap
// (runtime.mapassign_fast64), with no escape diagnostic.
func LocalMap(n int) int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		m[i] = i
	}
	return len(m)
}
