package client

import (
	"context"
	"sync"
	"time"

	"github.com/scanterm/scanterm/localdb"
)

// Runner keeps a terminal syncing for as long as it runs: the lifecycle
// around a Client that the terminal UI needs. It runs the client's loop in
// the background and, when the loop stops for a reason retrying cannot fix
// (the hub revoked the token, say), keeps the queue and watches the data
// folder: after a supervisor reinstates the device and scanterm enroll
// rewrites enrollment.json, the running terminal takes the new enrolment
// by itself (and on SyncNow) instead of staying stopped until restarted.
//
// Its methods are safe for concurrent use; Status is cheap enough for a
// TUI's View.
type Runner struct {
	db  *localdb.DB
	dir string
	opt Options
	// every is how often a stopped client looks for a new enrolment.
	every time.Duration

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	c      *Client
	enr    Enrollment
	closed bool
}

// Start loads the enrolment in the data folder dir and starts syncing db
// with its hub in the background until ctx is done or Close. It returns
// an error wrapping ErrNotEnrolled when dir holds no enrolment (the
// terminal then works offline).
func Start(ctx context.Context, db *localdb.DB, dir string, opt Options) (*Runner, error) {
	enr, err := LoadEnrollment(dir)
	if err != nil {
		return nil, err
	}
	r := &Runner{db: db, dir: dir, opt: opt, every: opt.ReloadEvery}
	if r.every <= 0 {
		r.every = 3 * time.Second
	}
	r.ctx, r.cancel = context.WithCancel(ctx)
	r.mu.Lock()
	r.run(enr)
	r.mu.Unlock()
	return r, nil
}

// run starts a client for enr and its loop, replacing the current one;
// r.mu is held and the runner is not closing.
func (r *Runner) run(enr Enrollment) {
	old := r.c
	c := New(r.db, enr, r.opt)
	r.c, r.enr = c, enr
	if old != nil {
		old.Close()
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		if err := c.Run(r.ctx); err == nil {
			return // the terminal is closing
		}
		// Syncing stopped for a reason retrying cannot fix: wait for a
		// new enrolment, keeping the queue.
		t := time.NewTicker(r.every)
		defer t.Stop()
		for {
			select {
			case <-r.ctx.Done():
				return
			case <-t.C:
			}
			if r.reload(c) {
				return
			}
		}
	}()
}

// reload replaces the stopped client with one for enrollment.json when
// the file names another enrolment; it reports whether it did. Only the
// client that stopped is replaced, so two callers never start two loops.
func (r *Runner) reload(stopped *Client) bool {
	enr, err := LoadEnrollment(r.dir)
	if err != nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.c != stopped || r.closed || r.ctx.Err() != nil {
		return false
	}
	if enr.Token == r.enr.Token && enr.HubURL == r.enr.HubURL && enr.Device == r.enr.Device && enr.Fingerprint == r.enr.Fingerprint {
		return false
	}
	r.run(enr)
	return true
}

// client is the current client.
func (r *Runner) client() *Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.c
}

// Status is the current client's status (see Client.Status).
func (r *Runner) Status() Status { return r.client().Status() }

// Kick tells the loop a local commit added to the outbox; it never blocks.
func (r *Runner) Kick() { r.client().Kick() }

// SyncNow runs one round now (push everything, pull everything) and says
// what it did. A client that stopped is first replaced if the terminal was
// enrolled again. A failure's Error is a sentence for the operator naming
// the hub and the cause (the Status's Problem); errors.Is and errors.As
// still see the error underneath.
func (r *Runner) SyncNow(ctx context.Context) (Report, error) {
	c := r.client()
	if c.Status().Stopped && r.reload(c) {
		c = r.client()
	}
	rep, err := c.SyncOnce(ctx)
	if err != nil {
		return rep, &OperatorError{Sentence: c.diagnose(err, rep.Queue).sentence, Err: err}
	}
	return rep, nil
}

// Close stops syncing, waits for the loop to end and releases the
// client's connections. The loop's requests follow the runner's context,
// so it ends promptly.
func (r *Runner) Close() {
	r.mu.Lock()
	r.closed = true
	r.cancel()
	r.mu.Unlock()
	r.wg.Wait()
	r.client().Close()
}

// OperatorError is a failed sync in words for the person at the terminal;
// Err is the failure underneath.
type OperatorError struct {
	Sentence string
	Err      error
}

func (e *OperatorError) Error() string { return e.Sentence }
func (e *OperatorError) Unwrap() error { return e.Err }
