module heapsight.test/mapshapes

go 1.26
