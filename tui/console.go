package tui

import (
	"bytes"
	"io"
	"os"
	"strings"
)

// ConsoleOutput wraps the program's output for the Linux virtual console
// (TERM=linux): it passes text and the escape sequences the console
// implements (console_codes(4): cursor movement, erasing, SGR colours,
// cursor visibility, a few ECMA-48 and DEC modes) and drops every other
// sequence. Bubble Tea asks any terminal for the alternate screen,
// bracketed paste, the Kitty keyboard protocol, modifyOtherKeys,
// synchronized output and a window title, and queries their support; the
// console has none of them, and a kernel older than the sequences draws
// their tails as text. Dropping them here, at the last step, keeps the
// program's own model of the screen (full screen, redrawn in place) and
// keeps the console clean, whatever a later Bubble Tea adds.
//
// When out is a terminal file (it has Fd, Read and Close, like *os.File),
// the result is one too, so Bubble Tea still sizes the screen and follows
// resizes from it.
func ConsoleOutput(out io.Writer) io.Writer {
	if f, ok := out.(*os.File); ok {
		return &consoleFile{File: f, filter: consoleFilter{w: f}}
	}
	return &consoleFilter{w: out}
}

// consoleFile is a terminal file whose writes go through the filter.
type consoleFile struct {
	*os.File
	filter consoleFilter
}

func (c *consoleFile) Write(p []byte) (int, error) { return c.filter.Write(p) }

// consoleFilter is the sequence filter. A sequence cut between two writes
// is held until its end arrives.
type consoleFilter struct {
	w       io.Writer
	pending []byte // an unfinished escape sequence from the last write
}

// maxSequence bounds a held sequence: anything longer is no sequence the
// console knows, and is dropped rather than held for ever.
const maxSequence = 256

func (c *consoleFilter) Write(p []byte) (int, error) {
	buf := append(c.pending, p...)
	c.pending = nil
	out := make([]byte, 0, len(buf))
	for i := 0; i < len(buf); {
		j := bytes.IndexByte(buf[i:], 0x1b)
		if j < 0 {
			out = append(out, buf[i:]...)
			break
		}
		out = append(out, buf[i:i+j]...)
		i += j
		n, keep := consoleSequence(buf[i:])
		if n == 0 { // unfinished: hold it for the next write
			if len(buf)-i <= maxSequence {
				c.pending = append([]byte(nil), buf[i:]...)
			}
			break
		}
		if keep {
			out = append(out, buf[i:i+n]...)
		}
		i += n
	}
	if _, err := c.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// consoleSequence measures the escape sequence at the start of b (b[0] is
// ESC) and says whether the Linux console implements it. n is 0 when b
// ends before the sequence does.
func consoleSequence(b []byte) (n int, keep bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '[':
		return consoleCSI(b)
	case ']', 'P', '_', '^', 'X':
		// OSC, DCS, APC, PM, SOS: strings up to BEL or ST. The console's
		// only OSCs set and reset its palette (ESC ] P, ESC ] R), which
		// nothing here sends.
		for i := 2; i < len(b); i++ {
			switch {
			case b[i] == 0x07:
				return i + 1, false
			case b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\':
				return i + 2, false
			case b[i] == 0x1b && i+1 == len(b):
				return 0, false
			}
		}
		return 0, false
	case '(', ')', '%', '#':
		// Character set and UTF-8 selection, DECALN: one more byte.
		if len(b) < 3 {
			return 0, false
		}
		return 3, true
	case 'c', 'D', 'E', 'H', 'M', 'Z', '7', '8', '>', '=':
		// Reset, line feed, newline, tab set, reverse line feed, identify,
		// save and restore the cursor, the keypad's modes.
		return 2, true
	}
	return 2, false
}

// consoleCSI measures a control sequence (ESC [ params intermediates
// final) and says whether the console implements it.
func consoleCSI(b []byte) (n int, keep bool) {
	i := 2
	for i < len(b) && b[i] >= 0x30 && b[i] <= 0x3f {
		i++
	}
	params := string(b[2:i])
	inter := i
	for i < len(b) && b[i] >= 0x20 && b[i] <= 0x2f {
		i++
	}
	if i >= len(b) {
		return 0, false
	}
	final := b[i]
	n = i + 1
	if final < 0x40 || final > 0x7e {
		return n, false // not a well-formed sequence
	}
	if i > inter {
		return n, false // the console takes no intermediate bytes
	}
	if strings.HasPrefix(params, "?") {
		switch final {
		case 'h', 'l':
			return n, onlyParams(params[1:], "1", "3", "5", "6", "7", "8", "9", "25", "1000")
		case 'c':
			return n, true // cursor appearance
		}
		return n, false
	}
	if strings.ContainsAny(params, "<=>?") {
		return n, false // another private marker: xterm and Kitty extensions
	}
	switch final {
	case 'h', 'l':
		return n, onlyParams(params, "3", "4", "20")
	case '@', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'P', 'X',
		'a', 'c', 'd', 'e', 'f', 'g', 'm', 'n', 'q', 'r', 's', 'u', '`', ']':
		return n, true
	}
	return n, false
}

// onlyParams reports whether every ;-separated parameter is one of ok.
func onlyParams(params string, ok ...string) bool {
	for _, p := range strings.Split(params, ";") {
		found := false
		for _, o := range ok {
			found = found || p == o
		}
		if !found {
			return false
		}
	}
	return true
}
