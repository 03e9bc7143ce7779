package mapshapes

import "testing"

func BenchmarkSmallHinted(b *testing.B) {
	for b.Loop() {
		SmallHinted()
	}
}

func BenchmarkGrowFromEmpty(b *testing.B) {
	for b.Loop() {
		GrowFromEmpty()
	}
}

func BenchmarkExactHint(b *testing.B) {
	for b.Loop() {
		ExactHint()
	}
}

func BenchmarkLiteral(b *testing.B) {
	for b.Loop() {
		Literal()
	}
}

func BenchmarkLargeElems(b *testing.B) {
	for b.Loop() {
		LargeElems()
	}
}

func BenchmarkViaReflect(b *testing.B) {
	for b.Loop() {
		ViaReflect()
	}
}

func BenchmarkDecodeJSON(b *testing.B) {
	for b.Loop() {
		DecodeJSON()
	}
}

func BenchmarkClone(b *testing.B) {
	for b.Loop() {
		Clone()
	}
}

func BenchmarkCopyInto(b *testing.B) {
	for b.Loop() {
		CopyInto()
	}
}

func BenchmarkGrowStrings(b *testing.B) {
	for b.Loop() {
		GrowStrings()
	}
}

func BenchmarkHintedGrow(b *testing.B) {
	for b.Loop() {
		HintedGrow()
	}
}

var n int

func BenchmarkStackGrow(b *testing.B) {
	for b.Loop() {
		n += StackGrow()
	}
}
