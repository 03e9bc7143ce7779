// Package racy has a benchmark with a data race that -race reports
// (unsynchronised increments from two goroutines).
package racy

import (
	"sync"
	"testing"
)

var counter int

func BenchmarkRacyCounter(b *testing.B) {
	for b.Loop() {
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				counter++
			}()
		}
		wg.Wait()
	}
}

func BenchmarkOK(b *testing.B) {
	for b.Loop() {
	}
}
