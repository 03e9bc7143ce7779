module github.com/heapsight/heapsight/examples/mapptr

go 1.24
