module example.com/fixtures/fails

go 1.24
