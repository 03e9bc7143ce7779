// Package slow has a benchmark that takes its time, so a test can press
// Ctrl-C while it runs.
package slow

import "time"

// Nap sleeps, so every benchmark iteration takes a millisecond.
func Nap() { time.Sleep(time.Millisecond) }
