module example.com/fixtures/hangs

go 1.24
