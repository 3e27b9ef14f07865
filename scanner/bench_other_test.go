//go:build !linux

package scanner_test

import "testing"

type benchLine struct{ Path string }

func (benchLine) Write([]byte) {}

func newBenchLine(b *testing.B) benchLine {
	b.Skip("the serial benchmark needs Linux ptys")
	return benchLine{}
}
