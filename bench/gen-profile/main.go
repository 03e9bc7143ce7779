// Command gen-profile writes a large, deep synthetic allocs profile in the
// shape runtime/pprof writes (sample types alloc_objects/alloc_space/
// inuse_objects/inuse_space, default alloc_space, numeric label "bytes",
// inlined frames), for timing heapsight top against go tool pprof -top.
//
//	go run . -o /tmp/deep.pb.gz -samples 740000
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"

	"github.com/google/pprof/profile"
)

func main() {
	out := flag.String("o", "deep.pb.gz", "output file")
	nSamples := flag.Int("samples", 740000, "number of samples")
	nFuncs := flag.Int("funcs", 6000, "number of functions")
	minDepth := flag.Int("min-depth", 8, "minimum stack depth")
	maxDepth := flag.Int("max-depth", 40, "maximum stack depth")
	flag.Parse()
	r := rand.New(rand.NewPCG(1, 2))

	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "alloc_objects", Unit: "count"},
			{Type: "alloc_space", Unit: "bytes"},
			{Type: "inuse_objects", Unit: "count"},
			{Type: "inuse_space", Unit: "bytes"},
		},
		DefaultSampleType: "alloc_space",
		PeriodType:        &profile.ValueType{Type: "space", Unit: "bytes"},
		Period:            512 * 1024,
		TimeNanos:         1_700_000_000_000_000_000,
	}
	m := &profile.Mapping{ID: 1, Start: 0x400000, Limit: 0x4000000, File: "/tmp/deep-bin", HasFunctions: true}
	p.Mapping = []*profile.Mapping{m}
	for i := 0; i < *nFuncs; i++ {
		pkg := fmt.Sprintf("example.com/svc/pkg%03d", i%120)
		p.Function = append(p.Function, &profile.Function{
			ID:        uint64(i + 1),
			Name:      fmt.Sprintf("%s.(*Handler%d).Step%d", pkg, i%37, i),
			Filename:  fmt.Sprintf("/src/%s/file%d.go", pkg, i%9),
			StartLine: int64(10 + i%400),
		})
	}
	// Each function gets a few call-site locations; one in eight inlines a callee.
	locsOf := make([][]*profile.Location, *nFuncs)
	addr := uint64(0x401000)
	for i := 0; i < *nFuncs; i++ {
		for k := 0; k < 4; k++ {
			f := p.Function[i]
			loc := &profile.Location{ID: uint64(len(p.Location) + 1), Mapping: m, Address: addr}
			addr += 0x10
			if k == 0 && i%8 == 0 {
				callee := p.Function[(i*7+3)%*nFuncs]
				loc.Line = append(loc.Line, profile.Line{Function: callee, Line: callee.StartLine + 2})
			}
			loc.Line = append(loc.Line, profile.Line{Function: f, Line: f.StartLine + int64(k+1)})
			p.Location = append(p.Location, loc)
			locsOf[i] = append(locsOf[i], loc)
		}
	}
	sizes := []int64{8, 16, 24, 32, 48, 64, 128, 256, 512, 1024, 4096, 8192, 32768, 131072}
	for s := 0; s < *nSamples; s++ {
		depth := *minDepth + r.IntN(*maxDepth-*minDepth+1)
		// Walk down a skewed call tree so shallow frames repeat (like real programs) and leaves vary.
		fn := r.IntN(8)
		stack := make([]*profile.Location, depth)
		for d := depth - 1; d >= 0; d-- {
			stack[d] = locsOf[fn][r.IntN(4)]
			fn = (fn*31 + 1 + r.IntN(1+d*4)) % *nFuncs
		}
		size := sizes[r.IntN(len(sizes))]
		objs := int64(1 + r.IntN(200))
		p.Sample = append(p.Sample, &profile.Sample{
			Location: stack,
			Value:    []int64{objs, objs * size, objs / 4, objs / 4 * size},
			NumLabel: map[string][]int64{"bytes": {size}},
		})
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := p.Write(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d samples, %d locations, %d functions\n", *out, len(p.Sample), len(p.Location), len(p.Function))
}
