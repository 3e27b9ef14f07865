package main

// scanterm on a handheld's own screen, the Linux virtual console (tty1,
// TERM=linux), as a kiosk user without a home folder: the real binary on a
// real pty, fed the bytes the console's keyboard driver sends.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner/ptytest"
	"github.com/scanterm/scanterm/tui/consolefont"
)

// linuxKeys are the bytes the Linux console sends for the keys the
// screens use (the kernel's default keymap; console_codes(4)). Keypad
// Enter is CR, or ESC O M when an application sets the keypad's
// application mode.
var linuxKeys = map[string]string{
	"F1": "\x1b[[A", "F2": "\x1b[[B", "F3": "\x1b[[C", "F4": "\x1b[[D", "F5": "\x1b[[E",
	"F6": "\x1b[17~", "F10": "\x1b[21~", "F12": "\x1b[24~",
	"Home": "\x1b[1~", "End": "\x1b[4~", "PgUp": "\x1b[5~", "PgDn": "\x1b[6~",
	"Up": "\x1b[A", "Down": "\x1b[B", "Esc": "\x1b", "Enter": "\r", "KpEnter": "\x1bOM",
}

// consolePTY runs bin with args on a new pty of w×h cells, TERM=linux and
// no HOME, and collects everything it writes.
type consolePTY struct {
	t      *testing.T
	master *os.File
	cmd    *exec.Cmd
	out    chan []byte
	buf    bytes.Buffer
	done   chan error
}

func startConsolePTY(t *testing.T, w, h int, env []string, bin string, args ...string) *consolePTY {
	t.Helper()
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatalf("open /dev/ptmx: %v", err)
	}
	master := os.NewFile(uintptr(fd), "/dev/ptmx")
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("pty number: %v", err)
	}
	if err := unix.IoctlSetWinsize(fd, unix.TIOCSWINSZ, &unix.Winsize{Row: uint16(h), Col: uint16(w)}); err != nil {
		t.Fatalf("pty size: %v", err)
	}
	slave, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open pty slave: %v", err)
	}
	defer slave.Close()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"TERM=linux", "PATH=" + os.Getenv("PATH")}, env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	// A session of its own with the pty as its controlling terminal, as
	// getty gives a kiosk's login on tty1.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	p := &consolePTY{t: t, master: master, cmd: cmd, out: make(chan []byte, 64), done: make(chan error, 1)}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	go func() {
		for {
			b := make([]byte, 4096)
			n, err := master.Read(b)
			if n > 0 {
				p.out <- b[:n]
			}
			if err != nil { // EIO once the last writer on the slave has gone
				close(p.out)
				return
			}
		}
	}()
	go func() { p.done <- cmd.Wait() }()
	return p
}

// waitFor reads output until the text since the last call contains
// every string (escape sequences and colours removed).
func (p *consolePTY) waitFor(texts ...string) {
	p.t.Helper()
	start := p.buf.Len()
	deadline := time.After(30 * time.Second)
	for {
		s := ansi.Strip(p.buf.String()[start:])
		ok := true
		for _, x := range texts {
			ok = ok && strings.Contains(s, x)
		}
		if ok {
			time.Sleep(250 * time.Millisecond) // a new screen's grace period
			return
		}
		select {
		case b, open := <-p.out:
			if !open {
				p.t.Fatalf("scanterm ended before showing %q:\n%q", texts, p.buf.String())
			}
			p.buf.Write(b)
		case <-deadline:
			p.t.Fatalf("never showed %q:\n%q", texts, p.buf.String())
		}
	}
}

