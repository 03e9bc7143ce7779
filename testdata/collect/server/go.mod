module heapsight.test/collectserver

go 1.24
