module example.com/noroot

go 1.22
