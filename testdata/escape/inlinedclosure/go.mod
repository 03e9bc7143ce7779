module example.com/inlinedclosure

go 1.26
