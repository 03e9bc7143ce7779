package causes

import "testing"

func TestReturned(t *testing.T) {
	if *Returned() != 42 {
		t.Fatal("want 42")
	}
}
