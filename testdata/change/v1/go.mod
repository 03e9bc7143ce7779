module example.com/changefix

go 1.22
