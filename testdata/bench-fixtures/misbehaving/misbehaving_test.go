// Package misbehaving has benchmarks that do what real benchmarks sometimes
// do and a runner must survive: print without a newline before the result,
// print megabytes on one line or millions of lines, start processes they never wait for (one of
// them holding the benchmark's stdout), and a sub-benchmark that panics
// beside healthy ones. Each is selected by name from the tests; the sizes
// and the children's lifetimes come from the environment so a test can find
// what it started.
package misbehaving

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

var sink []byte

// BenchmarkFragment prints "x" with no newline each time it is called, so
// testing's result line reads "BenchmarkFragment-2 \tx     100\t…".
func BenchmarkFragment(b *testing.B) {
	fmt.Print("x")
	for i := 0; i < b.N; i++ {
		sink = make([]byte, 32)
	}
}

// BenchmarkLongLine prints HS_LONGLINE_MB megabytes (default 1) with no newline, then measures.
func BenchmarkLongLine(b *testing.B) {
	mb, _ := strconv.Atoi(os.Getenv("HS_LONGLINE_MB"))
	if mb <= 0 {
		mb = 1
	}
	chunk := strings.Repeat("y", 1<<20)
	for i := 0; i < mb; i++ {
		fmt.Print(chunk)
	}
	for i := 0; i < b.N; i++ {
		sink = make([]byte, 32)
	}
}

// BenchmarkChatty prints HS_CHATTY_LINES lines (default 10) each time it is called, then measures.
func BenchmarkChatty(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("HS_CHATTY_LINES"))
	if n <= 0 {
		n = 10
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "chatty line %d of a benchmark that logs far too much\n", i)
	}
	w.Flush()
	for i := 0; i < b.N; i++ {
		sink = make([]byte, 32)
	}
}

// sleepArg is the orphans' sleep duration: a tag the tests search /proc for.
func sleepArg() string {
	if s := os.Getenv("HS_ORPHAN_SECONDS"); s != "" {
		return s
	}
	return "777"
}

// BenchmarkOrphan starts a child and never waits for it.
func BenchmarkOrphan(b *testing.B) {
	if err := exec.Command("sleep", sleepArg()).Start(); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		sink = make([]byte, 32)
	}
}

// BenchmarkHeldStdout starts a child that inherits stdout and outlives the
// benchmark, so the pipe stays open after the test binary exits.
func BenchmarkHeldStdout(b *testing.B) {
	cmd := exec.Command("sleep", sleepArg())
	cmd.Stdout = os.Stdout
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		sink = make([]byte, 32)
	}
}

// BenchmarkSubs has two healthy sub-benchmarks around one that panics.
func BenchmarkSubs(b *testing.B) {
	b.Run("ok1", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink = make([]byte, 64)
		}
	})
	b.Run("bad", func(b *testing.B) {
		var m map[int]int
		for i := 0; i < b.N; i++ {
			m[i] = i
		}
	})
	b.Run("ok2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink = make([]byte, 128)
		}
	})
}

// BenchmarkHealthy allocates and behaves.
func BenchmarkHealthy(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = make([]byte, 256)
	}
}
