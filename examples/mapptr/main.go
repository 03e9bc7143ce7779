package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof, as in the article
	"os"
	"time"
)

func main() {
	addr := flag.String("pprof", "", "serve /debug/pprof on this address (e.g. localhost:6060) and keep running")
	rounds := flag.Int("rounds", 1000, "how many times to fill the map")
	flag.Parse()

	data := make([]int, 100000)
	for i := range data {
		data[i] = i
	}
	if *addr != "" {
		go func() { log.Println(http.ListenAndServe(*addr, nil)) }()
		fmt.Fprintf(os.Stderr, "serving /debug/pprof on http://%s/debug/pprof/\n", *addr)
	}
	for {
		// The article's demo declared `var m map[int]int` and panicked with
		// "assignment to entry in nil map". Make the map first.
		m := make(map[int]int)
		for i := 0; i < *rounds; i++ {
			processWithMapPtr(data, &m)
		}
		fmt.Println("entries:", len(m))
		if *addr == "" {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
