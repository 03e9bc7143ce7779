package slow

import "testing"

func BenchmarkNap(b *testing.B) {
	for b.Loop() {
		Nap()
	}
}
