//go:build special

// Package onlyspecial builds only with -tags special.
package onlyspecial

func F() *int { x := 1; return &x }
