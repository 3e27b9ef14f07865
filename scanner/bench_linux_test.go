//go:build linux

package scanner_test

import (
	"testing"

	"github.com/scanterm/scanterm/scanner/ptytest"
)

func newBenchLine(b *testing.B) *ptytest.Line { return ptytest.New(b, "ttyACM0") }
