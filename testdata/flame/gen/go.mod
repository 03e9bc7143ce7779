module heapsight.test/flamegen

go 1.24
