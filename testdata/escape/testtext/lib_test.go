package testtext

import "testing"

var (
	sinkMap  map[int]int
	sinkInts []int
	sinkStr  string
)

func BenchmarkFill(b *testing.B) {
	for b.Loop() {
		m := map[int]int{}
		for i := 0; i < 64; i++ {
			m[i] = i
		}
		sinkMap = m
	}
}

func BenchmarkClone(b *testing.B) {
	xs := []int{1, 2, 3, 4, 5, 6, 7, 8}
	for b.Loop() {
		sinkInts = Clone(xs)
	}
}

func BenchmarkConcat(b *testing.B) {
	for b.Loop() {
		sinkStr = Concat("left-", sinkStr[:0]+"right")
	}
}

func TestSum(t *testing.T) {
	q := &point{1, 2}
	if Sum(1)+q.x != 3 {
		t.Fatal("want 3")
	}
}
