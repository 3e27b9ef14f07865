package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/scanterm/scanterm/localdb"
)

// FuzzScreens drives the whole app with arbitrary key presses, pastes and
// scans (control bytes, invalid UTF-8, escape sequences, huge data) on a
// real database: it must never panic, and every frame must stay exactly
// 30×16 with no control character drawn except the styles' escapes.
func FuzzScreens(f *testing.F) {
	f.Add([]byte("\x01BADGE-0001\x02" + "1" + "\x01PO-1\x01" + scanLA + "\x0310\n\x01DOCK1"))
	f.Add([]byte("\x01BADGE-0001\x024\x01PL-1\x01STAGE\x01" + scanRecall + "\x1b\x1b\x1b"))
	f.Add([]byte("\x01BADGE-0001\x028\x01\x1b[31mred\x07\x01\xff\xfe\x01" + strings.Repeat("X", 500)))
	f.Add([]byte("\x01BADGE-0001\x02?\x1b7\x01A-01\x01" + scanLA + "\x03abc\n\x1b\x1b5\x01SO-1\x04\x05"))
	// One database for all inputs (each worker process has its own):
	// subtest names hold '#', which a database path may not.
	db := openDB(f)
	f.Fuzz(func(t *testing.T, data []byte) { runFuzzScreens(t, db, data) })
}

func runFuzzScreens(t *testing.T, db *localdb.DB, data []byte) {
	{
		h := newHarness(t, db, nil)
		// Bytes are actions: \x01 starts/ends a serial scan, \x02 a
		// paste, \x03 types the following text slowly, \x1b is Esc,
		// \x04 F2, \x05 F3, \n Enter, others single key presses.
		s := string(data)
		for len(s) > 0 {
			c := s[0]
			s = s[1:]
			switch c {
			case 0x01, 0x02:
				end := strings.IndexByte(s, c)
				if end < 0 {
					end = len(s)
				}
				text := s[:end]
				s = s[min(end+1, len(s)):]
				if c == 0x01 {
					h.scan(text)
				} else {
					h.send(tea.PasteMsg{Content: text})
				}
			case 0x03:
				end := strings.IndexByte(s, '\n')
				if end < 0 {
					end = len(s)
				}
				for _, r := range s[:end] {
					h.key(string(r))
				}
				s = s[end:]
			case 0x1b:
				h.key("esc")
			case 0x04:
				h.key("f2")
			case 0x05:
				h.key("f3")
			case '\n':
				h.key("enter")
			default:
				if c >= 0x20 && c < 0x7f {
					h.key(string(rune(c)))
				}
			}
			if h.quit {
				return
			}
			frame := h.app.render()
			lines := strings.Split(frame, "\n")
			if len(lines) != 16 {
				t.Fatalf("%d lines", len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != 30 {
					t.Fatalf("line %d is %d wide: %q", i, w, ansi.Strip(l))
				}
				for _, r := range ansi.Strip(l) {
					if r < 0x20 || r == 0x7f {
						t.Fatalf("control character %q drawn on line %d", r, i)
					}
				}
			}
		}
	}
}
