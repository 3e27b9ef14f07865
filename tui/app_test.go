package tui

import (
	"context"
	"errors"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/wire"
)

func TestSignInByBadgeScan(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.must("Sign in", "Scan badge", "signed out", "not enrolled")
	h.scan("BADGE-0001")
	h.must("Menu · Ana", "1 Receive", "9 Sync now", "op1")
	if h.app.env.op.ID != "op1" {
		t.Fatalf("operator = %q", h.app.env.op.ID)
	}
}

func TestSignInByWedgeBurst(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.burst("BADGE-0001")
	h.must("Menu · Ana")
}

func TestSignInByIDAndPIN(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.typeSlow("op1")
	h.must("Key PIN", "Ana (op1)")
	h.typeSlow("9999")
	h.must("Wrong PIN", "Key PIN")
	if h.app.lastBell != VerdictBad {
		t.Fatalf("bell = %v, want bad", h.app.lastBell)
	}
	h.typeSlow("1234")
	h.must("Menu · Ana")
	h.mustNot("1234")
}

func TestSignInPINIsMasked(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.typeSlow("op1")
	h.key("1")
	h.key("2")
	h.must("> ••")
	h.mustNot("> 12")
	h.key("esc")
	h.must("Scan badge")
}

func TestSignInRefusals(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.scan("BADGE-9999")
	h.must("No operator or badge", "Sign in")
	h.scan("BADGE-0002")
	h.must("op2 is not active", "Sign in")
}

func TestSignInPresetOperator(t *testing.T) {
	h := newHarness(t, openDB(t), func(c *Config) { c.Operator = "op1" })
	h.must("Key PIN", "Ana (op1)")
	h.typeSlow("1234")
	h.must("Menu · Ana")
}

func TestMenuNumberKeysAndSignOut(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.scan("LOC-A01")
	h.must("Choose a task first")
	h.key("8")
	h.must("Look-up")
	h.key("esc")
	h.must("Menu · Ana")
	h.key("0")
	h.must("Sign in", "signed out")
}

func TestMenuArrowsAndEnter(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.key("down")
	h.key("down")
	h.key("enter")
	h.must("Move")
}

func TestSyncNowNotEnrolled(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.key("9")
	h.must("Not enrolled")
}

// fakeSync is a sync client stand-in that records calls; SyncNow answers
// rep and err (and, when after is set, adopts that status, as the real
// client does at the end of a round).
type fakeSync struct {
	st           client.Status
	kicks, syncs int
	rep          client.Report
	err          error
	after        *client.Status
}

func (f *fakeSync) Status() client.Status { return f.st }
func (f *fakeSync) Kick()                 { f.kicks++ }
func (f *fakeSync) SyncNow(context.Context) (client.Report, error) {
	f.syncs++
	if f.after != nil {
		f.st = *f.after
	}
	return f.rep, f.err
}

// TestSyncNowReportsResult: "9 Sync now" says what the round did, or why
// it failed, not just that it was asked for.
func TestSyncNowReportsResult(t *testing.T) {
	fs := &fakeSync{st: client.Status{Cause: client.CauseOK, Online: true}, rep: client.Report{Pushed: 3, Pulled: 12}}
	h := newHarness(t, openDB(t), func(c *Config) { c.Sync = fs })
	h.signIn()
	h.key("9")
	h.must("✓ Synced: sent 3 events,", "received 12 updates.")
	if fs.syncs != 1 {
		t.Fatalf("SyncNow called %d times", fs.syncs)
	}

	fs.rep, fs.err = client.Report{Queue: 4}, errors.New("cannot reach http://127.0.0.1:8811: connection refused")
	fs.after = &client.Status{Cause: client.CauseOffline, Problem: fs.err.Error(), Why: "refused"}
	h.key("9")
	h.must("✗ Sync failed: cannot reach", "http://127.0.0.1:8811:", "connection refused. 4 events")
	h.must("offline: refused")
	if h.app.lastBell != VerdictBad {
		t.Fatalf("bell = %v, want bad", h.app.lastBell)
	}
	// Told once: the next status refresh does not repeat it.
	h.app.res = result{}
	h.send(tickMsg{})
	h.mustNot("Offline:")

	fs.rep, fs.err, fs.after = client.Report{Pushed: 1, RejectedCount: 1}, nil, &client.Status{Cause: client.CauseOK, Online: true}
	h.key("9")
	h.must("! Synced: sent 1 event,", "refused 1 event")

	// Revoked: three lines at 30 columns, said once.
	fs.rep, fs.err = client.Report{Queue: 1}, errors.New("The hub has revoked this terminal (term-test). Sync has stopped; 1 unsent events are kept on this terminal, not lost. Tell a supervisor.")
	fs.after = &client.Status{Cause: client.CauseRevoked, Stopped: true, Why: "revoked", Problem: fs.err.Error()}
	h.key("9")
	h.must("✗ Terminal revoked by the hub.", "1 event kept here. Ask a", "supervisor to re-enrol.")
	h.mustNot("unsent events")
}

