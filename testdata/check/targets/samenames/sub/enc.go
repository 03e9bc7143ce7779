// Package sub has a benchmark of the same name as the root's; its Encode allocates 256 bytes.
package sub

var sink []byte

// Encode allocates one 256-byte buffer.
func Encode() { sink = make([]byte, 256) }
