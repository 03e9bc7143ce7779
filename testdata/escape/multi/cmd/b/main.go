package main

import "fmt"

var keep *string

func main() {
	b := "b"
	keep = &b
	fmt.Println(*keep)
}
