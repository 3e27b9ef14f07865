package client_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/client/internal/faultproxy"
)

// TestRunLoopThroughFaults drives the background loop (Kick, backoff) with
// an injected clock that fires at once, through the faulty proxy, until the
// status says the queue is empty.
func TestRunLoopThroughFaults(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	rng := rand.New(rand.NewPCG(1, 2))
	p, err := faultproxy.Start(faultproxy.Options{Target: h.url(), Restart: h.restart,
		Plan: func(n int64, r *http.Request) faultproxy.Fault {
			if n%2 == 0 {
				return faultproxy.Pass
			}
			return faultproxy.All()[rng.IntN(len(faultproxy.All()))]
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	tm.enr.HubURL = p.URL
	var waits []time.Duration
	retry := make(chan time.Time)
	close(retry) // every retry timer fires at once: no sleeping in tests
	c := tm.client(client.Options{
		BatchEvents: 5,
		Rand:        func() float64 { return 0.5 },
		After: func(d time.Duration) <-chan time.Time {
			if d == time.Minute { // the periodic pull: never in this test
				return nil
			}
			waits = append(waits, d)
			return retry
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	sub := c.Subscribe()
	go func() { done <- c.Run(ctx) }()
	tm.receive(40)
	c.Kick()
	waitStatus(t, sub, done, "the queue to drain", func(st client.Status) bool {
		return st.Queue == 0 && st.AckSeq == 40 && st.Online
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	sameLedger(t, h, tm)
	// The waits between failures grew from MinBackoff (with the injected
	// jitter 0.5: three quarters of the step).
	if len(waits) == 0 || waits[0] != 375*time.Millisecond {
		t.Errorf("backoff waits %v, want the first at 375ms", waits)
	}
}

// TestBacklogResumesWithoutNewWrite: events queued while the hub was down
// are pushed by the loop on its own (start, then the retry timer), not only
// after the next local write.
func TestBacklogResumesWithoutNewWrite(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	h.stop()
	tm.receive(12)
	fire := make(chan time.Time, 1)
	c := tm.client(client.Options{After: func(d time.Duration) <-chan time.Time {
		if d == time.Minute {
			return nil
		}
		return fire
	}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub := c.Subscribe()
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	// The first round fails (hub down): the status says offline, queue 12.
	st := waitStatus(t, sub, done, "the first failure", func(st client.Status) bool { return st.LastError != "" })
	if st.Online || st.Queue != 12 || st.NextRetry.IsZero() {
		t.Errorf("offline status %+v", st)
	}
	h.start()
	fire <- time.Now() // the retry timer, no Kick
	waitStatus(t, sub, done, "the backlog to drain", func(st client.Status) bool { return st.Queue == 0 && st.Online })
	cancel()
	<-done
	sameLedger(t, h, tm)
}

// TestLoopKickAndPulls: while online a Kick pushes at once; the periodic
// pull timer and PullNow each bring the hub's changes. No real timer runs:
// the test fires the pull timer itself.
func TestLoopKickAndPulls(t *testing.T) {
	ctx := context.Background()
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	pullTick := make(chan time.Time)
	c := tm.client(client.Options{
		PullEvery: time.Hour,
		After: func(d time.Duration) <-chan time.Time {
			if d == time.Hour {
				return pullTick
			}
			return nil // no retries expected: the hub is up
		},
	})
	sub := c.Subscribe()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	wait := func(what string, ok func(client.Status) bool) client.Status {
		t.Helper()
		return waitStatus(t, sub, done, what, func(st client.Status) bool {
			if st.LastError != "" { // no retry timer in this test: a failure would hang
				t.Fatalf("waiting for %s: %s", what, st.LastError)
			}
			return ok(st)
		})
	}
	go func() { done <- c.Run(runCtx) }()
	first := wait("the first round", func(s client.Status) bool { return s.Online && !s.LastPull.IsZero() })

	tm.receive(3)
	c.Kick()
	wait("the kicked push", func(s client.Status) bool { return s.AckSeq == 3 && s.Queue == 0 })

	recalled := func(lot string) bool {
		l, err := tm.db.Lot(ctx, gtinBox, lot)
		return err == nil && l.Status == inventory.LotRecalled
	}
	if _, err := h.store().SetLotStatus(ctx, gtinBox, "L1", inventory.LotRecalled, time.Now()); err != nil {
		t.Fatal(err)
	}
	pullTick <- time.Now()
	wait("the periodic pull", func(s client.Status) bool { return s.Cursor != first.Cursor && recalled("L1") })

	second := c.Status()
	if _, err := h.store().SetLotStatus(ctx, gtinBox, "L2", inventory.LotRecalled, time.Now()); err != nil {
		t.Fatal(err)
	}
	c.PullNow()
	wait("the pull asked for", func(s client.Status) bool { return s.Cursor != second.Cursor && recalled("L2") })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	sameLedger(t, h, tm)
}
