// Command big writes a deep allocs profile with about a million samples for
// bench/flame-paint.mjs: ten functions calling each other along the decimal
// digits of a counter give 10^levels distinct call paths below a fixed
// recursion, each ending in an allocation (MemProfileRate = 1 records all).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

var sink []byte

var steps [10]func(d, n int)

func init() {
	steps = [10]func(d, n int){step0, step1, step2, step3, step4, step5, step6, step7, step8, step9}
}

//go:noinline
func leaf(n int) { sink = make([]byte, 16+n%48) }

//go:noinline
func descend(depth, levels, n int) {
	if depth == 0 {
		steps[n%10](levels-1, n/10)
		return
	}
	descend(depth-1, levels, n)
}

//go:noinline
func step0(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step1(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step2(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step3(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step4(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step5(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step6(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step7(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step8(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}
//go:noinline
func step9(d, n int) {
	if d == 0 {
		leaf(n)
		return
	}
	steps[n%10](d-1, n/10)
}

func main() {
	out := flag.String("o", "big.pb.gz", "output")
	levels := flag.Int("levels", 6, "digits: 10^levels distinct stacks")
	depth := flag.Int("depth", 12, "extra recursion above the branching")
	flag.Parse()
	runtime.MemProfileRate = 1
	total := 1
	for i := 0; i < *levels; i++ {
		total *= 10
	}
	for n := 0; n < total; n++ {
		descend(*depth, *levels, n)
	}
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
