package inventory

import "time"

// ClockSkewLimit is how far a device's clock may be off the hub's before
// it counts as wrong: the hub raises clock_skew past it, the terminal's
// status bar says CLOCK and the console marks the terminal. Below it the
// offset is still applied to date rules; it is only not worth a person's
// attention.
const ClockSkewLimit = 5 * time.Minute
