// Package rules holds one true instance and one look-alike for each
// anti-pattern rule heapsight checks, so each verdict (confirmed, refuted,
// not exercised) is decided by measurement. rules_test.go benchmarks them.
package rules

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// --- pointer to a reference type as a parameter

var kept *[]int

// sumPtr reads through *[]int: the pointer does not escape (look-alike).
func sumPtr(s *[]int) int {
	t := 0
	for _, v := range *s {
		t += v
	}
	return t
}

// keepPtr stores the pointer beyond the call: the caller's slice header moves to the heap.
//
//go:noinline
func keepPtr(s *[]int) {
	kept = s
}

// countInto writes through *map[string]int: the pointer does not escape (look-alike).
func countInto(m *map[string]int, words []string) {
	for _, w := range words {
		(*m)[w]++
	}
}

// --- map filled in a loop without a size hint

// indexWords fills a map with len(words) entries and no hint: it grows.
func indexWords(words []string) map[string]int {
	m := make(map[string]int)
	for i, w := range words {
		m[w] = i
	}
	return m
}

// smallIndex fills a map that never outgrows its first group (look-alike):
// a hint would not remove the group allocated on the first insert.
func smallIndex(words []string) map[string]int {
	m := map[string]int{}
	for i, w := range words {
		m[w] = i
	}
	return m
}

// --- slice appended in a loop without capacity

func squares(xs []int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, x*x)
	}
	return out
}

// squaresCap is made with capacity (look-alike: no hit).
func squaresCap(xs []int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, x*x)
	}
	return out
}

// --- fmt with simple verbs

func key(id int) (string, error) {
	if id < 0 {
		// An error path no benchmark runs.
		return "", fmt.Errorf("negative id %d", id)
	}
	return fmt.Sprintf("%d", id), nil
}

// digit formats a value below 10: one-byte strings and small integers are
// interned by the runtime, so this Sprintf allocates nothing (look-alike).
func digit(d int) string {
	return fmt.Sprintf("%d", d%10)
}

// --- string concatenation in a loop

func joinAll(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}

// joinedLen concatenates into a string that never leaves the frame and stays
// under 32 bytes: it looks harmless, but each += allocates (measured: 2
// allocs/op for three parts).
func joinedLen(parts []string) int {
	s := ""
	for _, p := range parts {
		s += p
	}
	return len(s)
}

// --- []byte <-> string conversions

func toString(b []byte) string {
	return string(b)
}

// lookup converts only for a map index: the compiler elides the copy (look-alike).
func lookup(m map[string]int, b []byte) int {
	return m[string(b)]
}

// --- values boxed into interfaces in calls

var lastBoxed any

// record keeps its argument beyond the call, so each value it is given is
// boxed on the heap (runtime.convT64); values below 256 come from the
// runtime's static table and allocate nothing (the look-alike benchmark).
//
//go:noinline
func record(x any) {
	lastBoxed = x
}

func boxAll(vals []int) int {
	for _, v := range vals {
		record(v)
	}
	return len(vals)
}

// --- sync.Pool holding non-pointer values

var slicePool = sync.Pool{New: func() any { return make([]byte, 0, 64) }}

func useSlicePool() int {
	b := slicePool.Get().([]byte)
	b = append(b[:0], "payload"...)
	n := len(b)
	slicePool.Put(b)
	return n
}

// ptrPool holds *[]byte (look-alike: Put boxes nothing).
var ptrPool = sync.Pool{New: func() any { b := make([]byte, 0, 64); return &b }}

func usePtrPool() int {
	bp := ptrPool.Get().(*[]byte)
	*bp = append((*bp)[:0], "payload"...)
	n := len(*bp)
	ptrPool.Put(bp)
	return n
}

// --- regexp compiled inside a function body

func isID(s string) bool {
	return regexp.MustCompile(`^[a-z]+[0-9]+$`).MatchString(s)
}

var idPattern = regexp.MustCompile(`^[a-z]+[0-9]+$`)

// isIDHoisted uses a package-level regexp (look-alike: no hit).
func isIDHoisted(s string) bool {
	return idPattern.MatchString(s)
}

// --- closures that move captured variables to the heap

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

// sumClosure's closure is called in place: t stays on the stack (look-alike).
func sumClosure(xs []int) int {
	t := 0
	add := func(x int) { t += x }
	for _, x := range xs {
		add(x)
	}
	return t
}

// --- defer inside a loop

type lock struct{ held int }

func (l *lock) unlock() { l.held-- }

func lockAll(ls []lock) int {
	for i := range ls {
		ls[i].held++
		defer ls[i].unlock()
	}
	return len(ls)
}

// --- strings.Builder grown step by step

func build(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p)
	}
	return b.String()
}

// buildGrown grows once (look-alike: no hit).
func buildGrown(parts []string, n int) string {
	var b strings.Builder
	b.Grow(n)
	for _, p := range parts {
		b.WriteString(p)
	}
	return b.String()
}
