package tui

import (
	"regexp"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks plain text into lines no wider than w: at spaces where it
// can, and inside a word only when the word alone is wider than w (a long
// lot code). Hyphens are not break points: "L-A" stays whole.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var lines []string
	for _, para := range strings.Split(clean(s), "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for ansi.StringWidth(word) > w {
				if line != "" {
					lines = append(lines, line)
					line = ""
				}
				head := ansi.Cut(word, 0, w)
				lines = append(lines, head)
				word = ansi.Cut(word, w, ansi.StringWidth(word))
			}
			switch {
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// wrapStyled wraps plain text and styles each line.
func wrapStyled(st lipgloss.Style, s string, w int) []string {
	lines := wrap(s, w)
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
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

// clean makes text from scans and data safe to draw: invalid UTF-8 and
// control characters (an escape sequence in a barcode must not reach the
// terminal) become visible marks; GS (FNC1) shows as ␝.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == 0x1d:
			return '␝'
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return '\uFFFD'
		}
		return r
	}, s)
}

// byteOffset is the position suffix a scanner/gs1 error carries for
// programmers: " [byte 27]".
var byteOffset = regexp.MustCompile(` \[byte \d+\]`)

// operatorText drops what is meant for programmers from a message an
// operator reads: the "gs1: " package prefix and byte offsets of parse
// errors. The engine words its own messages; this catches an error text
// passed through whole.
func operatorText(s string) string {
	s = strings.ReplaceAll(s, "gs1: ", "")
	return byteOffset.ReplaceAllString(s, "")
}
