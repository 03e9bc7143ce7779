module example.com/fixtures/racy

go 1.24
