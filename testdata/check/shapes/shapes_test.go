package shapes

import "testing"

var words = []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"}

func BenchmarkCollect(b *testing.B) {
	for b.Loop() {
		_ = Collect(200)
	}
}

func BenchmarkJoin(b *testing.B) {
	for b.Loop() {
		_ = Join(words)
	}
}

func BenchmarkBox(b *testing.B) {
	for b.Loop() {
		Box(50)
	}
}

var pts []*Point

func BenchmarkNewPoint(b *testing.B) {
	for b.Loop() {
		pts = append(pts[:0], NewPoint(1, 2))
	}
}

var fns []func() int

func BenchmarkCounter(b *testing.B) {
	for b.Loop() {
		fns = append(fns[:0], Counter())
	}
}

func BenchmarkIndex(b *testing.B) {
	for b.Loop() {
		_ = Index(words)
	}
}

func BenchmarkItoa(b *testing.B) {
	for b.Loop() {
		_ = Itoa(20)
	}
}
