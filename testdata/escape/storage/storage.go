// Package storage is a fixture: parameters that leak into the storage of an
// allocation that escapes. The compiler explains those leaks as
// "parameter p leaks to {storage for &lineReader{...}} with derefs=N".
package storage

type lineReader struct {
	scratch []byte
	owner   *[]byte
	n       int
}

// newLineReader stores scratch in the literal it returns.
func newLineReader(scratch []byte) *lineReader {
	return &lineReader{scratch: scratch}
}

var readers []*lineReader

// Register keeps its reader in a global slice: b leaks into the literal.
func Register(b []byte) {
	r := &lineReader{scratch: b}
	readers = append(readers, r)
}

// Use calls the constructor, which is inlined here.
func Use(b []byte) *lineReader { return newLineReader(b) }

var global []byte

// Two stores b globally and in a literal that escapes: two leak records, one decision.
func Two(b []byte) {
	r := &lineReader{scratch: b}
	readers = append(readers, r)
	global = b
}

// Mixed keeps what p points to globally (content) and p itself in a literal
// that escapes: the compiler's decision is "leaking param: p".
func Mixed(p *[]byte) {
	global = *p
	readers = append(readers, &lineReader{owner: p})
}
