package rules

import (
	"strconv"
	"testing"
)

var (
	words    = makeWords(1000)
	four     = makeWords(4)
	ints     = makeInts(1000)
	bigInts  = makeBigInts(1000)
	tiny     = []string{"a", "b", "c"}
	sinkStr  string
	sinkInt  int
	sinkMap  map[string]int
	sinkInts []int
	sinkFn   func() int
)

func makeWords(n int) []string {
	w := make([]string, n)
	for i := range w {
		w[i] = "w" + strconv.Itoa(i)
	}
	return w
}

func makeInts(n int) []int {
	x := make([]int, n)
	for i := range x {
		x[i] = i % 100
	}
	return x
}

func makeBigInts(n int) []int {
	x := make([]int, n)
	for i := range x {
		x[i] = 1000 + i
	}
	return x
}

func BenchmarkSumPtr(b *testing.B) {
	for b.Loop() {
		sinkInt = sumPtr(&ints)
	}
}

func BenchmarkKeepPtr(b *testing.B) {
	for b.Loop() {
		s := []int{1, 2, 3}
		keepPtr(&s)
	}
}

func BenchmarkCountInto(b *testing.B) {
	m := make(map[string]int, len(words))
	for b.Loop() {
		countInto(&m, words[:10])
	}
}

func BenchmarkIndexWords(b *testing.B) {
	for b.Loop() {
		sinkMap = indexWords(words)
	}
}

func BenchmarkSmallIndex(b *testing.B) {
	for b.Loop() {
		sinkMap = smallIndex(four)
	}
}

func BenchmarkSquares(b *testing.B) {
	for b.Loop() {
		sinkInts = squares(ints)
	}
}

func BenchmarkSquaresCap(b *testing.B) {
	for b.Loop() {
		sinkInts = squaresCap(ints)
	}
}

func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		sinkStr, _ = key(12345)
	}
}

func BenchmarkDigit(b *testing.B) {
	for b.Loop() {
		sinkStr = digit(7)
	}
}

func BenchmarkJoinAll(b *testing.B) {
	for b.Loop() {
		sinkStr = joinAll(words[:100])
	}
}

func BenchmarkJoinedLen(b *testing.B) {
	for b.Loop() {
		sinkInt = joinedLen(tiny)
	}
}

func BenchmarkToString(b *testing.B) {
	buf := []byte("some bytes that are longer than thirty-two bytes")
	for b.Loop() {
		sinkStr = toString(buf)
	}
}

func BenchmarkLookup(b *testing.B) {
	m := map[string]int{"w1": 1}
	buf := []byte("w1")
	for b.Loop() {
		sinkInt = lookup(m, buf)
	}
}

func BenchmarkBoxAll(b *testing.B) {
	for b.Loop() {
		sinkInt = boxAll(bigInts)
	}
}

func BenchmarkBoxSmall(b *testing.B) {
	for b.Loop() {
		sinkInt = boxAll(ints)
	}
}

func BenchmarkSlicePool(b *testing.B) {
	for b.Loop() {
		sinkInt = useSlicePool()
	}
}

func BenchmarkPtrPool(b *testing.B) {
	for b.Loop() {
		sinkInt = usePtrPool()
	}
}

func BenchmarkIsID(b *testing.B) {
	for b.Loop() {
		sinkInt = len(strconv.FormatBool(isID("abc123")))
	}
}

func BenchmarkIsIDHoisted(b *testing.B) {
	for b.Loop() {
		sinkInt = len(strconv.FormatBool(isIDHoisted("abc123")))
	}
}

func BenchmarkCounter(b *testing.B) {
	for b.Loop() {
		sinkFn = counter()
	}
}

func BenchmarkSumClosure(b *testing.B) {
	for b.Loop() {
		sinkInt = sumClosure(ints)
	}
}

func BenchmarkLockAll(b *testing.B) {
	ls := make([]lock, 16)
	for b.Loop() {
		sinkInt = lockAll(ls)
	}
}

func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		sinkStr = build(words[:100])
	}
}

func BenchmarkBuildGrown(b *testing.B) {
	for b.Loop() {
		sinkStr = buildGrown(words[:100], 500)
	}
}
