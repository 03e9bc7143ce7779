package main

import "fmt"

var keep *int

func main() {
	a := 1
	keep = &a
	fmt.Println(*keep)
}
