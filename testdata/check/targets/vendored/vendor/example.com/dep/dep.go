// Package dep is a vendored dependency whose Record allocates on the caller's behalf.
package dep

// Entry is what Record keeps.
type Entry struct{ key string; n [6]int }

var kept []*Entry

// Record allocates an Entry that escapes into a package variable.
//
//go:noinline
func Record(key string) {
	e := &Entry{key: key}
	kept = append(kept[:0], e)
}
