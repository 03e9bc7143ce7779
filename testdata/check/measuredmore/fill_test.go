package measuredmore

import "testing"

func BenchmarkFillPtr(b *testing.B) {
	m := make(map[int]int, 8)
	for i := 0; i < b.N; i++ {
		FillPtr(&m, 64)
	}
}

func BenchmarkFill(b *testing.B) {
	m := make(map[int]int, 8)
	for i := 0; i < b.N; i++ {
		Fill(m, 64)
	}
}
