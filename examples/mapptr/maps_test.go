package main

import (
	"sync"
	"testing"
)

var sink int

func input() []int {
	data := make([]int, 1000)
	for i := range data {
		data[i] = i
	}
	return data
}

// BenchmarkByPointer and BenchmarkByValue fill one map made outside the loop:
// both allocate nothing per op, so *map costs nothing here.
func BenchmarkByPointer(b *testing.B) {
	data := input()
	m := make(map[int]int)
	for b.Loop() {
		processWithMapPtr(data, &m)
	}
	sink = len(m)
}

func BenchmarkByValue(b *testing.B) {
	data := input()
	m := make(map[int]int)
	for b.Loop() {
		processWithMap(data, m)
	}
	sink = len(m)
}

// BenchmarkSyncMap boxes every key and value.
func BenchmarkSyncMap(b *testing.B) {
	data := input()
	var m sync.Map
	for b.Loop() {
		processWithSyncMap(data, &m)
	}
}

// BenchmarkMakePerCall grows a fresh map every op.
func BenchmarkMakePerCall(b *testing.B) {
	data := input()
	for b.Loop() {
		sink = len(fillNew(data))
	}
}

// BenchmarkMakeSized sizes the map up front.
func BenchmarkMakeSized(b *testing.B) {
	data := input()
	for b.Loop() {
		sink = len(fillNewSized(data))
	}
}

// BenchmarkPointerEscapes stores &m in a global: the map variable moves to the heap.
func BenchmarkPointerEscapes(b *testing.B) {
	data := input()
	for b.Loop() {
		sink = fillAndRegister(data)
	}
}
