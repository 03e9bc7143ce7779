module example.com/majorv10/v10

go 1.22
