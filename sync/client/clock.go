package client

import (
	"sync/atomic"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// Clock is the terminal's clock corrected by what sync learned: every hub
// answer carries the hub's time (wire.HeaderHubTime), and the offset is
// this clock minus it. Date rules (expiry) read Now; events keep the
// device's own time, which the hub corrects on its side. Order and
// de-duplication never use either. Safe for concurrent use.
type Clock struct {
	device func() time.Time
	offset atomic.Int64
	known  atomic.Bool
	// saved is the offset last written to the terminal database (see
	// saveClock), valid when wasSaved.
	saved    atomic.Int64
	wasSaved atomic.Bool
}

// saveStep is how far the learned offset must move from the saved one
// before a round writes it again: the hub's Date has one-second
// resolution and the offset matters to date rules, so a write per round
// for jitter would be an fsync for nothing.
const saveStep = 30 * time.Second

// NewClock corrects device (nil: time.Now).
func NewClock(device func() time.Time) *Clock {
	if device == nil {
		device = time.Now
	}
	return &Clock{device: device}
}

// Now is the device clock minus the learned offset: the hub's time, as
// near as the terminal knows it.
func (c *Clock) Now() time.Time { return c.device().Add(-c.Offset()) }

// Offset is how far the device clock is ahead of the hub's (0 until a hub
// answered).
func (c *Clock) Offset() time.Duration { return time.Duration(c.offset.Load()) }

// Off says the offset is past inventory.ClockSkewLimit.
func (c *Clock) Off() bool { return c.known.Load() && c.Offset().Abs() > inventory.ClockSkewLimit }

// learn records the hub's time seen on an answer received at device time
// at.
func (c *Clock) learn(hub, at time.Time) {
	c.offset.Store(int64(at.Sub(hub)))
	c.known.Store(true)
}

// Seed starts the clock from an offset a previous sync saved (the
// terminal database's ClockOffset), so date rules are corrected from the
// first scan after a restart rather than from the first hub answer.
func (c *Clock) Seed(offset time.Duration) {
	c.offset.Store(int64(offset))
	c.known.Store(true)
	c.saved.Store(int64(offset))
	c.wasSaved.Store(true)
}

// unsaved reports the offset to write when it is known and has not been
// saved, or has moved more than saveStep from what was.
func (c *Clock) unsaved() (time.Duration, bool) {
	if !c.known.Load() {
		return 0, false
	}
	off := c.Offset()
	if c.wasSaved.Load() && (off-time.Duration(c.saved.Load())).Abs() <= saveStep {
		return 0, false
	}
	return off, true
}

func (c *Clock) markSaved(offset time.Duration) {
	c.saved.Store(int64(offset))
	c.wasSaved.Store(true)
}
