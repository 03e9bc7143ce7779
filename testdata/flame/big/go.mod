module heapsight.test/flamebig

go 1.24
