// Command profilegen writes the real profiles heapsight's profile tests read:
// heap.pb.gz (after runtime.GC), allocs.pb.gz (same data, allocs name) and
// cpu.pb.gz. The workload exercises map create/grow/assign, inlined frames,
// recursion and several object sizes (for -tagfocus on the bytes label).
package main

import (
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"time"
)

var sink []any
var keep []map[int]int

// makeSmallMaps creates maps without a size hint and fills them: growth.
func makeSmallMaps(n int) {
	for i := 0; i < n; i++ {
		m := map[int]int{}
		for j := 0; j < 200; j++ {
			m[j] = j
		}
		keep = append(keep, m)
	}
}

// makeHintedMaps creates maps with a size hint: one table allocation, no growth.
func makeHintedMaps(n int) {
	for i := 0; i < n; i++ {
		m := make(map[int]int, 200)
		for j := 0; j < 200; j++ {
			m[j] = j
		}
		keep = append(keep, m)
	}
}

// stringKeys assigns string keys, allocating the strings too.
func stringKeys(n int) {
	m := map[string][]byte{}
	for i := 0; i < n; i++ {
		m[strconv.Itoa(i)] = make([]byte, 64)
	}
	sink = append(sink, m)
}

// newBuf is small enough to be inlined into its callers.
func newBuf(n int) []byte { return make([]byte, n) }

func bigBuffers(n int) {
	for i := 0; i < n; i++ {
		sink = append(sink, newBuf(256<<10))
	}
}

func mediumBuffers(n int) {
	for i := 0; i < n; i++ {
		sink = append(sink, newBuf(8<<10))
	}
}

// recurse allocates at each level so cum counts recursion once.
func recurse(depth int) {
	if depth == 0 {
		return
	}
	sink = append(sink, make([]byte, 4096))
	recurse(depth - 1)
}

func burnCPU(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		m := map[int]int{}
		for j := 0; j < 5000; j++ {
			m[j] = j * 2
		}
		keep = append(keep[:0], m)
		makeSmallMaps(20)
		keep = keep[:0]
	}
}

func writeProfile(name, path string) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		log.Fatal(err)
	}
}

func main() {
	out := flag.String("o", ".", "output directory")
	cpu := flag.Duration("cpu", 2*time.Second, "CPU profile duration")
	flag.Parse()
	runtime.MemProfileRate = 4096 // dense sampling keeps the test profiles stable

	makeSmallMaps(300)
	makeHintedMaps(300)
	stringKeys(20000)
	bigBuffers(40)
	mediumBuffers(400)
	for i := 0; i < 50; i++ {
		recurse(10)
	}
	runtime.GC()
	writeProfile("heap", *out+"/heap.pb.gz")
	writeProfile("allocs", *out+"/allocs.pb.gz")
	writeLegacy(*out)

	f, err := os.Create(*out + "/cpu.pb.gz")
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	burnCPU(*cpu)
	pprof.StopCPUProfile()
	f.Close()
	runtime.KeepAlive(sink)
}
