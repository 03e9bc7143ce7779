module example.com/assert

go 1.26
