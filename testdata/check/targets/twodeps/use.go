// Package twodeps calls two vendored dependencies that allocate, one 64 times more than the other.
package twodeps

import (
	"example.com/big"
	"example.com/small"
)

// Use makes one buffer in each dependency.
func Use() {
	big.Make()
	small.Make()
}
