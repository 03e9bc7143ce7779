module example.com/fixtures/healthy

go 1.24
