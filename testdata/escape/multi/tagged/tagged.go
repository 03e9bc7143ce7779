// Package tagged has one file that only builds with -tags special.
package tagged

// Plain returns a heap pointer in every build.
func Plain() *int {
	v := 1
	return &v
}
