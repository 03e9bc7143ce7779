// Package a lives in a module whose root has no Go files.
package a

var sink *[4]int

// New allocates one array.
func New() { sink = new([4]int) }
