// Package other is a third package with a benchmark, and a custom metric.
package other

var sink []int

// Fill allocates eight ints.
func Fill() { sink = make([]int, 8) }
