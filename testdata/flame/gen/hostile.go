package main

// hostile's allocation is attributed to a file whose name is HTML with quotes:
// flame graphs must show it as text, never as markup.

//go:noinline
//line <script>alert(1)</script>"'&amp;.go:1
func hostile(n int) []byte { return make([]byte, n) }
