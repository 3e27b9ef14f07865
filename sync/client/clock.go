package client

import (
	"sync/atomic"
	"time"
)

// SkewLimit is how far the terminal's clock may be off the hub's before the
// status bar says CLOCK (the hub flags clock_skew past the same limit).
const SkewLimit = 5 * time.Minute

// Clock is the terminal's clock corrected by what sync learned: every hub
// answer carries the hub's time (wire.HeaderHubTime), and the offset is
// this clock minus it. Date rules (expiry) read Now; events keep the
// device's own time, which the hub corrects on its side. Order and
// de-duplication never use either. Safe for concurrent use.
type Clock struct {
	device func() time.Time
	offset atomic.Int64
	known  atomic.Bool
}

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

// Off says the offset is past SkewLimit.
func (c *Clock) Off() bool { return c.known.Load() && c.Offset().Abs() > SkewLimit }

// learn records the hub's time seen on an answer received at device time
// at.
func (c *Clock) learn(hub, at time.Time) {
	c.offset.Store(int64(at.Sub(hub)))
	c.known.Store(true)
}