// TestOfflineToldOnceOnMenu: when the hub cannot be reached the menu says
// why in words once; a scan's verdict in a workflow is never overwritten.
func TestOfflineToldOnceOnMenu(t *testing.T) {
	fs := &fakeSync{st: client.Status{Cause: client.CauseOK, Online: true}}
	h := newHarness(t, openDB(t), func(c *Config) { c.Sync = fs })
	h.signIn()
	h.key("8")
	h.must("Look-up")
	fs.st = client.Status{Cause: client.CauseOffline, Problem: "cannot reach http://127.0.0.1:8811: connection refused", Why: "refused"}
	h.send(tickMsg{})
	h.mustNot("Offline:")
	h.key("esc")
	h.send(tickMsg{})
	h.must("! Offline: cannot reach", "connection refused")
	h.app.res = result{}
	h.send(tickMsg{})
	h.mustNot("Offline:")
}

// TestSyncResultLandsOnMenu: a Sync now result that arrives while a
// workflow is open waits for the menu.
func TestSyncResultLandsOnMenu(t *testing.T) {
	fs := &fakeSync{st: client.Status{Cause: client.CauseOK, Online: true}, rep: client.Report{Pushed: 2}}
	h := newHarness(t, openDB(t), func(c *Config) { c.Sync = fs })
	h.signIn()
	h.key("8")
	h.send(syncDoneMsg{rep: fs.rep})
	h.mustNot("Synced")
	h.key("esc")
	h.must("Menu", "Synced: sent 2 events")
}

// TestStoppedCausesToldApart: a token the hub does not know is not shown
// as a revocation: the bar says RE-ENROL, the note and "Sync now" say to
// enrol again. Another stop (a diverged ledger) shows STOPPED and its gist.
func TestStoppedCausesToldApart(t *testing.T) {
	fs := &fakeSync{st: client.Status{Cause: client.CauseOK, Online: true}}
	h := newHarness(t, openDB(t), func(c *Config) { c.Sync = fs })
	h.signIn()
	unknown := client.Status{Cause: client.CauseUnknownToken, Online: true, Stopped: true, Why: "unknown token",
		Problem: "The hub does not know this terminal's token (term-test). Sync has stopped; 1 unsent events are kept."}
	fs.st = unknown
	h.send(tickMsg{})
	h.must("RE-ENROL", "✗ Hub does not know this", "Re-enrol it", "(scanterm enroll).")
	h.mustNot("REVOKED")
	h.mustNot("revoked")
	// Said once: the next tick does not repeat it.
	h.app.res = result{}
	h.send(tickMsg{})
	h.mustNot("Hub does not know")

	fs.rep, fs.err, fs.after = client.Report{Queue: 1}, errors.New(unknown.Problem), &unknown
	h.key("9")
	h.must("✗ Hub does not know this", "terminal. 1 event kept here.", "Re-enrol it (scanterm enroll).")
	h.mustNot("revoked")

	fs.st = client.Status{Cause: client.CauseDiverged, Online: true, Stopped: true, Why: "diverged"}
	h.send(tickMsg{})
	h.must("STOPPED: diverged", "✗ Hub holds other events for", "Work is kept here. Tell a")
	h.mustNot("online")
}

func TestStatusBarSyncAndScanner(t *testing.T) {
	fs := &fakeSync{st: client.Status{Cause: client.CauseOK, Online: true}}
	h := newHarness(t, openDB(t), func(c *Config) { c.Sync = fs })
	h.send(tickMsg{})
	h.must("online", "q 0", "scanner ok")
	h.send(ScannerMsg{Source: "serial:/dev/ttyACM0", Connected: false, Err: errors.New("disconnected")})
	h.must("scanner OFF")
	fs.st = client.Status{Cause: client.CauseRevoked, Stopped: true, Why: "revoked", Problem: "token revoked"}
	h.send(tickMsg{})
	h.must("REVOKED", "Terminal revoked by the hub:", "re-enrol")
	fs.st = client.Status{Cause: client.CauseOffline}
	h.send(tickMsg{})
	h.must("offline")
	fs.st = client.Status{}
	h.send(tickMsg{})
	h.must("connecting")
	h.signIn()
	h.key("9")
	if fs.syncs != 1 {
		t.Fatalf("sync now: syncs=%d", fs.syncs)
	}
	h.must("Synced: nothing to send")
}

func TestStatusBarQueueAge(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.send(outboxMsg{n: 3, oldest: testStart.Add(-5 * time.Minute)})
	h.must("q 3 5m")
	h.send(tea80x24())
	h.must("signed out · scanner ok · not enrolled · q 3 5m")
}

