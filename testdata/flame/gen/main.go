// Command gen writes the allocs profiles under testdata/flame and
// testdata/diff: a small program whose allocation sites cover what the flame
// graph, diff and exports must keep — inlined frames (buildKey is inlined into
// fill), recursion (walk), a map that grows, and a file name holding HTML
// (set with a //line directive, since Go identifiers cannot).
//
// -variant base|new changes the load so a diff has something that grew
// (growMap), something that shrank (makeRecords) and something that vanished
// (onlyInBase) or appeared (onlyInNew).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
)

var sink []any

func buildKey(i int) string { return "key-" + strconv.Itoa(i) }

//go:noinline
func fill(n int) map[string][]byte {
	m := map[string][]byte{}
	for i := 0; i < n; i++ {
		m[buildKey(i)] = make([]byte, 48)
	}
	return m
}

//go:noinline
func growMap(n int) map[int]int {
	m := map[int]int{}
	for i := 0; i < n; i++ {
		m[i] = i
	}
	return m
}

type record struct {
	id   int
	name string
	tags []string
}

//go:noinline
func makeRecords(n int) []*record {
	out := make([]*record, 0)
	for i := 0; i < n; i++ {
		out = append(out, &record{id: i, tags: make([]string, 2)})
	}
	return out
}

//go:noinline
func walk(depth, n int) [][]byte {
	if depth == 0 {
		return [][]byte{make([]byte, n)}
	}
	return append(walk(depth-1, n), make([]byte, 32))
}

//go:noinline
func onlyInBase() []byte { return make([]byte, 96<<10) }

//go:noinline
func onlyInNew() []byte { return make([]byte, 160<<10) }

func main() {
	variant := flag.String("variant", "new", "base or new")
	out := flag.String("o", "", "output file")
	flag.Parse()
	runtime.MemProfileRate = 1
	scale := 1
	if *variant == "new" {
		scale = 3
	}
	for r := 0; r < 5; r++ {
		sink = append(sink, fill(400))
		sink = append(sink, growMap(2000*scale))
		sink = append(sink, makeRecords(3000/scale))
		sink = append(sink, walk(12, 256))
		sink = append(sink, hostile(64))
		if *variant == "base" {
			sink = append(sink, onlyInBase())
		} else {
			sink = append(sink, onlyInNew())
		}
	}
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f.Close()
}
