// Command server is the collect tests' target: the article's setup, a program
// serving net/http/pprof, with a steady allocation load so heap and allocs
// profiles have content. It listens on 127.0.0.1 on a free port, prints
// "listening on PORT" to stdout, and stops itself after -life (or on /quit),
// so a crashed test never leaves it running.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime/pprof"
	"time"
)

var sink [][]byte
var table map[int][]byte

//go:noinline
func allocLoad(n int) {
	m := make(map[int][]byte)
	for i := 0; i < n; i++ {
		m[i] = make([]byte, 64+i%512)
	}
	table = m
	sink = append(sink[:0], make([]byte, 1<<16))
}

func main() {
	life := flag.Duration("life", 60*time.Second, "exit after this long")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Not-a-profile responses for the error tests: an HTML page and a slow handler.
	http.HandleFunc("/html/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><html><body><h1>Welcome</h1></body></html>")
	})
	http.HandleFunc("/slow/", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	})
	// A profile cut in half, as a proxy dropping the connection would leave it.
	http.HandleFunc("/trunc/", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		if err := pprof.Lookup("allocs").WriteTo(&buf, 0); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(buf.Bytes()[:buf.Len()/2])
	})
	http.HandleFunc("/quit", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "bye")
		go func() { time.Sleep(50 * time.Millisecond); os.Exit(0) }()
	})
	go func() {
		for {
			allocLoad(2000)
			time.Sleep(2 * time.Millisecond)
		}
	}()
	go func() { time.Sleep(*life); os.Exit(0) }()
	fmt.Printf("listening on %d\n", ln.Addr().(*net.TCPAddr).Port)
	if err := http.Serve(ln, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
