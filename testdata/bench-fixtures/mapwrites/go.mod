module example.com/fixtures/mapwrites

go 1.24
