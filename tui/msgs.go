package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/client"
)

// ScanMsg is one scan, whatever device it came from: a serial or HID
// scanner, the keyboard wedge, a paste. Text is what gs1.Parse takes (the
// AIM symbology identifier, if any, followed by the data, GS as 0x1D).
type ScanMsg struct {
	Text   string
	Source string    // the scanner's name, "wedge", "paste" or "keyed"
	At     time.Time // when the scan completed
	// Keyed says a person typed it and pressed Enter (slow typing), so it
	// came from the keypad rather than a scanner.
	Keyed bool
}

// ScannerMsg reports a scanner connecting or going away.
type ScannerMsg struct {
	Source    string
	Connected bool
	Err       error
}

// Syncer is the part of the sync lifecycle the TUI uses: a
// *client.Runner when the terminal is enrolled; tests give it a fake, or
// nil (not enrolled). The status bar renders its client.Status.
type Syncer interface {
	Status() client.Status
	Kick() // after each local commit
	// SyncNow pushes the queue and pulls changes now ("Sync now") and
	// says what it did. It blocks until the round ends, so the TUI calls
	// it from a command. The error, if any, is a sentence an operator can
	// act on, like client.Status.Problem.
	SyncNow(ctx context.Context) (client.Report, error)
}

// Internal messages.
type (
	// signedInMsg: the sign-in screen found the operator.
	signedInMsg struct{ op inventory.Operator }
	// signOutMsg: back to sign-in.
	signOutMsg struct{}
	// openMsg: show another screen (from the menu).
	openMsg struct{ s screen }
	// backMsg: the screen has nothing left to back out of: go to the menu.
	backMsg struct{}
	// flashEndMsg ends the green/red flash started with the given id.
	flashEndMsg struct{ id int }
	// outboxMsg carries the outbox figures when no sync client reports them.
	outboxMsg struct {
		n      int
		oldest time.Time
		err    error
		// exc is how many of the hub's exceptions on this terminal's
		// work are open.
		exc int
	}
	// tickMsg refreshes the status bar.
	tickMsg struct{}
	// bellDoneMsg ends a bell pattern; it carries nothing.
	bellDoneMsg struct{}
	// wedgeFlushMsg asks the wedge to release keys held past the burst window.
	wedgeFlushMsg struct{}
	// syncDoneMsg answers "Sync now".
	syncDoneMsg struct {
		rep client.Report
		err error
	}
)

// Verdict is how a scan or step went, for the result line, flash and bell.
type Verdict int

const (
	VerdictNone Verdict = iota
	VerdictOK
	VerdictWarn
	VerdictBad
)

// result is the last scan's outcome shown under the prompt.
type result struct {
	verdict Verdict
	text    string
}

// signal asks the root for a bell and a flash for a verdict. Screens
// return it as a message so sound and colour are decided in one place.
type signalMsg struct{ r result }

func signal(v Verdict, text string) tea.Cmd {
	return func() tea.Msg { return signalMsg{result{v, text}} }
}
