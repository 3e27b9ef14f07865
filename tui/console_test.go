package tui

import (
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

func TestParseGlyphs(t *testing.T) {
	for in, want := range map[string]Glyphs{"": GlyphsAuto, "auto": GlyphsAuto, "Console": GlyphsConsole, " unicode ": GlyphsUnicode} {
		if g, err := ParseGlyphs(in); err != nil || g != want {
			t.Errorf("ParseGlyphs(%q) = %q, %v; want %q", in, g, err, want)
		}
	}
	if _, err := ParseGlyphs("ascii"); err == nil {
		t.Error("ParseGlyphs(ascii): no error")
	}
	for _, c := range []struct {
		g    Glyphs
		term string
		want Glyphs
	}{
		{GlyphsAuto, "linux", GlyphsConsole},
		{GlyphsAuto, "linux-16color", GlyphsConsole},
		{GlyphsAuto, "xterm-256color", GlyphsUnicode},
		{GlyphsAuto, "linuxish", GlyphsUnicode},
		{GlyphsAuto, "", GlyphsUnicode},
		{"", "linux", GlyphsConsole},
		{GlyphsUnicode, "linux", GlyphsUnicode},
		{GlyphsConsole, "xterm", GlyphsConsole},
	} {
		if got := c.g.Resolve(c.term); got != c.want {
			t.Errorf("%q.Resolve(%q) = %q, want %q", c.g, c.term, got, c.want)
		}
	}
}

// TestVerdictsOnSixteenColours draws each verdict's result line with the
// colour profile forced to the 16 ANSI colours the Linux console has, as
// Bubble Tea would downsample it there, and checks that a verdict never
// rests on colour alone: each has its own mark (in the console fonts), its
// own colours within the 16, and its own bell pattern.
func TestVerdictsOnSixteenColours(t *testing.T) {
	h := newHarness(t, openDB(t), func(c *Config) { c.Glyphs = GlyphsConsole })
	h.send(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	type look struct{ mark, fg, bg string }
	verdicts := []Verdict{VerdictOK, VerdictWarn, VerdictBad}
	for _, flash := range []bool{true, false} {
		seen := map[Verdict]look{}
		for _, v := range verdicts {
			h.app.res = result{verdict: v, text: "Received 10 x MED"}
			h.app.flashOn = flash
			line := h.app.cfg.Glyphs.apply(h.app.resultLines(30, 1)[0])
			var b strings.Builder
			w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.ANSI}
			if _, err := w.WriteString(line); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			fg, bg, bad := sgrColours(out)
			if bad != "" {
				t.Errorf("verdict %v (flash %v): SGR %q is not one of the 16 colours: %q", v, flash, bad, out)
			}
			plain := ansi.Strip(out)
			mark, _, _ := strings.Cut(plain, " ")
			if mark == "" || !strings.HasPrefix(plain, mark+" Received") {
				t.Errorf("verdict %v: no mark before the text: %q", v, plain)
			}
			if miss := missingGlyphs(t, mark); len(miss) > 0 {
				t.Errorf("verdict %v: mark %s", v, strings.Join(miss, "; "))
			}
			seen[v] = look{mark, fg, bg}
		}
		for i, a := range verdicts {
			for _, b := range verdicts[i+1:] {
				la, lb := seen[a], seen[b]
				if la.mark == lb.mark {
					t.Errorf("flash %v: verdicts %v and %v share the mark %q", flash, a, b, la.mark)
				}
				if la.fg == lb.fg && la.bg == lb.bg {
					t.Errorf("flash %v: verdicts %v and %v share the colours fg %s bg %s on 16 colours", flash, a, b, la.fg, la.bg)
				}
				if beeps(a) == beeps(b) {
					t.Errorf("verdicts %v and %v ring alike", a, b)
				}
			}
		}
		t.Logf("flash %v: %+v", flash, seen)
	}
}

// sgrColours reads the foreground and background in effect where an
// SGR-styled line's text starts ("" = the terminal's default), and the
// first colour parameter that is not one of the 16 ANSI colours.
func sgrColours(s string) (fg, bg, bad string) {
	for strings.HasPrefix(s, "\x1b[") {
		s = s[2:]
		j := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > ';' })
		if j < 0 {
			break
		}
		params, final := s[:j], s[j]
		s = s[j+1:]
		if final != 'm' {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			n, err := strconv.Atoi(p)
			switch {
			case p == "" || (err == nil && n == 0):
				fg, bg = "", ""
			case err != nil:
				bad = params
			case n >= 30 && n <= 37, n >= 90 && n <= 97:
				fg = p
			case n == 39:
				fg = ""
			case n >= 40 && n <= 47, n >= 100 && n <= 107:
				bg = p
			case n == 49:
				bg = ""
			case n == 38 || n == 48:
				bad = params
			}
		}
	}
	return fg, bg, bad
}

// TestLinuxConsoleFunctionKeys feeds the root model what Bubble Tea's
// parser makes of the Linux console's F1-F5 (an unknown CSI "ESC [ [" and
// the letter): F1 opens help, and the letter does not reach the entry.
func TestLinuxConsoleFunctionKeys(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	consoleF := func(letter rune) {
		h.now = h.now.Add(300e6)
		h.send(uv.UnknownCsiEvent("\x1b[["))
		h.send(tea.KeyPressMsg{Code: letter, Text: string(letter)})
		h.flush()
	}
	consoleF('A')
	h.must("help", "sign out")
	h.key("esc")
	h.mustNot("· help")
	h.key("1")
	h.must("Receive")
	// Another unknown sequence does not turn the next letter into a key.
	h.send(uv.UnknownCsiEvent("\x1b[G")) // the console's keypad 5
	h.key("A")
	h.must("> A")
	h.mustNot("· help")
	h.key("backspace")
	consoleF('B') // F2: the list of open POs
	h.must("PO-1", "1 open")
	h.mustNot("> B")
	for letter, want := range map[rune]tea.KeyPressMsg{'A': {Code: tea.KeyF1}, 'E': {Code: tea.KeyF5}} {
		if got, ok := linuxFnKey(tea.KeyPressMsg{Code: letter, Text: string(letter)}); !ok || got.Code != want.Code {
			t.Errorf("linuxFnKey(%c) = %v, %v", letter, got, ok)
		}
	}
	if _, ok := linuxFnKey(tea.KeyPressMsg{Code: 'F', Text: "F"}); ok {
		t.Error("linuxFnKey(F) is a key")
	}
}

// TestColourProfileKeepsDefaultPalette: only terminals of 16 colours or
// fewer get the 16-colour palette; 256-colour and true-colour terminals
// keep the default one, byte for byte.
func TestColourProfileKeepsDefaultPalette(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	def := DefaultStyles()
	for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256} {
		h.send(tea.ColorProfileMsg{Profile: p})
		if got, want := h.app.env.st.FlashWarn.Render("x"), def.FlashWarn.Render("x"); got != want {
			t.Errorf("profile %v: warn flash %q, want the default %q", p, got, want)
		}
	}
	h.send(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	if h.app.env.st.FlashWarn.Render("x") == def.FlashWarn.Render("x") {
		t.Error("16 colours: still the default palette")
	}
}
