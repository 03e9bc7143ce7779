module heapsight.test/profilegen

go 1.26
