package tui

import (
	"context"
	"errors"
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/sync/wire"
)

// EnrollFunc enrols the terminal from a scanned enrolment link (the QR
// code of the hub console's "Enrol a terminal" page) and returns the sync
// client to use from then on, with the device name it enrolled as.
type EnrollFunc func(ctx context.Context, link wire.EnrollLink) (Syncer, string, error)

// enrolledMsg ends an enrolment started by a scan.
type enrolledMsg struct {
	sync   Syncer
	device string
	err    error
}

// aimPrefix is a scanner's symbology identifier (]Q1 for a QR code), which
// comes before the data when the scanner is set to send it.
var aimPrefix = regexp.MustCompile(`^\][A-Za-z][0-9A-Za-z]`)

// enrollScan takes an enrolment QR code scanned on a terminal that is not
// enrolled, on any screen (sign-in included): zero typing on the floor.
// It reports whether msg was such a scan or the end of one.
func (a *App) enrollScan(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case ScanMsg:
		if a.env.sync != nil || a.cfg.Enroll == nil {
			return nil, false
		}
		link, err := wire.ParseEnrollLink(aimPrefix.ReplaceAllString(msg.Text, ""))
		if errors.Is(err, wire.ErrNotEnrollLink) {
			return nil, false
		}
		if err != nil {
			return signal(VerdictBad, "Enrolment code unreadable: "+err.Error()+". Show the code again on the console."), true
		}
		ctx, enroll := a.env.ctx, a.cfg.Enroll
		return tea.Batch(signal(VerdictNone, "Enrolling with "+link.HubURL+"…"), func() tea.Msg {
			s, dev, err := enroll(ctx, link)
			return enrolledMsg{sync: s, device: dev, err: err}
		}), true
	case enrolledMsg:
		if msg.err != nil {
			text := strings.TrimSuffix(msg.err.Error(), ".")
			return signal(VerdictBad, "Enrolment failed: "+text+". Ask for a new code."), true
		}
		a.env.sync, a.cfg.Sync = msg.sync, msg.sync
		return tea.Batch(signal(VerdictOK, "Enrolled as "+msg.device+". Syncing with the hub."), a.refreshStatus()), true
	}
	return nil, false
}