func TestPasteIsOneScan(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.send(pasteMsg("BADGE-0001\n"))
	h.must("Menu · Ana")
}

func TestSlowTypingIsKeyedNotScan(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	// A person typing a badge number is a keyed ID: the PIN is asked.
	h.typeSlow("BADGE-0001")
	h.must("Key PIN")
}

func TestWedgeGSAsCtrlBracket(t *testing.T) {
	var got []ScanMsg
	h := newHarness(t, openDB(t), nil)
	h.app.cur = &recorder{inner: h.app.cur, scans: &got}
	h.burst("]C1010950600013435210L1\x1d17261231")
	if len(got) != 1 {
		t.Fatalf("scans = %d, want 1", len(got))
	}
	if want := "]C1010950600013435210L1\x1d17261231"; got[0].Text != want {
		t.Fatalf("scan = %q, want %q", got[0].Text, want)
	}
	if got[0].Keyed {
		t.Fatal("a burst must not be keyed")
	}
}

func TestWedgeGSSubstitute(t *testing.T) {
	var got []ScanMsg
	h := newHarness(t, openDB(t), func(c *Config) { c.Wedge.GS = "~" })
	h.app.cur = &recorder{inner: h.app.cur, scans: &got}
	h.burst("0109506000134352" + "10L1~17261231")
	if len(got) != 1 || got[0].Text != "0109506000134352"+"10L1\x1d17261231" {
		t.Fatalf("scans = %+v", got)
	}
}

func TestGracePeriodDropsKeys(t *testing.T) {
	h := newHarness(t, openDB(t), func(c *Config) { c.Grace = time.Second })
	h.now = h.now.Add(2 * time.Second)
	h.scan("BADGE-0001")
	h.must("Menu · Ana")
	// Within a second of the menu opening, a stray key does nothing.
	h.now = h.now.Add(10 * time.Millisecond)
	h.send(keyMsg("1"))
	h.now = h.now.Add(40 * time.Millisecond)
	h.send(wedgeFlushMsg{})
	h.must("Menu · Ana")
	// After the grace period the same key opens Receive.
	h.now = h.now.Add(2 * time.Second)
	h.send(keyMsg("1"))
	h.flush()
	h.must("Receive")
}

func TestHelpToggle(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.key("?")
	h.must("· help", "sign out", "quit")
	h.key("esc")
	h.mustNot("· help")
	h.key("f1")
	h.must("· help")
	h.key("f1")
	h.mustNot("· help")
}

func TestQuit(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.send(keyMsg("ctrl+c"))
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
}

func TestFlashEndsAndBellPatterns(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.scan("NOBODY")
	if !h.app.flashOn || h.app.lastBell != VerdictBad {
		t.Fatalf("flash=%v bell=%v after a refusal", h.app.flashOn, h.app.lastBell)
	}
	for _, m := range h.later {
		h.send(m)
	}
	if h.app.flashOn {
		t.Fatal("flash did not end")
	}
	h.signIn()
	if h.app.lastBell == VerdictBad {
		t.Fatal("good sign-in rang the bad bell")
	}
}

// TestBellPatternsDiffer: one beep for OK, two for a warning, three for a
// refusal, and no bell at all when silent.
func TestBellPatternsDiffer(t *testing.T) {
	if beeps(VerdictOK) != 1 || beeps(VerdictWarn) != 2 || beeps(VerdictBad) != 3 || beeps(VerdictNone) != 0 {
		t.Fatalf("beeps: ok %d warn %d bad %d none %d", beeps(VerdictOK), beeps(VerdictWarn), beeps(VerdictBad), beeps(VerdictNone))
	}
	a := New(Config{})
	if a.signal(result{VerdictOK, "fine"}) == nil {
		t.Fatal("no bell command")
	}
}

func tea80x24() tea.Msg { return tea.WindowSizeMsg{Width: 80, Height: 24} }

func pasteMsg(s string) tea.Msg { return tea.PasteMsg{Content: s} }

// recorder wraps a screen and records the scans it gets.
type recorder struct {
	inner screen
	scans *[]ScanMsg
}

func (r *recorder) Init() tea.Cmd { return r.inner.Init() }
func (r *recorder) Update(msg tea.Msg) (screen, tea.Cmd) {
	if m, ok := msg.(ScanMsg); ok {
		*r.scans = append(*r.scans, m)
		return r, nil
	}
	s, cmd := r.inner.Update(msg)
	r.inner = s
	return r, cmd
}
func (r *recorder) Title() string          { return r.inner.Title() }
func (r *recorder) Head(w int) []string    { return r.inner.Head(w) }
func (r *recorder) Body(w, h int) []string { return r.inner.Body(w, h) }
func (r *recorder) Keys() help.KeyMap      { return r.inner.Keys() }
func (r *recorder) Busy() bool             { return r.inner.Busy() }

