package client

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
)

// Options tune a Client. The zero value is sensible for a handheld.
type Options struct {
	// Roots are the authorities a hub certificate verified by chain must
	// come from (Enrollment.Trust "authority"); nil means the system's.
	Roots *x509.CertPool
	// Clock, when set, learns the clock offset from every hub answer
	// (share it with localdb.Options.ClockOffset and the TUI); nil means
	// the client keeps its own.
	Clock *Clock
	// BatchEvents and BatchBytes bound one push (count and JSON bytes of
	// the events); 0 means 500 events and 1 MiB. Memory use of a catch-up
	// is bounded by them, not by the queue length.
	BatchEvents int
	BatchBytes  int
	// PullEvery is the period of the background pull; 0 means 1 minute.
	PullEvery time.Duration
	// WatchEvery, when set, makes Run look at the outbox this often as if
	// kicked: for events another process appends to the same database
	// (the TUI or a station beside `scanterm sync`), which cannot Kick.
	WatchEvery time.Duration
	// MinBackoff and MaxBackoff bound the wait between failed attempts
	// (exponential, with jitter); 0 means 500 ms and 30 s.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// Timeout bounds one request; 0 means 30 s.
	Timeout time.Duration
	// AnswerTimeout bounds the wait for the hub's first answer to a
	// request (connecting, TLS, the response's headers; not a long body);
	// 0 means 5 s. A hub that accepts connections but never answers (a
	// paused process) then fails a round in seconds, not Timeout × pages.
	AnswerTimeout time.Duration
	// Now, Rand and After are the clock, the jitter source (a float in
	// [0,1)) and the timer; nil means time.Now, math/rand/v2 and
	// time.After. Tests inject them.
	Now   func() time.Time
	Rand  func() float64
	After func(time.Duration) <-chan time.Time
	// OnRound, when set, is called by Run after each round with its report
	// (on the loop's goroutine: keep it short).
	OnRound func(Report)
	// AppVersion, when set, is sent with every request so the hub's
	// device list shows which scanterm each terminal runs.
	AppVersion string
	// Logger receives one line per round at debug level and failures at
	// warn; nil discards.
	Logger *slog.Logger
	// ReloadEvery is how often a Runner whose client stopped (revoked,
	// say) looks for a new enrolment in the data folder; 0 means 3 s.
	ReloadEvery time.Duration
}

