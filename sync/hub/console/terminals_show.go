package console

import (
	"net/http"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

// onlineWithin is how recently a terminal must have talked to the hub to
// count as online (terminals pull every few seconds to a minute).
const onlineWithin = 5 * time.Minute

type terminalsPage struct {
	Now       time.Time  `json:"now"`
	Terminals []terminal `json:"terminals"`
	CanManage bool       `json:"-"`
}

type terminal struct {
	hub.Device
	State  string `json:"state"` // online, offline, not_enrolled, revoked
	Online bool   `json:"online"`
	// ClockOff says its clock is past the limit the hub flags
	// clock_skew at.
	ClockOff bool `json:"clock_off"`
}

// queueLateAfter is how long an unsent event may wait before the console
// marks the terminal's queue (a terminal syncs every few seconds online).
const queueLateAfter = 15 * time.Minute

// QueueLate says the terminal's oldest unsent event has waited more than
// queueLateAfter at now.
func (t terminal) QueueLate(now time.Time) bool {
	return t.Queue > 0 && !t.QueueOldest.IsZero() && now.Sub(t.QueueOldest) > queueLateAfter
}

func (c *Console) terminals(r *http.Request) ([]terminal, error) {
	ds, err := c.st.Devices(r.Context())
	if err != nil {
		return nil, err
	}
	now := c.now()
	out := make([]terminal, 0, len(ds))
	for _, d := range ds {
		t := terminal{Device: d, ClockOff: d.ClockOffset.Abs() > inventory.ClockSkewLimit}
		switch {
		case d.Revoked:
			t.State = "revoked"
		case !d.Enrolled:
			t.State = "not_enrolled"
		case now.Sub(d.LastSeen) <= onlineWithin:
			t.State, t.Online = "online", true
		default:
			t.State = "offline"
		}
		out = append(out, t)
	}
	return out, nil
}

// terminalsShow lists terminals: last seen, version, acknowledged seq,
// state; admins also get enrol, revoke and reinstate.
func (c *Console) terminalsShow(w http.ResponseWriter, r *http.Request) {
	ts, err := c.terminals(r)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.respond(w, r, http.StatusOK, "terminals", "Terminals", terminalsPage{Now: c.now(), Terminals: ts, CanManage: who(r).can("admin")})
}
