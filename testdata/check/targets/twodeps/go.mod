module example.com/twodeps

go 1.22

require (
	example.com/big v1.0.0
	example.com/small v1.0.0
)
