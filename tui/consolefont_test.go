package tui

import (
	"strings"
	"sync"
	"testing"

	"github.com/scanterm/scanterm/tui/consolefont"
)

// loadConsoleFonts reads Debian's console fonts once per test binary.
var loadConsoleFonts = sync.OnceValues(consolefont.LoadDebian)

// missingGlyphs lists the runes of text (escape sequences stripped first)
// that some console font lacks, with the fonts that lack them.
func missingGlyphs(t *testing.T, text string) []string {
	t.Helper()
	fonts, err := loadConsoleFonts()
	if err != nil {
		t.Fatal(err)
	}
	return fonts.Missing(text)
}

// TestConsoleMarksFitTheFonts checks the replacement table itself: every
// replacement is in every font and as wide as the mark it replaces.
func TestConsoleMarksFitTheFonts(t *testing.T) {
	frame := GlyphsConsole.apply("✓▏␝")
	if frame != "+_¦" {
		t.Fatalf("console marks = %q", frame)
	}
	if miss := missingGlyphs(t, frame); len(miss) > 0 {
		t.Fatalf("console marks the fonts lack: %s", strings.Join(miss, "; "))
	}
	if GlyphsUnicode.apply("✓▏␝") != "✓▏␝" {
		t.Fatal("unicode mode changed the marks")
	}
}