func (o *Options) fill() {
	if o.BatchEvents <= 0 {
		o.BatchEvents = 500
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 1 << 20
	}
	if o.PullEvery <= 0 {
		o.PullEvery = time.Minute
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 500 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(30*time.Second, o.MinBackoff)
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.AnswerTimeout <= 0 {
		o.AnswerTimeout = min(5*time.Second, o.Timeout)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.After == nil {
		o.After = time.After
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// Client ships one terminal's outbox to its hub and pulls changes back.
// Its methods are safe for concurrent use; run one Run loop per Client.
type Client struct {
	db  *localdb.DB
	enr Enrollment
	opt Options
	t   *transport
	// tErr is why no transport could be built (bad URL in the file); every
	// round then fails with it.
	tErr error

	kick chan struct{}
	pull chan struct{}

	// round serialises rounds (Run's loop and SyncOnce callers).
	round sync.Mutex
	// batchEvents and batchBytes start at the options' bounds and shrink
	// for good when the hub answers 413 (its body limit is lower); guarded
	// by round.
	batchEvents, batchBytes int

	mu     sync.Mutex
	status Status
	subs   []chan Status
}

// New returns a client for db and its enrolment. It does no I/O; Run or
// SyncOnce do the work.
func New(db *localdb.DB, e Enrollment, opt Options) *Client {
	opt.fill()
	c := &Client{db: db, enr: e, opt: opt, kick: make(chan struct{}, 1), pull: make(chan struct{}, 1),
		batchEvents: opt.BatchEvents, batchBytes: opt.BatchBytes}
	c.status = Status{Device: e.Device, Hub: e.HubURL}
	u, err := checkURL(e.HubURL, e.AllowHTTP)
	if err == nil && u.Scheme == "https" && e.Fingerprint == "" && e.Trust != TrustAuthority {
		err = fmt.Errorf("enrolment for %s has no certificate fingerprint to pin: enrol again", e.HubURL)
	}
	if err != nil {
		c.tErr = &enrolmentError{err}
		return c
	}
	pin := e.Fingerprint
	if e.Trust == TrustAuthority {
		pin = "" // verified by chain and host name: a renewal needs nothing
	}
	c.t = newTransport(u, e.Token, pin, opt.Timeout, opt.AnswerTimeout, nil, opt.Roots)
	if pin != "" && db != nil {
		c.followRotation()
	}
	c.t.appVersion = opt.AppVersion
	if c.opt.Clock == nil {
		c.opt.Clock = NewClock(c.opt.Now)
	}
	c.t.hubTime = func(hub time.Time) {
		// Not published on its own: the round's next status carries it.
		c.opt.Clock.learn(hub, c.opt.Now())
		c.mu.Lock()
		c.status.ClockOffset, c.status.ClockOff = c.opt.Clock.Offset(), c.opt.Clock.Off()
		c.mu.Unlock()
	}
	return c
}

// saveClock writes the learned clock offset to the terminal database when
// it moved (see Clock.unsaved), for the date rules of the next start and
// of station processes. A failed write is logged: the offset is only
// advice and the next round tries again.
func (c *Client) saveClock(ctx context.Context) {
	if c.opt.Clock == nil || c.db == nil {
		return // an enrolment that failed to load: no hub answered
	}
	off, ok := c.opt.Clock.unsaved()
	if !ok {
		return
	}
	if err := c.db.SetClockOffset(ctx, off); err != nil {
		c.opt.Logger.Warn("save clock offset", "err", err)
		return
	}
	c.opt.Clock.markSaved(off)
}

// Close releases idle connections.
func (c *Client) Close() {
	if c.t != nil {
		c.t.close()
	}
}

// Kick tells the loop a local commit added to the outbox: it refreshes the
// queue figures and, while online, pushes at once. It never blocks.
func (c *Client) Kick() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// PullNow asks the loop for a pull (and a push) now, even while backing
// off: an operator asked for it. It never blocks.
func (c *Client) PullNow() {
	select {
	case c.pull <- struct{}{}:
	default:
	}
}

// Status returns the last known state without I/O.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Subscribe returns a channel holding the newest Status: each change
// replaces an unread older one, so a slow reader never blocks the loop and
// never reads stale state. The channel lives as long as the Client.
func (c *Client) Subscribe() <-chan Status {
	ch := make(chan Status, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	ch <- c.status
	c.subs = append(c.subs, ch)
	return ch
}

// update changes the status under the lock and hands it to subscribers.
func (c *Client) update(f func(*Status)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.status)
	for _, ch := range c.subs {
		select { // drop the unread older value, then put the new one
		case <-ch:
		default:
		}
		select {
		case ch <- c.status:
		default:
		}
	}
}

// refreshQueue reads the outbox figures into the status.
func (c *Client) refreshQueue(ctx context.Context) (int, error) {
	n, oldest, err := c.db.OutboxStats(ctx)
	if err != nil {
		return 0, fmt.Errorf("read outbox: %w", err)
	}
	c.update(func(s *Status) { s.Queue, s.OldestUnsent = n, oldest })
	return n, nil
}

// fatal reports whether err stops syncing until a person acts.
func fatal(err error) bool {
	return errors.Is(err, ErrRevoked) || errors.Is(err, ErrUnknownToken) || errors.Is(err, ErrDiverged) ||
		errors.Is(err, ErrProtocol) || errors.Is(err, ErrForbidden) ||
		errors.Is(err, errDeviceMismatch) || errors.Is(err, ErrFingerprint) || errors.Is(err, ErrInsecureURL)
}

var errDeviceMismatch = errors.New("local database and enrolment name different devices")

// operatorMessage explains a fatal error to the person at the terminal.
func (c *Client) operatorMessage(err error, queue int) string {
	switch {
	case errors.Is(err, ErrRevoked):
		// The hub will not take this device's name again by itself: a
		// supervisor decides (the events stay here meanwhile).
		return fmt.Sprintf("The hub has revoked this terminal (%s). Sync has stopped; %d unsent events are kept "+
			"on this terminal, not lost. Tell a supervisor.", c.enr.Device, queue)
	case errors.Is(err, ErrUnknownToken):
		return fmt.Sprintf("The hub does not know this terminal's token (%s). Sync has stopped; %d unsent events are kept. "+
			"Ask a supervisor for a new code (scanhub device add %s) and run scanterm enroll %s CODE.",
			c.enr.Device, queue, c.enr.Device, c.enr.HubURL)
	case errors.Is(err, ErrDiverged):
		return fmt.Sprintf("The hub holds other events under this terminal's numbers (%s): its data folder was restored "+
			"or copied. Sync has stopped; %d unsent events are kept. Tell a supervisor.", c.enr.Device, queue)
	case errors.Is(err, ErrProtocol):
		return fmt.Sprintf("The hub speaks another sync protocol version than this scanterm (v%d): "+
			"update scanterm or the hub. Sync has stopped; %d unsent events are kept.", wire.ProtocolVersion, queue)
	case errors.Is(err, ErrFingerprint):
		return "The hub's certificate does not match the one pinned at enrolment: someone may be " +
			"intercepting, or the hub's certificate changed. Sync has stopped; re-enrol if the change is expected."
	default:
		return fmt.Sprintf("Sync has stopped: %v. %d unsent events are kept.", err, queue)
	}
}

// fail records a failed round in the status.
func (c *Client) fail(err error, retry time.Time) {
	p := c.diagnose(err, c.Status().Queue)
	c.update(func(s *Status) {
		s.LastError = err.Error()
		s.Cause, s.Why, s.Problem = p.cause, p.why, p.sentence
		s.NextRetry = retry
		// Reaching the hub and being refused is still "online" for a 4xx;
		// network errors and 5xx are offline.
		var he *HTTPError
		s.Online = errors.As(err, &he) && he.Status < 500
		if fatal(err) {
			s.Stopped, s.Message = true, p.sentence
		}
	})
}

// backoff is the wait before retry number attempt (1-based): exponential
// from MinBackoff, capped at MaxBackoff, with "equal jitter" (half fixed,
// half random) so a fleet that lost the hub together does not come back in
// lockstep, yet no wait collapses to zero.
func backoff(attempt int, lo, hi time.Duration, rnd func() float64) time.Duration {
	d := lo
	for i := 1; i < attempt && d < hi; i++ {
		d *= 2
	}
	d = min(d, hi)
	half := d / 2
	return half + time.Duration(rnd()*float64(d-half))
}

// Run is the background loop. It pulls and pushes at start, pushes after
// each Kick while online, backs off with jitter while offline, pulls every
// PullEvery and on PullNow. It returns nil when ctx is done, or an error
// wrapping ErrRevoked, ErrUnknownToken, ErrDiverged, ErrProtocol,
// ErrForbidden or ErrFingerprint when
// syncing had to stop (the status says so; the queue is kept).
func (c *Client) Run(ctx context.Context) error {
	pullTimer := c.opt.After(c.opt.PullEvery)
	var watch <-chan time.Time // nil: never fires
	if c.opt.WatchEvery > 0 {
		watch = c.opt.After(c.opt.WatchEvery)
	}
	var retry <-chan time.Time
	attempt := 0
	pushDue, pullDue := true, true
	for {
		if pushDue || pullDue {
			rep, err := c.doRound(ctx, pushDue, pullDue)
			pushDue, pullDue = false, false
			if c.opt.OnRound != nil {
				c.opt.OnRound(rep)
			}
			switch {
			case ctx.Err() != nil:
				return nil
			case err == nil:
				attempt, retry = 0, nil
				c.update(func(s *Status) { s.NextRetry = time.Time{} })
			case fatal(err):
				c.fail(err, time.Time{})
				c.opt.Logger.Warn("sync stopped", "err", err)
				return err
			default:
				attempt++
				wait := backoff(attempt, c.opt.MinBackoff, c.opt.MaxBackoff, c.opt.Rand)
				retry = c.opt.After(wait)
				c.fail(err, c.opt.Now().Add(wait))
				c.opt.Logger.Warn("sync failed, retrying", "err", err, "in", wait, "attempt", attempt)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-watch:
			watch = c.opt.After(c.opt.WatchEvery)
			c.Kick() // handled like a local commit, on the next pass
		case <-c.kick:
			n, err := c.refreshQueue(ctx)
			if err != nil {
				c.opt.Logger.Warn("sync: outbox", "err", err)
			}
			pushDue = retry == nil && (n > 0 || err != nil) // offline: the retry timer decides
		case <-c.pull:
			pushDue, pullDue, retry = true, true, nil
		case <-retry:
			retry = nil
			pushDue, pullDue = true, true
		case <-pullTimer:
			pullTimer = c.opt.After(c.opt.PullEvery)
			if retry == nil {
				pushDue, pullDue = true, true
			}
		}
	}
}

// SyncOnce pushes the whole outbox and pulls all changes now, and says
// what it did. On an error the report holds what was done before it.
func (c *Client) SyncOnce(ctx context.Context) (Report, error) {
	rep, err := c.doRound(ctx, true, true)
	if err != nil {
		c.fail(err, time.Time{})
	}
	return rep, err
}

// Push pushes the whole outbox now, without pulling: for a caller that
// wants its events at the hub before going on (end of shift, a test).
func (c *Client) Push(ctx context.Context) (Report, error) {
	rep, err := c.doRound(ctx, true, false)
	if err != nil {
		c.fail(err, time.Time{})
	}
	return rep, err
}

// doRound is one round: push (everything queued) then pull (all pages).
// A push failure still lets the pull run: master data and recalls matter
// even when the hub refuses a batch for a while.
func (c *Client) doRound(ctx context.Context, push, pull bool) (rep Report, err error) {
	c.round.Lock()
	defer c.round.Unlock()
	defer func() {
		if err != nil {
			rep.Error = err.Error()
		}
		if n, qerr := c.refreshQueue(context.WithoutCancel(ctx)); qerr == nil {
			rep.Queue = n
		}
		c.saveClock(context.WithoutCancel(ctx))
		c.opt.Logger.Debug("sync round", "pushed", rep.Pushed, "pulled", rep.Pulled, "queue", rep.Queue, "err", err)
	}()
	if c.tErr != nil {
		return rep, c.tErr
	}
	dev, err := c.db.Device(ctx)
	if err != nil {
		return rep, fmt.Errorf("sync: %w", err)
	}
	if dev != c.enr.Device {
		return rep, fmt.Errorf("sync: %w: database %q, enrolment %q", errDeviceMismatch, dev, c.enr.Device)
	}
	var perr error
	if push {
		perr = c.pushAll(ctx, &rep)
		if perr != nil && (fatal(perr) || ctx.Err() != nil) {
			return rep, perr
		}
		if _, why := unreachable(perr); why != "" {
			// The hub did not answer at all: a pull would only wait as
			// long again before saying the same.
			return rep, perr
		}
	}
	if pull {
		if err := c.pullAll(ctx, &rep); err != nil {
			return rep, errors.Join(perr, err)
		}
	}
	if perr != nil {
		return rep, perr
	}
	now := c.opt.Now()
	c.update(func(s *Status) {
		s.Online, s.Cause, s.LastSuccess = true, CauseOK, now
		s.LastError, s.Why, s.Problem, s.Stopped, s.Message = "", "", "", false, ""
	})
	return rep, nil
}
