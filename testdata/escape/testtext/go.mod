module example.com/testtext

go 1.24
