package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks plain or styled text into lines no wider than w, at spaces
// where it can and mid-word where it must (lot codes have no spaces).
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	s = ansi.Wrap(s, w, " ")
	return strings.Split(s, "\n")
}

// fitLine cuts a line to exactly w cells, padding with spaces, so nothing
// spills into the next row and a background colour fills the row.
func fitLine(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if n := w - ansi.StringWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// clip keeps at most h lines; when it has to drop lines it says so on the
// last one, so a cut list is never mistaken for a complete one.
func clip(lines []string, h int, more string) []string {
	if h <= 0 {
		return nil
	}
	if len(lines) <= h {
		return lines
	}
	out := append([]string(nil), lines[:h-1]...)
	return append(out, more)
}
