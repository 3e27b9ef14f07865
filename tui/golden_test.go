package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// sizes are the smallest supported screen and the common one.
var sizes = []struct{ w, h int }{{30, 16}, {80, 24}}

// golden renders the harness at each size, checks the frame fits exactly
// (h lines, none wider than w), and compares it without colours with
// testdata/golden/NAME_WxH.golden. It renders the same screen again with
// the Linux console's marks, checks every rune against the console fonts'
// Unicode tables, and compares that with NAME_console_WxH.golden.
func golden(t *testing.T, h *harness, name string) {
	t.Helper()
	goldenGlyphs(t, h, name, GlyphsUnicode)
	goldenGlyphs(t, h, name+"_console", GlyphsConsole)
}

func goldenGlyphs(t *testing.T, h *harness, name string, g Glyphs) {
	t.Helper()
	was := h.app.cfg.Glyphs
	h.app.cfg.Glyphs = g
	defer func() { h.app.cfg.Glyphs = was }()
	for _, sz := range sizes {
		h.send(tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
		raw := h.app.render()
		lines := strings.Split(raw, "\n")
		if len(lines) != sz.h {
			t.Errorf("%s at %dx%d: %d lines", name, sz.w, sz.h, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w != sz.w {
				t.Errorf("%s at %dx%d: line %d is %d wide: %q", name, sz.w, sz.h, i, w, ansi.Strip(l))
			}
		}
		got := ansi.Strip(raw)
		if g == GlyphsConsole {
			if miss := missingGlyphs(t, got); len(miss) > 0 {
				t.Errorf("%s at %dx%d draws what the console fonts lack: %s", name, sz.w, sz.h, strings.Join(miss, "; "))
			}
		}
		// Trailing spaces are padding; strip them so the files are readable.
		var b strings.Builder
		for _, l := range strings.Split(got, "\n") {
			b.WriteString(strings.TrimRight(l, " "))
			b.WriteString("\n")
		}
		got = b.String()
		path := filepath.Join("testdata", "golden", name+"_"+itoa(sz.w)+"x"+itoa(sz.h)+".golden")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./tui -run %s -update to create it)", err, t.Name())
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (rerun with -update if the change is intended)\n--- got\n%s--- want\n%s", name, path, got, want)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 30, Height: 16})
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

func TestGoldenShell(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	golden(t, h, "signin")
	h.typeSlow("op1")
	golden(t, h, "signin_pin")
	h.typeSlow("0000")
	golden(t, h, "signin_wrong_pin")
	h.typeSlow("1234")
	golden(t, h, "menu")
	h.key("?")
	golden(t, h, "menu_help")
	h.key("esc")
	h.send(outboxMsg{n: 12, oldest: testStart.Add(-90 * 60e9)})
	h.send(ScannerMsg{Source: "serial:/dev/ttyUSB0", Connected: false})
	golden(t, h, "menu_offline_scanner")
}
