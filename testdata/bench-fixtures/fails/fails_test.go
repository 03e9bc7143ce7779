// Package fails has a benchmark that gives up with b.Fatal.
package fails

import "testing"

func BenchmarkOK(b *testing.B) {
	for b.Loop() {
	}
}

func BenchmarkGivesUp(b *testing.B) {
	b.Fatal("fixture refuses to run: no input file")
}
