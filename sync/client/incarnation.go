package client

import (
	"context"
	"fmt"

	"github.com/scanterm/scanterm/localdb"
)

// Adopt names the terminal's database after the device e enrolled it as.
// A folder enrolled under another name than its events carry (a copy
// enrolled as a new device), or whose ledger the hub let start over (a new
// incarnation after the hub found it diverged), renumbers its ledger after
// the hub's last seq for the device and queues it all again: the hub stores
// the events it lacks and recognises the ones it holds by id. Adopt returns
// a line saying so, or "" when nothing was renumbered.
//
// Call it after Enroll and before SaveEnrollment: interrupted in between,
// the old enrolment stays on disk and the hub refuses its token; a new code
// (scanhub device revoke, then reinstate) repeats the enrolment safely, as
// renumbering again from the hub's seq only makes the hub recognise more.
func Adopt(ctx context.Context, db *localdb.DB, e Enrollment) (string, error) {
	cur, err := db.Device(ctx)
	if err != nil {
		return "", err
	}
	// A new enrolment pins what it saw: a rotation followed before is over.
	if err := db.SetHubPins(ctx, "", ""); err != nil {
		return "", err
	}
	inc, err := db.Incarnation(ctx)
	if err != nil {
		return "", err
	}
	if inc == e.Incarnation && (cur == e.Device || cur == "" && e.HubAckSeq == 0) {
		// The same incarnation (a revoked device reinstated, a token
		// replaced), or a new device: the numbering stands.
		return "", db.SetDevice(ctx, e.Device)
	}
	n, err := db.StartIncarnation(ctx, e.Device, e.Incarnation, e.HubAckSeq)
	if err != nil {
		return "", err
	}
	what := fmt.Sprintf("started incarnation %d of device %s", e.Incarnation, e.Device)
	if cur != "" && cur != e.Device {
		what = fmt.Sprintf("this terminal's events (recorded as %s) continue as device %s", cur, e.Device)
	}
	noun := "events"
	if n == 1 {
		noun = "event"
	}
	return fmt.Sprintf("%s after the hub's seq %d: %d %s queued again; the hub keeps each once", what, e.HubAckSeq, n, noun), nil
}
