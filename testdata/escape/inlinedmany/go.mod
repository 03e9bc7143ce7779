module example.com/inlinedmany

go 1.22
