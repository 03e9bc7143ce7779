module example.com/fixtures/panics

go 1.24
