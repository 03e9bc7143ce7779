// Package vendored calls a vendored dependency that allocates.
package vendored

import "example.com/dep"

// Use records one key.
func Use() { dep.Record("k") }
