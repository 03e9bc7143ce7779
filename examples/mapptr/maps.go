// Package main is the article's demo, corrected so it runs, plus the variants
// its claims are about. Each variant has a benchmark in maps_test.go.
package main

import "sync"

// processWithMapPtr is the article's function, unchanged: it takes *map[int]int.
// The article claims this forces the map header onto the heap. The compiler
// says otherwise: m does not escape, and the function is inlined.
func processWithMapPtr(data []int, m *map[int]int) {
	for _, v := range data {
		(*m)[v] = v * 2
	}
}

// processWithMap is the by-value twin the article recommends. It allocates
// exactly what processWithMapPtr allocates.
func processWithMap(data []int, m map[int]int) {
	for _, v := range data {
		m[v] = v * 2
	}
}

// processWithSyncMap stores into a sync.Map: keys and values are boxed into
// interfaces (runtime.convT64), which is a real allocation per entry.
func processWithSyncMap(data []int, m *sync.Map) {
	for _, v := range data {
		m.Store(v, v*2)
	}
}

// fillNew makes a fresh map per call without a size hint: every growth step
// allocates new groups on the heap.
func fillNew(data []int) map[int]int {
	m := make(map[int]int)
	processWithMap(data, m)
	return m
}

// fillNewSized makes the map with a size hint: one allocation of the right size.
func fillNewSized(data []int) map[int]int {
	m := make(map[int]int, len(data))
	processWithMap(data, m)
	return m
}

// registry keeps a *map alive beyond the call that made it.
var registry []*map[int]int

// registerMap stores the pointer it is given in a global: the parameter
// leaks, so the map variable of every caller that passes &m is moved to the
// heap. This is the one shape where *map really does cost an allocation.
func registerMap(m *map[int]int) {
	registry = append(registry[:0], m)
}

// fillAndRegister passes &m twice: to processWithMapPtr, which costs nothing,
// and to registerMap, which moves m to the heap (one extra object per call).
func fillAndRegister(data []int) int {
	m := make(map[int]int, len(data))
	processWithMapPtr(data, &m)
	registerMap(&m)
	return len(m)
}
