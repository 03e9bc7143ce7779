// Package majorv10 lives at a v10 major-version path: go names its test binary majorv10.test, not v10.test.
package majorv10

var sink []byte

// Encode allocates one 32-byte buffer.
func Encode() { sink = make([]byte, 32) }
