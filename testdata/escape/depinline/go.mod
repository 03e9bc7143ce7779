module example.com/depinline

go 1.22
