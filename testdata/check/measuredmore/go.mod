module example.com/measuredmore

go 1.22
