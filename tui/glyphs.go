package tui

import (
	"fmt"
	"strings"
)

// Glyphs names the set of marks the screens draw with. The Linux virtual
// console (a handheld's tty1, TERM=linux) draws from a font of 256 or 512
// glyphs; Debian's console fonts (Lat15-Fixed16, Uni2-Fixed16 and their
// Terminus and VGA siblings) carry →, ×, …, ·, —, •, ↑, ↓ and ✗ but not ✓
// (the mark of every accepted scan), ▏ (the entry cursor) or ␝ (a GS in
// scanned data), so the console would draw a replacement glyph exactly
// where a picker looks for the OK mark.
type Glyphs string

const (
	// GlyphsAuto is GlyphsConsole on the Linux console, GlyphsUnicode
	// elsewhere (see [Glyphs.Resolve]).
	GlyphsAuto Glyphs = "auto"
	// GlyphsUnicode is the full set, for terminal emulators.
	GlyphsUnicode Glyphs = "unicode"
	// GlyphsConsole draws only what the Linux console's fonts carry.
	GlyphsConsole Glyphs = "console"
)

// ParseGlyphs reads a --glyphs value: auto, console or unicode ("" is auto).
func ParseGlyphs(s string) (Glyphs, error) {
	switch g := Glyphs(strings.ToLower(strings.TrimSpace(s))); g {
	case "":
		return GlyphsAuto, nil
	case GlyphsAuto, GlyphsUnicode, GlyphsConsole:
		return g, nil
	}
	return "", fmt.Errorf("glyphs %q: want auto, console or unicode", s)
}

// IsLinuxConsole reports whether a TERM value names the Linux virtual
// console: "linux" and its terminfo variants (linux-16color, linux-c, …).
func IsLinuxConsole(term string) bool {
	return term == "linux" || strings.HasPrefix(term, "linux-")
}

// Resolve turns auto into console or unicode for the terminal type term
// ($TERM); console and unicode stay what they are.
func (g Glyphs) Resolve(term string) Glyphs {
	if g != GlyphsAuto && g != "" {
		return g
	}
	if IsLinuxConsole(term) {
		return GlyphsConsole
	}
	return GlyphsUnicode
}

// consoleMarks replaces, one for one, each mark the console fonts lack
// with one they carry. Every replacement is one column wide like the mark
// it replaces, so a frame laid out to exactly w columns stays exactly w
// columns and nothing else in the layout needs to know the mode:
//
//	✓ → +  the OK mark (in green, one beep; ✗ in red and three beeps
//	       stay the refusal, ! in amber and two beeps the warning)
//	▏ → _  the entry cursor
//	␝ → ¦  a GS (FNC1) in scanned data: the broken bar, a separator
//
// Marks that come from the step engine (tui/flow) pass through the same
// transform when the frame is drawn, so the engine words its messages
// without knowing the terminal.
var consoleMarks = strings.NewReplacer(
	"✓", "+",
	"▏", "_",
	"␝", "¦",
)

// apply draws a rendered frame with the glyph set. Escape sequences are
// ASCII, so replacing non-ASCII marks never touches one.
func (g Glyphs) apply(frame string) string {
	if g != GlyphsConsole {
		return frame
	}
	return consoleMarks.Replace(frame)
}
