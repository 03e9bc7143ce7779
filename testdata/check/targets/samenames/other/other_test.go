package other

import "testing"

func BenchmarkFill(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Fill()
	}
	b.ReportMetric(8, "ints/op")
	b.SetBytes(64)
}
