package changefix

import "testing"

var sink int
var sinkMap map[int]int
var sinkBytes []byte

func BenchmarkSum(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += Sum(i)
	}
}

func BenchmarkFill(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkMap = Fill(200)
	}
}

func BenchmarkStable(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkBytes = Stable(64)
	}
}

func TestFill(t *testing.T) {
	if m := Fill(5); len(m) != 5 || m[4] != 4 {
		t.Fatalf("Fill(5) = %v", m)
	}
}