// send writes the bytes of named console keys, one at a person's pace.
func (p *consolePTY) send(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		b, ok := linuxKeys[k]
		if !ok {
			b = k
		}
		if _, err := p.master.Write([]byte(b)); err != nil {
			p.t.Fatalf("write %q: %v", k, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// wait waits for the program to exit and returns all it wrote.
func (p *consolePTY) wait() ([]byte, error) {
	p.t.Helper()
	var err error
	select {
	case err = <-p.done:
	case <-time.After(30 * time.Second):
		p.t.Fatalf("scanterm did not exit:\n%q", p.buf.String())
	}
	for b := range p.out {
		p.buf.Write(b)
	}
	return p.buf.Bytes(), err
}

// seededData is a data folder with the end-to-end master data.
func seededData(t *testing.T, evs ...inventory.Event) string {
	t.Helper()
	data := t.TempDir()
	ctx := context.Background()
	db, err := localdb.Open(ctx, filepath.Join(data, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetDevice(ctx, "term-console"); err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, e2eSeed()); err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		e.Operator = "op1"
		if _, err := db.Append(ctx, e); err != nil {
			t.Fatalf("append %+v: %v", e, err)
		}
	}
	return data
}

// TestConsoleStartUpOutput runs scanterm as a kiosk does on tty1: TERM=linux,
// no HOME, the data folder from $SCANTERM_DATA. Through sign-in, help, the
// menu and F10, everything it writes must be text the console fonts draw
// and escape sequences the console implements (console_codes(4)), and it
// must leave the screen cleared.
func TestConsoleStartUpOutput(t *testing.T) {
	bin := scantermBinary(t)
	data := seededData(t)
	p := startConsolePTY(t, 30, 16, []string{"SCANTERM_DATA=" + data}, bin)
	p.waitFor("Scan badge", "> _")
	p.send("F1")
	p.waitFor("help", "quit")
	p.send("Esc")
	p.waitFor("Scan badge")
	p.send("BADGE-0001\r") // a wedge scanner's burst
	p.waitFor("Menu", "+ Signed in: Ana")
	p.send("F10")
	out, err := p.wait()
	if err != nil {
		t.Fatalf("scanterm: %v\n%q", err, out)
	}
	if bad := unsupportedSequences(out); len(bad) > 0 {
		t.Errorf("sequences the Linux console does not implement: %q", bad)
	}
	fonts, err := consolefont.LoadDebian()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Map(func(r rune) rune {
		if r < 0x20 { // CR, LF, BS, BEL: controls, not glyphs
			return -1
		}
		return r
	}, ansi.Strip(string(out)))
	if miss := fonts.Missing(text); len(miss) > 0 {
		t.Errorf("drawn but not in the console fonts: %s", strings.Join(miss, "; "))
	}
	if !bytes.HasSuffix(out, []byte("\x1b[H\x1b[2J")) {
		t.Errorf("the screen is not cleared at exit: ends %q", out[max(len(out)-80, 0):])
	}
	if _, err := os.Stat(filepath.Join(data, dbFile)); err != nil {
		t.Errorf("data folder from $SCANTERM_DATA not used: %v", err)
	}
}

// consoleSeq matches one escape sequence: a CSI (private marker,
// parameters, intermediates, final), an OSC up to BEL or ST, a charset
// designation, or a single-character escape. Whether the console
// implements it is judged after.
var consoleSeq = regexp.MustCompile(`^\x1b(?:\[([?<=>]?)([0-9;:]*)([\x20-\x2f]*)([\x40-\x7e])|\]([^\x07\x1b]*)(?:\x07|\x1b\\)|[()][B0UK]|%[@G]|#8|[cDEHMZ78>=])`)

// consoleOSC is the console's only OSCs: set a palette entry, reset the
// palette.
var consoleOSC = regexp.MustCompile(`^(?:P[0-9a-fA-F]{7}|R)$`)

// unsupportedSequences lists the escape sequences in out that the Linux
// console does not implement, per console_codes(4).
func unsupportedSequences(out []byte) []string {
	// The console's ECMA-48 CSI finals, and the DEC private modes it
	// sets and resets (cursor keys, 132 columns (ignored), reverse video,
	// origin, autowrap, autorepeat, X10 mouse, cursor visible, X11 mouse).
	const csiFinals = "@ABCDEFGHJKLMPXacdefghlmnqrsu`]"
	decModes := map[string]bool{"1": true, "3": true, "5": true, "6": true, "7": true, "8": true, "9": true, "25": true, "1000": true}
	var bad []string
	for i := 0; i < len(out); i++ {
		if out[i] != 0x1b {
			continue
		}
		m := consoleSeq.FindSubmatch(out[i:])
		if m == nil {
			bad = append(bad, string(out[i:min(i+8, len(out))])+"...")
			continue
		}
		seq := string(m[0])
		i += len(m[0]) - 1
		switch {
		case strings.HasPrefix(seq, "\x1b]"):
			if !consoleOSC.Match(m[5]) {
				bad = append(bad, seq)
			}
			continue
		case !strings.HasPrefix(seq, "\x1b["):
			continue
		}
		private, params, inter, final := string(m[1]), string(m[2]), string(m[3]), string(m[4])
		switch {
		case inter != "", private != "" && private != "?", strings.Contains(params, ":"):
			bad = append(bad, seq)
		case private == "?" && (final == "h" || final == "l"):
			for _, p := range strings.Split(params, ";") {
				if !decModes[p] {
					bad = append(bad, seq)
					break
				}
			}
		case private == "?" && final != "c":
			bad = append(bad, seq)
		case !strings.Contains(csiFinals, final):
			bad = append(bad, seq)
		case final == "m":
			for _, p := range strings.Split(params, ";") {
				if n, _ := strconv.Atoi(p); n == 38 || n == 48 {
					bad = append(bad, seq+" (more than 16 colours)")
					break
				}
			}
		}
	}
	return bad
}

// TestUnsupportedSequences holds the checker to what Bubble Tea sends to
// terminals that are not the console.
func TestUnsupportedSequences(t *testing.T) {
	ok := "\x1b[?25l\x1b[H\x1b[2J\x1b[97;46;1m Sign in\x1b[K\x1b[m\r\n\x1b[3;5H\x1b[2`\x1b[4d\x1b[?25h\x1b7\x1b8\x1b(B"
	if bad := unsupportedSequences([]byte(ok)); len(bad) > 0 {
		t.Fatalf("console sequences refused: %q", bad)
	}
	for _, seq := range []string{"\x1b[?1049h", "\x1b[?2004h", "\x1b]2;scanterm\a", "\x1b[>1u", "\x1b[?u", "\x1b[>4;2m", "\x1b[?2026$p", "\x1b[?5W", "\x1b[2 q", "\x1b[38;5;196m", "\x1bP+q\x1b\\", "\x1b[<1u", "\x1b[4:3m", "\x1b]11;?\x1b\\"} {
		if bad := unsupportedSequences([]byte("a" + seq + "b")); len(bad) == 0 {
			t.Errorf("%q passed", seq)
		}
	}
}

// startConsoleTerm runs scanterm in tmux at 30×16 as on the console:
// TERM=linux, no HOME, a pty as its serial scanner. The pane stays after
// scanterm exits, so the test can see what it left on the screen.
func startConsoleTerm(t *testing.T, data string) *term {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is missing: the end-to-end tests need it (make test-deps installs it; or apt-get install tmux)")
	}
	bin := scantermBinary(t)
	line := ptytest.New(t, "ttyACM0")
	tm := &term{t: t, tmux: tmux, sock: filepath.Join(t.TempDir(), "tmux.sock"), data: data, line: line}
	cmd := "env -u HOME TERM=linux SCANTERM_GLYPHS= " + bin + " run --data " + data +
		" --source 'serial:" + line.Path + "?suffix=crlf' 2>" + filepath.Join(data, "stderr.log")
	tm.tmuxRun("new-session", "-d", "-s", "e2e", "-x", "30", "-y", "16", cmd)
	t.Cleanup(func() { exec.Command(tmux, "-S", tm.sock, "kill-server").Run() })
	tm.tmuxRun("set-option", "-t", "e2e", "remain-on-exit", "on")
	tm.waitFor("Scan badge")
	return tm
}

// console sends named keys as the Linux console's bytes (linuxKeys), or
// literal text, each at a person's pace. A whole text goes in one write,
// as a wedge scanner's burst does.
func (tm *term) console(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		b, ok := linuxKeys[k]
		if !ok {
			b = k
		}
		args := []string{"send-keys", "-t", "e2e", "-H"}
		for _, c := range []byte(b) {
			args = append(args, fmt.Sprintf("%02x", c))
		}
		tm.tmuxRun(args...)
		time.Sleep(100 * time.Millisecond)
	}
}

// waitGone waits until the screen no longer shows text.
func (tm *term) waitGone(text string) {
	tm.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for strings.Contains(tm.screen(), text) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen still shows %q:\n%s", text, tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(250 * time.Millisecond)
}

// TestE2ELinuxConsoleKeys drives every key the screens use with the bytes
// the Linux console sends for it, and a wedge scanner's burst, on the real
// program with TERM=linux; the screen must react to each, draw console
// marks, and be left clear after F10.
func TestE2ELinuxConsoleKeys(t *testing.T) {
	var lots []inventory.Event
	for i := 1; i <= 14; i++ {
		lots = append(lots, inventory.Event{Kind: inventory.KindReceive, GTIN: e2eGTINLot, Lot: fmt.Sprintf("L-%02d", i),
			Expiry: "2027-06-30", Qty: 1, To: "A-01", Doc: "PO-1", DocLine: 1})
	}
	tm := startConsoleTerm(t, seededData(t, lots...))
	tm.waitFor("> _")
	if s := tm.screen(); strings.ContainsAny(s, "✓▏␝") {
		t.Fatalf("unicode marks on the console:\n%s", s)
	}
	// F1 opens help, Esc closes it.
	tm.console("F1")
	tm.waitFor("Sign in · help", "F10")
	tm.console("Esc")
	tm.waitGone("· help")
	// A badge in one burst is one scan: signed in, no PIN asked.
	tm.console("BADGE-0001\r")
	tm.waitFor("Menu · Ana", "+ Signed in: Ana")
	// Arrows and both Enters choose from the menu.
	tm.console("Down", "Enter")
	tm.waitFor("Put-away")
	tm.waitGone("Menu · Ana")
	tm.console("Esc")
	tm.waitFor("Menu · Ana")
	tm.console("Down", "Down", "Down", "Up", "KpEnter")
	tm.waitGone("Menu · Ana")
	tm.waitFor("Move")
	tm.console("Esc")
	tm.waitFor("Menu · Ana")
	// A digit opens its task; F2 lists the open pick lists, Enter takes
	// one; F3 leaves a line for later; F2 shows the list's lines.
	tm.console("4")
	tm.waitFor("Scan PICK LIST")
	tm.console("F2")
	tm.waitFor("1 open", "PL-1")
	tm.console("KpEnter")
	tm.waitFor("Pick · PL-1")
	tm.scan("STAGE")
	tm.waitFor("Scan ITEM")
	tm.console("F3")
	tm.waitFor("+ Line 1 left for later")
	tm.console("F2")
	tm.waitFor("PL-1: 1 line")
	tm.console("Esc")
	tm.waitGone("PL-1: 1 line")
	for i := 0; i < 6 && !strings.Contains(tm.screen(), "Menu · Ana"); i++ {
		tm.console("Esc")
		time.Sleep(300 * time.Millisecond)
	}
	tm.waitFor("Menu · Ana")
	// Look-up of a place with more lots than the screen holds: Down,
	// PgDn and PgUp scroll.
	tm.console("8")
	tm.waitFor("Scan anything")
	tm.scan("A-01")
	tm.waitFor("+ Location A-01", "MED L-01", "more")
	tm.console("PgDn")
	tm.waitFor("MED L-14")
	tm.waitGone("MED L-01")
	tm.console("PgUp")
	tm.waitFor("MED L-01")
	tm.console("Down")
	tm.waitGone("A-01 bin, W1")
	tm.console("Up")
	tm.waitFor("A-01 bin, W1")
	// Keys no screen uses type nothing into the entry.
	tm.console("Home", "End", "F4", "F5", "F6", "F12")
	time.Sleep(300 * time.Millisecond)
	if s := tm.screen(); !strings.Contains(s, "> _") || strings.ContainsAny(s, "~[") {
		t.Fatalf("unused keys left marks:\n%s", s)
	}
	// F10 quits and leaves the screen clear.
	tm.console("F10")
	deadline := time.Now().Add(30 * time.Second)
	for strings.TrimSpace(tm.tmuxRun("display-message", "-p", "-t", "e2e", "#{pane_dead}")) != "1" {
		if time.Now().After(deadline) {
			t.Fatalf("F10 did not quit:\n%s", tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if s := tm.screen(); strings.Contains(s, "Look-up") || strings.Contains(s, "scanner ok") {
		t.Fatalf("the last frame stays after exit:\n%s", s)
	}
}

// TestDefaultDataDirKiosk: a kiosk user may have no home; the data
// folder then comes from $SCANTERM_DATA or the unit's StateDirectory=.
func TestDefaultDataDirKiosk(t *testing.T) {
	t.Setenv("HOME", "")
	t.Setenv("SCANTERM_DATA", "")
	t.Setenv("STATE_DIRECTORY", "/var/lib/scanterm:/var/lib/other")
	if d := defaultDataDir(); d != "/var/lib/scanterm" {
		t.Errorf("with StateDirectory=: %q", d)
	}
	t.Setenv("SCANTERM_DATA", "/srv/term")
	if d := defaultDataDir(); d != "/srv/term" {
		t.Errorf("with $SCANTERM_DATA: %q", d)
	}
	t.Setenv("SCANTERM_DATA", "")
	t.Setenv("STATE_DIRECTORY", "")
	t.Setenv("HOME", "/home/picker")
	if d := defaultDataDir(); d != "/home/picker/.local/share/scanterm" {
		t.Errorf("with a home: %q", d)
	}
}

// TestRunGlyphsFlag: --glyphs takes auto, console or unicode; auto is
// console on TERM=linux; $SCANTERM_GLYPHS is the default.
func TestRunGlyphsFlag(t *testing.T) {
	s, _, _ := runStreams()
	err := run(context.Background(), s, []string{"run", "--glyphs", "ascii", "--data", t.TempDir()})
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "glyphs") {
		t.Fatalf("--glyphs ascii: err = %v", err)
	}
	for _, c := range []struct{ term, value, want string }{
		{"linux", "auto", "console"}, {"xterm-256color", "auto", "unicode"},
		{"linux", "unicode", "unicode"}, {"tmux-256color", "console", "console"},
	} {
		t.Setenv("TERM", c.term)
		g, err := resolveGlyphs(c.value)
		if err != nil || string(g) != c.want {
			t.Errorf("TERM=%s --glyphs %s: %q, %v; want %s", c.term, c.value, g, err, c.want)
		}
	}
	t.Setenv("SCANTERM_GLYPHS", "console")
	fs := newFlagSet("run", s, "", "")
	if v := glyphsFlag(fs); *v != "console" {
		t.Errorf("default with $SCANTERM_GLYPHS=console: %q", *v)
	}
}
