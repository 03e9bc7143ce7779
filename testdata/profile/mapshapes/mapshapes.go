// Package mapshapes allocates maps in the shapes heapsight must tell apart in
// a heap profile: the lazily allocated first group of a small map, growth as a
// map outgrows its tables, tables sized up front by a hint, indirect storage
// for large elements, and map writes through reflection, encoding/json and the
// maps package. Every map escapes (stored in sink), so no group is on the stack.
package mapshapes

import (
	"encoding/json"
	"maps"
	"reflect"
	"strconv"
)

var sink any

var words = func() []string {
	w := make([]string, 1000)
	for i := range w {
		w[i] = "k" + strconv.Itoa(i)
	}
	return w
}()

var vals = []string{"a"}

// SmallHinted makes a map with hint 8 and fills its 8 slots: the first insert
// allocates the map's single group, which the hint does not remove.
func SmallHinted() {
	m := make(map[string][]string, 8)
	for _, k := range words[:8] {
		m[k] = vals
	}
	sink = m
}

// GrowFromEmpty fills a map made without a hint to 1000 entries: growth.
func GrowFromEmpty() {
	m := make(map[int]int)
	for i := 0; i < 1000; i++ {
		m[i] = i
	}
	sink = m
}

// ExactHint makes the same map with hint 1000: tables at make, no growth.
func ExactHint() {
	m := make(map[int]int, 1000)
	for i := 0; i < 1000; i++ {
		m[i] = i
	}
	sink = m
}

// Literal is a small map literal: the header and its first group.
func Literal() {
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	sink = m
}

// Big holds elements over 128 bytes, which a map stores indirectly.
type Big [32]int64

// LargeElems stores 4 elements of 256 bytes: each insert allocates its element.
func LargeElems() {
	m := make(map[int]Big)
	for i := 0; i < 4; i++ {
		m[i] = Big{}
	}
	sink = m
}

// ViaReflect fills a map through reflect.Value.SetMapIndex.
func ViaReflect() {
	m := make(map[string]int)
	v := reflect.ValueOf(m)
	for i, k := range words[:20] {
		v.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(i))
	}
	sink = m
}

var doc = []byte(`{"a":1,"b":"x","c":true,"d":null,"e":2,"f":3,"g":4,"h":5,"i":6,"j":7}`)

// DecodeJSON decodes an object of 10 members into map[string]any.
func DecodeJSON() {
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		panic(err)
	}
	sink = m
}

var src = func() map[int]int {
	m := make(map[int]int, 100)
	for i := 0; i < 100; i++ {
		m[i] = i
	}
	return m
}()

// Clone copies a 100-entry map with maps.Clone.
func Clone() {
	sink = maps.Clone(src)
}

// CopyInto copies 100 entries into an empty map with maps.Copy: growth in maps.Copy.
func CopyInto() {
	m := map[int]int{}
	maps.Copy(m, src)
	sink = m
}

// GrowStrings fills a map[string][]string (352-byte groups) to 1000 entries:
// its 1024-slot tables are larger than 32 KiB, so whole pages.
func GrowStrings() {
	m := make(map[string][]string)
	for _, k := range words {
		m[k] = vals
	}
	sink = m
}

// HintedGrow makes a map with hint 100 and fills it to 1000: it has no first
// group (tables at make) and grows at the assignment.
func HintedGrow() {
	m := make(map[int]int, 100)
	for i := 0; i < 1000; i++ {
		m[i] = i
	}
	sink = m
}

// StackGrow fills a map that does not escape: its header and first group are
// on the stack, and only its growth reaches the heap.
func StackGrow() int {
	m := make(map[int]int)
	for i := 0; i < 100; i++ {
		m[i] = i
	}
	return len(m)
}
