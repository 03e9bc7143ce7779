// Package slow has a benchmark that takes its time, so a test can press
// Ctrl-C while it runs.
package slow

import "time"

// Nap sleeps, so every benchmark iteration takes 100 ms.
func Nap() { time.Sleep(100 * time.Millisecond) }
