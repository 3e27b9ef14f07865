package sqlcore

// Device clocks are wrong by hours on real handhelds. Every push carries
// the terminal's clock when it sent (wire.PushRequest.SentAt); the hub
// takes the difference to its own clock as the device's offset (the
// network's delay is noise next to the 5 minutes that matter), keeps it on
// the device row, stores each event's device time and its corrected time
// (at minus the offset), and judges time rules (expiry) on the corrected
// time. Order and de-duplication never use either: they use (device, seq).

import (
	"context"
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// SetClock implements store.Store: it records device's clock offset
// (device clock minus hub clock) and raises clock_skew when the offset
// goes past inventory.ClockSkewLimit, once per episode: the episode ends when a later
// push finds the clock within the limit again.
func (c *Core) SetClock(ctx context.Context, device string, offset time.Duration, now time.Time) error {
	return c.b.Write(ctx, func(q Querier) error {
		var since int64
		err := queryRow(ctx, q, `SELECT skew_since FROM devices WHERE name = ?`+c.b.LockSuffix(), []any{device}, &since)
		if err != nil {
			return fmt.Errorf("record clock of %s: %w", device, err)
		}
		off := offset.Abs() > inventory.ClockSkewLimit
		switch {
		case off && since == 0:
			since = nanos(now)
			var v int64
			if err := queryRow(ctx, q, `UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value`, nil, &v); err != nil {
				return fmt.Errorf("record clock of %s: take a version: %w", device, err)
			}
			way := "ahead of"
			if offset < 0 {
				way = "behind"
			}
			msg := fmt.Sprintf("device %s's clock is %s %s the hub's; the hub judges expiry on corrected time, but the terminal's own dates are off until its clock is set right (it corrects what it can once it has synced)",
				device, offset.Abs().Round(time.Second), way)
			if _, err := q.Exec(ctx, `INSERT INTO exceptions(code, message, event_id, device, seq, other_event, raised_at, version) VALUES (?, ?, '', ?, 0, '', ?, ?)`,
				"clock_skew", msg, device, nanos(now), v); err != nil {
				return fmt.Errorf("record clock of %s: raise clock_skew: %w", device, err)
			}
		case !off:
			since = 0
		}
		if _, err := q.Exec(ctx, `UPDATE devices SET clock_offset = ?, skew_since = ? WHERE name = ?`, int64(offset), since, device); err != nil {
			return fmt.Errorf("record clock of %s: %w", device, err)
		}
		return nil
	})
}

// correctedAt is the hub's estimate of when e happened: its device time
// minus the device's clock offset.
func (a *applier) correctedAt(e inventory.Event) time.Time {
	if e.At.IsZero() {
		return e.At
	}
	return e.At.Add(-a.offset)
}
