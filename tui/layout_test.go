package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/scanterm/scanterm/sync/client"
)

// checkFits renders at w×h and fails if the frame is not exactly h lines
// of w cells, or if any line was cut short (a
// trailing "…" that is not the "more" marker of a scrolled list).
func checkFits(t *testing.T, h *harness, w, ht int, where string) {
	t.Helper()
	h.send(tea.WindowSizeMsg{Width: w, Height: ht})
	lines := strings.Split(h.app.render(), "\n")
	if len(lines) != ht {
		t.Fatalf("%s at %dx%d: %d lines", where, w, ht, len(lines))
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n != w {
			t.Fatalf("%s at %dx%d: line %d is %d wide", where, w, ht, i, n)
		}
		plain := strings.TrimRight(ansi.Strip(l), " ")
		if strings.HasSuffix(plain, "…") && !strings.Contains(plain, "more") {
			t.Fatalf("%s at %dx%d: line %d cut: %q\n%s", where, w, ht, i, plain, ansi.Strip(strings.Join(lines, "\n")))
		}
	}
}

// TestEveryScreenFits walks every workflow through its prompts and checks
// the frame at 30×16 (and 80×24) after each input: nothing cut off, nothing
// spilling over.
func TestEveryScreenFits(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	check := func(where string) {
		t.Helper()
		checkFits(t, h, 30, 16, where)
		checkFits(t, h, 80, 24, where)
		checkFits(t, h, 40, 20, where)
	}
	check("sign-in")
	h.signIn()
	check("menu")
	h.key("?")
	check("help")
	h.key("esc")
	walks := []struct {
		menu  string
		steps []string
	}{
		{"1", []string{"PO-1", scanLA, "t:3", "DOCK1", "]C101" + gtinSerial + "21Z9", "k:enter", "DOCK1", "k:f2"}},
		{"2", []string{scanLA, "t:2", "A-02"}},
		{"3", []string{"A-01", scanSerial1, "k:enter", "A-02"}},
		{"4", []string{"PL-1", "STAGE", scanRecall, scanLB, "k:esc", scanLA, "t:2", "k:f2", "k:esc"}},
		{"5", []string{"SO-1", scanLA, "k:enter"}},
		{"6", []string{"RA-1", scanLA, "k:enter", "t:1", "A-01"}},
		{"7", []string{"A-01", scanLA, "t:19", "k:enter"}},
		{"8", []string{scanLA, scanSerial1, "A-01", scanRecall, "NONSENSE-CODE-THAT-IS-RATHER-LONG-FOR-A-30-COLUMN-SCREEN"}},
	}
	for _, wk := range walks {
		h.key(wk.menu)
		check("open " + wk.menu)
		for _, s := range wk.steps {
			switch {
			case strings.HasPrefix(s, "t:"):
				h.typeSlow(s[2:])
			case strings.HasPrefix(s, "k:"):
				h.key(s[2:])
			default:
				h.scan(s)
			}
			check(wk.menu + " after " + s)
		}
		for i := 0; i < 8 && !strings.Contains(h.screen(), "1 Receive"); i++ {
			h.key("esc")
		}
		h.must("1 Receive")
	}
}

// TestCommitKicksSync: the sync client is kicked after each recorded step
// and only then.
func TestCommitKicksSync(t *testing.T) {
	fs := &fakeSync{st: client.Status{Cause: client.CauseOK, Online: true}}
	h := newHarness(t, stocked(t), func(c *Config) { c.Sync = fs })
	h.signIn()
	h.key("2")
	h.scan(scanLA)
	h.typeSlow("5")
	if fs.kicks != 0 {
		t.Fatalf("kicked %d times before anything was recorded", fs.kicks)
	}
	h.scan("A-02")
	if fs.kicks != 1 {
		t.Fatalf("kicks = %d after one recorded step, want 1", fs.kicks)
	}
}

func TestGoldenWorkflows(t *testing.T) {
	h := newHarness(t, stocked(t), nil)
	h.signIn()
	h.key("4")
	h.scan("PL-1")
	h.scan("STAGE")
	golden(t, h, "pick_line")
	h.scan(scanLB)
	golden(t, h, "pick_override")
	h.key("esc")
	h.scan(scanRecall)
	golden(t, h, "pick_recalled")
	h.key("f2")
	golden(t, h, "pick_lines")
	h.key("esc")
	h.key("esc")
	h.key("esc")
	h.key("esc")
	h.must("1 Receive")
	h.key("8")
	h.scan(scanRecall)
	golden(t, h, "lookup_recalled")
	h.scan("A-01")
	golden(t, h, "lookup_location")
	h.key("?")
	golden(t, h, "lookup_help")
}

