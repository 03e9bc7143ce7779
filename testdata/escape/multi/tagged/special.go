//go:build special

package tagged

// Special exists only with -tags special.
func Special() *string {
	s := "special"
	return &s
}
