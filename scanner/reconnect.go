package scanner

import (
	"context"
	"fmt"
	"time"
)

// frameReader is an open device seen as a byte stream.
type frameReader interface {
	// ReadTimeout reads into p, waiting at most d (d <= 0: until data
	// arrives or Close). It returns 0, nil on timeout and an error when
	// the device is gone or closed.
	ReadTimeout(p []byte, d time.Duration) (int, error)
	// Close ends the device and interrupts a pending ReadTimeout.
	Close() error
}

// reconnectLoop opens a device, frames its bytes into scans, and when the
// device fails reports it, waits with backoff and opens it again, until
// ctx is done. A partial frame at a disconnect is dropped and reported:
// half a scan is never delivered.
func reconnectLoop(ctx context.Context, name string, opt Options, emit func(Event),
	open func(ctx context.Context) (frameReader, error), fc FrameConfig) error {
	backoff := opt.Backoff
	if backoff.Min <= 0 {
		backoff = DefaultBackoff()
	}
	f := NewFramer(fc)
	attempt, connected := 0, false
	lastErr := ""
	for ctx.Err() == nil {
		r, err := open(ctx)
		if err != nil {
			if opt.FailFast && !connected {
				return err
			}
			if err.Error() != lastErr { // say it once, not every retry
				lastErr = err.Error()
				emit(Event{Status: &Status{Source: name, Err: err}})
			}
			attempt++
			if opt.sleep(ctx, backoff.Delay(attempt)) != nil {
				return nil
			}
			continue
		}
		connected, attempt, lastErr = true, 0, ""
		emit(Event{Status: &Status{Source: name, Connected: true}})
		err = readFrames(ctx, name, r, f, opt, emit)
		r.Close()
		if ctx.Err() != nil {
			return nil
		}
		msg := fmt.Errorf("disconnected: %w", err)
		if n := f.Reset(); n > 0 {
			msg = fmt.Errorf("disconnected, %d bytes of an unfinished scan dropped: %w", n, err)
		}
		lastErr = msg.Error()
		emit(Event{Status: &Status{Source: name, Err: msg}})
		// Wait a little even after a good session: a device that fails
		// at once after opening must not spin the CPU.
		attempt = 1
		if opt.sleep(ctx, backoff.Delay(attempt)) != nil {
			return nil
		}
	}
	return nil
}

// readFrames reads r until it fails or ctx is done (which closes r).
func readFrames(ctx context.Context, name string, r frameReader, f *Framer, opt Options, emit func(Event)) error {
	stop := context.AfterFunc(ctx, func() { r.Close() })
	defer stop()
	max := f.Config().Max
	buf := make([]byte, 4096)
	for {
		var wait time.Duration
		if dl, ok := f.Deadline(); ok {
			now := opt.now()
			if wait = dl.Sub(now); wait <= 0 {
				deliver(name, f.Idle(now), max, emit)
				continue
			}
		}
		n, err := r.ReadTimeout(buf, wait)
		at := opt.now()
		if n > 0 {
			deliver(name, f.Feed(buf[:n], at), max, emit)
		} else if err == nil {
			deliver(name, f.Idle(at), max, emit)
		}
		if err != nil {
			return err
		}
	}
}