func TestWrap(t *testing.T) {
	cases := []struct {
		in   string
		w    int
		want []string
	}{
		{"! Lot L-B is not the list's L-A: give a reason or Esc", 30, []string{"! Lot L-B is not the list's", "L-A: give a reason or Esc"}},
		{"ABCDEFGHIJ x", 4, []string{"ABCD", "EFGH", "IJ x"}},
		{"", 10, []string{""}},
		{"two\nlines", 10, []string{"two", "lines"}},
		{"✓ Über 10 × MED → DOCK1", 12, []string{"✓ Über 10 ×", "MED → DOCK1"}},
	}
	for _, c := range cases {
		got := wrap(c.in, c.w)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}

// FuzzWrap: no line is wider than the limit and no non-space character is
// lost or reordered.
func FuzzWrap(f *testing.F) {
	f.Add("! Lot L-B is not the list's L-A: give a reason or Esc", 30)
	f.Add("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 7)
	f.Add("日本語のテキスト 幅 2", 5)
	f.Fuzz(func(t *testing.T, s string, w int) {
		if w < 2 || w > 200 {
			return
		}
		lines := wrap(s, w)
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("line %q wider than %d", l, w)
			}
		}
		for _, l := range lines {
			for _, r := range l {
				if r < 0x20 || r == 0x7f {
					t.Fatalf("control character %q drawn", r)
				}
			}
		}
		strip := func(x string) string { return strings.Join(strings.Fields(x), "") }
		if strip(strings.Join(lines, "")) != strip(clean(s)) {
			t.Fatalf("content changed: %q -> %q", s, lines)
		}
	})
}

// TestMenuScrollsWhenShort: on a screen too short for every task the
// selection stays visible.
func TestMenuScrollsWhenShort(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.send(tea.WindowSizeMsg{Width: 30, Height: 10})
	for i := 0; i < 8; i++ {
		h.key("down")
	}
	h.must("9 Sync now")
	checkFits(t, h, 30, 10, "short menu")
}

// TestLongRefusalShowsItsAdvice: a refusal's last part says what to do;
// at 30×16 it gets the lines it needs, and on a shorter screen the why
// line of the prompt gives way before the advice does.
func TestLongRefusalShowsItsAdvice(t *testing.T) {
	h := newHarness(t, stocked(t), nil)
	h.signIn()
	h.key("8")
	// GLN 9506000000005 has a wrong check digit (it should end in 8).
	h.scan("]C1" + "4149506000000005" + "254A03")
	h.must("Scan anything", "item, lot, serial or place", "✗ Unreadable barcode", "rescan, or key it from the", "label")
	h.send(tea.WindowSizeMsg{Width: 30, Height: 12})
	h.must("Scan anything", "> ", "✗ Unreadable barcode", "rescan, or key it from the", "label")
	h.mustNot("item, lot, serial or place")
	checkFits(t, h, 30, 12, "short screen")
}

// TestResultDropsProgrammerText: a parse error passed through whole loses
// its package prefix and byte offset on screen.
func TestResultDropsProgrammerText(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.send(signalMsg{result{VerdictBad, "Unreadable barcode: gs1: unknown AI (99) [byte 3]: rescan"}})
	h.must("✗ Unreadable barcode: unknown", "AI (99): rescan")
	h.mustNot("gs1:")
	h.mustNot("[byte")
}

// TestHelpPerWorkflow: the help page says what the task is and lists only
// the keys that do something there; quitting is on every page.
func TestHelpPerWorkflow(t *testing.T) {
	h := newHarness(t, stocked(t), nil)
	h.send(tea.WindowSizeMsg{Width: 40, Height: 20})
	h.key("?")
	h.must("Scan your badge", "F10", "quit")
	h.key("esc")
	h.signIn()
	for _, c := range []struct {
		menu     string
		has, not []string
	}{
		{"1", []string{"Scan the PO", "F2", "open POs", "F10"}, []string{"F3", "skip"}},
		{"2", []string{"bin", "F10"}, []string{"F2", "F3"}},
		{"4", []string{"Scan the pick list", "F2", "F3", "skip this line", "F10"}, nil},
		{"6", []string{"Scan the RA", "F2", "open RAs", "F10"}, []string{"F3"}},
		{"8", []string{"Scan or key an item", "F10"}, []string{"F2", "F3", "skip"}},
	} {
		h.key(c.menu)
		h.key("?")
		h.must(c.has...)
		for _, n := range c.not {
			h.mustNot(n)
		}
		h.key("esc")
		h.key("esc")
		h.must("1 Receive")
	}
	h.key("?")
	h.must("Press a task's number", "0", "sign out", "F10")
}

// TestF10QuitsFromAWorkflow: F10 quits from any screen, but not while
// scanned serials wait for the step that records them.
func TestF10QuitsFromAWorkflow(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.key("1")
	h.scan("PO-1")
	h.scan("]C101" + gtinSerial + "21X1")
	h.must("SERIAL 2 of 2")
	h.send(tea.KeyPressMsg{Code: tea.KeyF10})
	if h.quit {
		t.Fatal("F10 quit with a scanned serial not recorded")
	}
	h.must("What you scanned is not", "recorded yet")
	h.key("esc")
	h.key("esc")
	h.send(tea.KeyPressMsg{Code: tea.KeyF10})
	if !h.quit {
		t.Fatalf("F10 did not quit:\n%s", h.screen())
	}
}

// TestF10GuardOnMoveLines: a move line of 5 units waiting for its
// destination blocks F10 without miscounting it as "1 unit".
func TestF10GuardOnMoveLines(t *testing.T) {
	h := newHarness(t, stocked(t), nil)
	h.signIn()
	h.key("3")
	h.scan("A-01")
	h.scan(scanLA)
	h.typeSlow("5")
	h.send(tea.KeyPressMsg{Code: tea.KeyF10})
	if h.quit {
		t.Fatal("F10 quit with a move line not recorded")
	}
	h.must("What you scanned is not")
	h.mustNot("1 unit")
}
