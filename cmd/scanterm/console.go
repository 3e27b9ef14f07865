package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/scanterm/scanterm/tui"
)

// Start-up on a handheld's own screen, the Linux virtual console: a kiosk
// runs scanterm on tty1 with TERM=linux. There the marks come from the
// console fonts (tui.GlyphsConsole), the output passes only the sequences
// the console implements (tui.ConsoleOutput), and the screen is cleared on
// exit, so a restart or the login prompt starts on a clean screen rather
// than under the last frame.

// glyphsFlag registers --glyphs; its default is $SCANTERM_GLYPHS, else auto.
func glyphsFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("SCANTERM_GLYPHS")
	if def == "" {
		def = string(tui.GlyphsAuto)
	}
	return fs.String("glyphs", def, "marks to draw with: `auto` (console on the Linux console, TERM=linux), console or unicode; default $SCANTERM_GLYPHS, else auto")
}

// resolveGlyphs checks a --glyphs value and resolves auto for $TERM.
func resolveGlyphs(value string) (tui.Glyphs, error) {
	g, err := tui.ParseGlyphs(value)
	if err != nil {
		return "", fmt.Errorf("%w: --%v", errUsage, err)
	}
	return g.Resolve(os.Getenv("TERM")), nil
}

// consoleOutput adapts the program's output to the terminal $TERM names.
// On the Linux console it filters the output and returns a function that
// clears the screen once the program has stopped; elsewhere it returns
// out unchanged and a function that does nothing.
func consoleOutput(out io.Writer) (io.Writer, func()) {
	if !tui.IsLinuxConsole(os.Getenv("TERM")) {
		return out, func() {}
	}
	return tui.ConsoleOutput(out), func() {
		// Default colours, cursor home, erase the screen (console_codes(4)).
		fmt.Fprint(out, "\x1b[m\x1b[H\x1b[2J")
	}
}
