// Package mapwrites has a benchmark that writes one map from several
// goroutines (the article's section 4.3): the runtime dies with
// "fatal error: concurrent map writes", which no recover can catch.
package mapwrites

import (
	"sync"
	"testing"
)

var sink map[int]int

func BenchmarkFill(b *testing.B) {
	for b.Loop() {
		m := make(map[int]int, 16)
		for i := range 16 {
			m[i] = i
		}
		sink = m
	}
}

func BenchmarkConcurrentWrites(b *testing.B) {
	m := map[int]int{}
	var wg sync.WaitGroup
	// Writers keep going until the runtime notices; it always does within
	// a few thousand writes on two or more Ps.
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				m[i%1024+w] = i
			}
		}()
	}
	wg.Wait()
}

func BenchmarkLookup(b *testing.B) {
	m := map[int]int{1: 1}
	s := 0
	for b.Loop() {
		s += m[1]
	}
	_ = s
}