// TestDoubleEscReadAsAltEsc: two Esc bytes read together arrive as
// Alt+Esc; they still back out two steps.
func TestDoubleEscReadAsAltEsc(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.key("8")
	h.key("?")
	h.must("· help")
	h.now = h.now.Add(time.Second)
	h.send(tea.KeyPressMsg{Code: tea.KeyEscape, Mod: tea.ModAlt})
	h.must("Menu · Ana")
}

// TestScansFromChannel: scanner sources' messages arrive through the
// re-arming command, in order, until the channel closes.
func TestScansFromChannel(t *testing.T) {
	ch := make(chan tea.Msg, 3)
	ch <- ScannerMsg{Source: "serial:/dev/ttyACM0", Connected: false}
	ch <- ScanMsg{Text: "BADGE-0001", Source: "serial:/dev/ttyACM0", At: testStart}
	ch <- ScannerMsg{Source: "serial:/dev/ttyACM0", Connected: true}
	close(ch)
	h := newHarness(t, openDB(t), func(c *Config) { c.Scans = ch })
	h.must("Menu · Ana", "scanner ok")
	if s := h.app.scanners["serial:/dev/ttyACM0"]; !s.Connected {
		t.Fatalf("scanner state %+v", s)
	}
}

func TestWedgeTabSuffix(t *testing.T) {
	h := newHarness(t, openDB(t), func(c *Config) { c.Wedge.Suffix = scanner.KeyTab })
	h.now = h.now.Add(time.Second)
	for _, r := range "BADGE-0001" {
		h.now = h.now.Add(5 * time.Millisecond)
		h.send(keyMsg(string(r)))
	}
	h.now = h.now.Add(5 * time.Millisecond)
	h.send(keyMsg("tab"))
	h.must("Menu · Ana")
}

// TestPINReadAsBurst: a PIN that arrives as one fast burst still signs in;
// another badge scanned at the PIN prompt switches operator.
func TestPINReadAsBurst(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.typeSlow("op1")
	h.must("Key PIN")
	h.burst("1234")
	h.must("Menu · Ana")
}

// TestScannedIDStillAsksPIN: an operator ID that arrives as a scan (a
// wedge burst, a paste, a serial scanner) is not a badge: the PIN is asked.
// localdb finds operators by ID or badge; only the badge signs in alone.
func TestScannedIDStillAsksPIN(t *testing.T) {
	for name, deliver := range map[string]func(h *harness){
		"burst":  func(h *harness) { h.burst("op1") },
		"paste":  func(h *harness) { h.send(tea.PasteMsg{Content: "op1"}) },
		"serial": func(h *harness) { h.scan("op1") },
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, openDB(t), nil)
			deliver(h)
			h.must("Key PIN", "Ana (op1)")
			h.mustNot("Menu")
			if h.app.env.op.ID != "" {
				t.Fatalf("signed in as %q without a PIN", h.app.env.op.ID)
			}
			h.typeSlow("1234")
			h.must("Menu · Ana")
		})
	}
}

// TestHubExceptionsShown: exceptions the hub raised on this terminal's
// work show in the status bar, and the menu says so once, in two lines at
// 30 columns, without the hub's technical message.
func TestHubExceptionsShown(t *testing.T) {
	db := openDB(t)
	h := newHarness(t, db, nil)
	h.send(tickMsg{})
	h.mustNot("!0")
	msg := "event 01a218e8-a2ab-76dd-b78c-96f261a4c9c3 (move by term-test seq 22, device clock 2026-11-26T17:30:28Z) moves lot S26-002 of 09506000134352, recalled at the hub"
	var excs []inventory.Exception
	for i := int64(1); i <= 3; i++ {
		excs = append(excs, inventory.Exception{ID: i, Code: "recalled_lot_moved", Message: msg, Seq: 20 + i, RaisedAt: testStart, Version: 1})
	}
	if err := db.ApplyChanges(context.Background(), wire.Changes{Cursor: "c2", Exceptions: excs}); err != nil {
		t.Fatal(err)
	}
	h.send(tickMsg{})
	h.send(ScannerMsg{Source: "serial:/dev/ttyACM0", Connected: false})
	h.must(" signed out · scanner OFF · !3")
	h.scan("BADGE-0001")
	h.send(tickMsg{})
	h.must("! Hub flagged 3 problems: tell", "a supervisor.", "1 Receive", "9 Sync now", "0 Sign out")
	h.mustNot("01a218e8")
	h.app.res = result{}
	h.send(tickMsg{})
	h.mustNot("Hub flagged")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.must("! 3 hub problems")
}
