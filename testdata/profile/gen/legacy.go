package main

import (
	"os"
	"runtime/pprof"
)

// writeLegacy writes debug=1 text profiles, the legacy format heapsight must refuse clearly.
func writeLegacy(dir string) {
	for _, name := range []string{"heap", "goroutine"} {
		f, err := os.Create(dir + "/legacy-" + name + ".txt")
		if err != nil {
			panic(err)
		}
		pprof.Lookup(name).WriteTo(f, 1)
		f.Close()
	}
}
