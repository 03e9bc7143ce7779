// Package labelled has one line per escape cause heapsight classifies, and
// the traps that a classifier reading text instead of the compiler's flow
// falls into. Each line with an escape or leak decision ends in
// "// want: KIND[, KIND]": the causes of the sites at that line (several when
// the compiler records several there). "stays-on-stack" marks a line whose
// decisions are all "does not escape". See ../README.md.
package labelled

import (
	"fmt"
	"io"
)

type Iterator struct{ buf []byte }

type benchReadBuf struct{ n int }

func (b *benchReadBuf) Read(p []byte) (int, error) { return 0, io.EOF }

type pair struct{ a, b int }

type holder struct{ p *int }

var sink any
var global *int
var globals []*int
var reader io.Reader
var funcs []func() int

// Boxed stores an int in an interface: runtime.convT64 boxes it.
func Boxed(n int) {
	sink = n // want: interface-conversion
}

// BoxedStruct boxes a struct literal (it has no storage of its own until it is converted).
func BoxedStruct(a, b int) {
	sink = pair{a, b} // want: interface-conversion
}

// Variadic passes an int to ...any: boxed, then kept by fmt.
func Variadic(n int) {
	fmt.Println(n) // want: interface-conversion
}

// Panics boxes a string for panic; the parameter is stored in that box.
func Panics(s string) { // want: stored-in-allocation
	panic(s) // want: interface-conversion
}

// PointerToInterface converts a pointer to an interface: no box, it escapes by the global.
func PointerToInterface() {
	reader = &benchReadBuf{} // want: global-or-heap-assign
}

// PointerVariadic passes a pointer to ...any: no box, it escapes by the callee.
func PointerVariadic() {
	fmt.Println(&benchReadBuf{}) // want: leaky-callee
}

// ParseString stores a conversion in a struct whose address is returned (jsoniter's ParseString): no interface at all.
func ParseString(input string) *Iterator {
	return &Iterator{ // want: returned
		buf: []byte(input), // want: stored-in-allocation
	}
}

// BytesToAny converts []byte(s) to an interface: the box escapes; the bytes are stored in it.
func BytesToAny(s string) {
	fmt.Println([]byte(s)) // want: interface-conversion, stored-in-allocation
}

// Captured captures a variable by reference in a closure that is returned.
func Captured() func() int {
	c := 0              // want: closure-capture
	return func() int { // want: returned
		c++
		return c
	}
}

// CapturedValue captures a parameter by value in a closure stored in a global slice.
func CapturedValue(b *benchReadBuf) { // want: closure-capture
	funcs = append(funcs, func() int { // want: global-or-heap-assign, appended
		n, _ := b.Read(nil)
		return n
	})
}

// AppendGlobal appends the address of a local to a global slice.
func AppendGlobal() {
	x := 1                        // want: appended
	globals = append(globals, &x) // want: global-or-heap-assign
}

// AddrGlobal assigns the address of a local to a global.
func AddrGlobal() {
	y := 1 // want: global-or-heap-assign
	global = &y
}

// AddrReturned returns the address of a local.
func AddrReturned() *int {
	z := 1 // want: address-returned
	return &z
}

// AddrStored stores the address of a local in a literal that is returned.
func AddrStored() *holder {
	m := 0                // want: address-stored
	return &holder{p: &m} // want: returned
}

// Returned returns a slice it makes.
func Returned() []int {
	return make([]int, 4) // want: returned
}

// TooLarge makes an array too large for the stack.
func TooLarge() int {
	var big [1 << 20]byte // want: too-large
	p := &big
	return len(p)
}

// Sent sends the address of a local on a channel.
func Sent(ch chan *int) { // want: stays-on-stack
	w := 1 // want: channel-send
	ch <- &w
}

// MapValue stores the address of a local as a map value.
func MapValue(m map[string]*int) { // want: stays-on-stack
	v := 1 // want: map-key-value
	m["k"] = &v
}

// MapKey uses the address of a local as a map key.
func MapKey(m map[*int]bool) { // want: stays-on-stack
	k := 1 // want: map-key-value
	m[&k] = true
}

// keep stores its parameter in a global: it leaks.
//
//go:noinline
func keep(p *int) { // want: global-or-heap-assign
	global = p
}

// Leaky passes the address of a local to a parameter that leaks.
func Leaky() {
	q := 1 // want: leaky-callee
	keep(&q)
}

// IfaceMethod passes a slice to a method called through an interface.
func IfaceMethod(r io.Reader) { // want: leaky-callee
	buf := make([]byte, 8) // want: leaky-callee
	r.Read(buf)
}

// Identity leaks its parameter to its result.
func Identity(p *int) *int { // want: returned
	return p
}

// Constant stores a constant in an interface: read-only data, no runtime.convT call, so no boxing is claimed.
func Constant() {
	sink = 5 // want: global-or-heap-assign
}

// Goroutine starts a closure: the go statement's heap flow has no note of its own.
func Goroutine() {
	d := 0      // want: closure-capture
	go func() { // want: raw-flow
		d++
	}()
}

// NoEscape keeps everything on the stack: the compiler reports nothing here.
func NoEscape() int {
	a := [4]int{1, 2, 3, 4}
	p := &a
	return p[0]
}
