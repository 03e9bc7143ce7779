// Package broken does not compile: heapsight must show the compiler's error.
package broken

func Broken() int {
	return undefinedName + 1
}
