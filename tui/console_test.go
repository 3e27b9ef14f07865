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
		// As the parser delivers it: shift and the lower case, the
		// upper case as text.
		h.send(tea.KeyPressMsg{Code: letter + 'a' - 'A', ShiftedCode: letter, Mod: tea.ModShift, Text: string(letter)})
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
		if got, ok := linuxFnKey(tea.KeyPressMsg{Code: letter + 'a' - 'A', Mod: tea.ModShift, Text: string(letter)}); !ok || got.Code != want.Code {
			t.Errorf("linuxFnKey(%c) = %v, %v", letter, got, ok)
		}
	}
	for _, k := range []tea.KeyPressMsg{{Code: 'f', Mod: tea.ModShift, Text: "F"}, {Code: 'a', Text: "a"}, {Code: 'a', Mod: tea.ModAlt | tea.ModShift, Text: "A"}} {
		if _, ok := linuxFnKey(k); ok {
			t.Errorf("linuxFnKey(%v) is an F-key", k)
		}
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

// TestConsoleOutput runs what Bubble Tea v2 wrote at start and exit of
// scanterm under TERM=linux through the filter: the console's own
// sequences stay, the rest go, text is untouched, and a sequence cut
// between two writes is judged whole.
func TestConsoleOutput(t *testing.T) {
	in := "\x1b[?2026$p\x1b[?2027$p\x1b[>4m\x1b[?1049h\x1b[?25l\x1b[?5W\x1b[?2004h\x1b]2;scanterm\a\x1b[>4;2m\x1b[>1u\x1b[?u" +
		"\x1b[H\x1b[2J\x1b[97;104;1m Sign in\x1b[K\x1b[m\r\n> ▏\r\x1b[9B\x1b[3X\x1b[5G\x1b[2d\x1b[?1049;25h\x1b[2 q\x1bP+q544e\x1b\\" +
		"\x1b[>4m\x1b[<1u\x1b[16;1H\x1b[?1049l\x1b[?25h\x1b[?2004l\x1b]2;\a\x1b7\x1b8\x1b(B"
	want := "\x1b[?25l\x1b[H\x1b[2J\x1b[97;104;1m Sign in\x1b[K\x1b[m\r\n> ▏\r\x1b[9B\x1b[3X\x1b[5G\x1b[2d" +
		"\x1b[16;1H\x1b[?25h\x1b7\x1b8\x1b(B"
	for _, cut := range []int{0, 3, 17, 40, len(in) - 2} {
		var b strings.Builder
		w := ConsoleOutput(&b)
		for _, part := range []string{in[:cut], in[cut:]} {
			if n, err := w.Write([]byte(part)); err != nil || n != len(part) {
				t.Fatalf("cut %d: Write = %d, %v", cut, n, err)
			}
		}
		if got := b.String(); got != want {
			t.Errorf("cut %d:\n got %q\nwant %q", cut, got, want)
		}
	}
	// An unfinished sequence is held, not written; one longer than any the
	// console knows is dropped rather than held without end (the BEL that
	// ends it then rings like any other).
	var b strings.Builder
	w := ConsoleOutput(&b)
	w.Write([]byte("ok\x1b"))
	w.Write([]byte("]" + strings.Repeat("x", 300)))
	w.Write([]byte("\a!"))
	if got := b.String(); got != "ok\a!" {
		t.Errorf("unfinished sequences: %q, want %q", got, "ok\a!")
	}
}

// FuzzConsoleOutput: any bytes, cut anywhere, never panic the filter, and
// no OSC or alternate-screen switch gets through.
func FuzzConsoleOutput(f *testing.F) {
	f.Add([]byte("\x1b[?1049h\x1b]2;t\a\x1b[1;31mx\x1b[m"), 5)
	f.Add([]byte("\x1b\x1b[\x1b]\x1bP"), 1)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		if cut < 0 || cut > len(b) {
			cut = len(b) / 2
		}
		var out strings.Builder
		w := ConsoleOutput(&out)
		w.Write(b[:cut])
		w.Write(b[cut:])
		if s := out.String(); strings.Contains(s, "\x1b]") || strings.Contains(s, "\x1b[?1049") {
			t.Fatalf("%q passed as %q", b, s)
		}
	})
}
