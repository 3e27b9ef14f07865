package client

import (
	"context"
	"time"
)

// followRotation lets a terminal that pins a self-signed hub certificate
// follow the hub's rotation (scanhub tls rotate) without enrolling again:
// a pull answer announcing the next certificate adds it to the pins, and
// the first connection that presents it makes it the pin. Both are kept
// in the database (localdb.HubPins), so a restart or a terminal offline
// during the switch still follows. A new enrolment clears them (Adopt).
func (c *Client) followRotation() {
	// Local, quick and rare: no caller context to hand.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if pinned, next, err := c.db.HubPins(ctx); err == nil {
		if pinned != "" {
			c.t.pin.Store(pinned)
		}
		c.t.next.Store(next)
	}
	c.t.nextSeen = func(fp string) {
		pin, next := c.t.pin.Load().(string), c.t.next.Load().(string)
		if fp == pin || fp == next {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.db.SetHubPins(ctx, pin, fp); err != nil {
			c.opt.Logger.Warn("sync: keep the hub's next certificate", "err", err)
			return
		}
		c.t.next.Store(fp)
		c.opt.Logger.Info("sync: the hub announced its next certificate", "fingerprint", fp)
	}
	c.t.onPromote = func() {
		next := c.t.next.Load().(string)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.db.SetHubPins(ctx, next, ""); err != nil {
			c.opt.Logger.Warn("sync: keep the hub's new certificate", "err", err)
			return
		}
		c.t.pin.Store(next)
		c.t.next.Store("")
		c.opt.Logger.Info("sync: the hub switched to its announced certificate; pinned", "fingerprint", next)
	}
}
