module example.com/fixtures/misbehaving

go 1.24
