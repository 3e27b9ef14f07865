// Package scanner turns barcode devices into Scan values: serial ports,
// Linux evdev HID keyboards, keyboard-wedge bursts typed into the TUI,
// barcode images and stdin all yield the same Scan for the same barcode.
//
// A device is opened from a spec string with Open and consumed with
// Source.Run, which delivers Events (a Scan or a connection Status) until
// its context is cancelled. Keyboard-wedge input, which arrives as key
// presses inside the TUI, is assembled by a Wedge instead (see NewWedge).
//
// The package knows nothing about GS1; decode Scan.Text() with scanner/gs1.
package scanner

import (
	"context"
	"io"
	"time"
)

// GS is the ASCII group separator that stands for FNC1 inside GS1 data.
const GS = 0x1D

// Scan is one barcode read, whole: never half a barcode, never two.
type Scan struct {
	// Data is the payload without the AIM prefix, with FNC1 separators as
	// GS (0x1D) bytes.
	Data []byte
	// AIM is the symbology identifier ("]C1", "]d2", "]Q3", "]E0"), or ""
	// when the device sent none.
	AIM string
	// Source names where the scan came from (Source.Name()).
	Source string
	// At is when the last byte of the scan arrived.
	At time.Time
}

// Text is AIM + Data, the form scanner/gs1.Parse takes.
func (s Scan) Text() string { return s.AIM + string(s.Data) }

// Event is what a Source delivers: exactly one of Scan and Status is set.
type Event struct {
	Scan   *Scan
	Status *Status
}

// Status reports a change in a source's connection, or a problem that did
// not stop it (a frame cut at the size limit, a bad record).
type Status struct {
	Source string
	// Connected is true when the device is open and being read.
	Connected bool
	// Err says what went wrong, e.g. "disconnected: read /dev/ttyACM0: EIO"
	// or "frame longer than 4096 bytes cut"; nil on a plain (re)connect.
	Err error
}

// Source is one scan device.
type Source interface {
	// Name is a short human name for the device, as put in Scan.Source.
	Name() string
	// Run reads scans and delivers them to emit, in order, from the calling
	// goroutine. It returns nil when ctx is done, or an error when it cannot
	// go on (a bad device with Options.FailFast, end of a finite input such
	// as stdin or an image returns nil). Devices that go away are retried
	// with backoff and reported as Status events, not returned as errors.
	Run(ctx context.Context, emit func(Event)) error
}

// Options are the dependencies of a Source; the zero value is usable.
type Options struct {
	// Now timestamps scans and drives gap framing; nil = time.Now.
	Now func() time.Time
	// Sleep waits between reconnect attempts; it must return early with
	// ctx.Err() when ctx is done. nil = a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Backoff is the reconnect delay schedule; zero = DefaultBackoff().
	Backoff Backoff
	// FailFast makes Run return the first open error instead of retrying,
	// for diagnostics where a missing device should be said at once.
	FailFast bool
	// Stdin is read by the "stdin" source; nil = os.Stdin.
	Stdin io.Reader
	// Ports lists serial ports for "serial:usb=VID:PID"; nil = the
	// system's enumerator (go.bug.st/serial/enumerator).
	Ports func() ([]PortInfo, error)
}

// Backoff is a doubling reconnect delay: Min after the first failure,
// doubled per failure up to Max.
type Backoff struct {
	Min, Max time.Duration
}

// DefaultBackoff retries quickly at first (a replug takes about a second)
// and then settles at a few seconds so an absent device costs nothing.
func DefaultBackoff() Backoff {
	return Backoff{Min: 100 * time.Millisecond, Max: 5 * time.Second}
}

// Delay returns the wait before attempt n (n = 1 after the first failure).
func (b Backoff) Delay(n int) time.Duration {
	if b.Min <= 0 {
		b = DefaultBackoff()
	}
	if b.Max < b.Min {
		b.Max = b.Min
	}
	d := b.Min
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Options) sleep(ctx context.Context, d time.Duration) error {
	if o.Sleep != nil {
		return o.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
