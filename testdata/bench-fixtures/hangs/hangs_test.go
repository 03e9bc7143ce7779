// Package hangs has a benchmark that never returns, so only the timeout ends it.
package hangs

import (
	"testing"
	"time"
)

func BenchmarkOK(b *testing.B) {
	for b.Loop() {
	}
}

func BenchmarkForever(b *testing.B) {
	time.Sleep(time.Hour)
}
