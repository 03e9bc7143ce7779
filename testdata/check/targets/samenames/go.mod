module example.com/samenames

go 1.22
