package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui"
)

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func cmdRun(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("run", s, "scanterm [run] [--data DIR] [--source SPEC]... [--operator ID] [--gs TEXT] [--wedge-suffix enter|tab]",
		`Open the terminal UI: sign in with a badge scan (or operator ID and PIN),
then choose a task by its number: Receive, Put-away, Move, Pick, Ship,
Return, Count, Look-up, Sync now. Every confirmed step is recorded in
DIR/terminal.db before the screen says OK.

Scans come from the keyboard (a wedge scanner's fast burst ending in Enter
or Tab is one scan; GS as Ctrl+] or --gs), from a paste, and from every
--source (serial port, evdev keyboard, stdin). When the terminal is
enrolled (scanterm enroll) it syncs in the background; otherwise it works
offline and the status bar says "not enrolled".

Keys: number keys in the menu, Enter to confirm or accept the suggestion,
Esc to go back one step, F2 to list open documents (POs, pick lists,
orders, RAs) or the chosen one's lines, F3 to skip a pick or ship line,
? or F1 for help on the screen shown, F10 to quit (Ctrl+C quits at once).

Sources (--source, repeatable; stdin is the keyboard here, so not a source):
  `+scanner.SpecSyntax+`

Example:
  scanterm run --data ./var/term --source 'serial:/dev/ttyACM0?baud=115200&suffix=cr'`)
	data := dataDirFlag(fs)
	var sources repeated
	fs.Var(&sources, "source", "scanner `SPEC`, repeatable (see Sources above)")
	operator := fs.String("operator", "", "sign this operator `ID` in at start (the PIN is still asked if they have one)")
	gs := fs.String("gs", "", "`TEXT` a keyboard-wedge scanner types for GS (FNC1) instead of Ctrl+], e.g. ~")
	gap := fs.Duration("wedge-gap", scanner.DefaultWedgeGap, "longest pause between two keys of a keyboard-wedge scan")
	suffix := fs.String("wedge-suffix", "enter", "key a keyboard-wedge scanner ends a scan with: enter or tab")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: run takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	if *gap <= 0 {
		return fmt.Errorf("%w: --wedge-gap must be positive", errUsage)
	}
	wedge := scanner.WedgeConfig{GS: *gs, MaxGap: *gap, Suffix: scanner.KeyEnter}
	switch *suffix {
	case "enter":
	case "tab":
		wedge.Suffix = scanner.KeyTab
	default:
		return fmt.Errorf("%w: --wedge-suffix %q: want enter or tab", errUsage, *suffix)
	}
	var srcs []scanner.Source
	for _, spec := range sources {
		if sp, err := scanner.ParseSpec(spec); err == nil && sp.Kind == "stdin" {
			return fmt.Errorf("%w: --source %q: the terminal UI reads the keyboard from stdin; use scanterm station or scanterm scan for stdin scans", errUsage, spec)
		}
		src, err := scanner.Open(spec, scanner.Options{})
		if err != nil {
			return fmt.Errorf("%w: --source %q: %v", errUsage, spec, err)
		}
		srcs = append(srcs, src)
	}

	if err := os.MkdirAll(*data, 0o700); err != nil {
		return fmt.Errorf("run: data folder: %w", err)
	}
	db, err := localdb.Open(ctx, filepath.Join(*data, dbFile), localdb.Options{})
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer db.Close()

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		// Stop the sync loop and the scanner sources, and give them a
		// moment to finish; a device read that ignores cancellation must
		// not keep the terminal from quitting.
		cancel()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
	}()

	var syncer tui.Syncer
	enr, err := client.LoadEnrollment(*data)
	switch {
	case err == nil:
		ls := startSync(ctx, db, *data, enr, &wg, 3*time.Second)
		defer ls.close()
		syncer = syncAdapter{ls}
	case errors.Is(err, client.ErrNotEnrolled):
		// Offline: the status bar says "not enrolled".
	default:
		return fmt.Errorf("run: %w", err)
	}

	// A terminal that is not enrolled enrols itself when the console's
	// enrolment QR code is scanned; its sync loop starts then.
	var enrolled struct {
		sync.Mutex
		ls *liveSync
	}
	defer func() {
		enrolled.Lock()
		defer enrolled.Unlock()
		if enrolled.ls != nil {
			enrolled.ls.close()
		}
	}()
	var enroll tui.EnrollFunc
	if syncer == nil {
		enroll = func(ctx context.Context, link wire.EnrollLink) (tui.Syncer, string, error) {
			e, err := client.Enroll(ctx, link.HubURL, link.Code, client.EnrollOptions{Fingerprint: link.Fingerprint, AppVersion: version})
			if err != nil {
				return nil, "", err
			}
			if err := db.SetDevice(ctx, e.Device); err != nil {
				return nil, "", err
			}
			if err := client.SaveEnrollment(*data, e); err != nil {
				return nil, "", err
			}
			enrolled.Lock()
			defer enrolled.Unlock()
			enrolled.ls = startSync(ctx, db, *data, e, &wg, 3*time.Second)
			return syncAdapter{enrolled.ls}, e.Device, nil
		}
	}

	scans := make(chan tea.Msg, 64)
	for _, src := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			forward(ctx, src, scans)
		}()
	}

	app := tui.New(tui.Config{
		Ctx:      ctx,
		DB:       db,
		Sync:     syncer,
		Enroll:   enroll,
		Scans:    scans,
		Operator: *operator,
		Wedge:    wedge,
	})
	p := tea.NewProgram(app, tea.WithContext(ctx), tea.WithInput(s.In), tea.WithOutput(s.Out))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("run: %w", err)
	}
	return nil
}

// forward runs one scanner source and hands its events to the UI. A send
// waits rather than drops: a scan is never lost because the UI is busy.
func forward(ctx context.Context, src scanner.Source, out chan<- tea.Msg) {
	send := func(m tea.Msg) {
		select {
		case out <- m:
		case <-ctx.Done():
		}
	}
	err := src.Run(ctx, func(ev scanner.Event) {
		if m := tui.FromEvent(ev); m != nil {
			send(m)
		}
	})
	if err != nil && ctx.Err() == nil {
		send(tui.ScannerMsg{Source: src.Name(), Connected: false, Err: err})
	}
}

// liveSync runs the sync client in the background and replaces it when
// the terminal is enrolled again while running: after the hub revoked the
// token, a supervisor reinstates the device and runs scanterm enroll,
// which rewrites enrollment.json; the running terminal then picks the new
// token up by itself (and on Sync now) instead of showing REVOKED until
// restarted.
type liveSync struct {
	ctx  context.Context
	db   *localdb.DB
	data string
	wg   *sync.WaitGroup
	// every is how often a stopped client looks for a new enrolment.
	every time.Duration

	mu  sync.Mutex
	c   *client.Client
	enr client.Enrollment
}

func startSync(ctx context.Context, db *localdb.DB, data string, enr client.Enrollment, wg *sync.WaitGroup, every time.Duration) *liveSync {
	l := &liveSync{ctx: ctx, db: db, data: data, wg: wg, every: every}
	l.mu.Lock()
	l.run(enr)
	l.mu.Unlock()
	return l
}

// run starts a client for enr and its loop; l.mu is held.
func (l *liveSync) run(enr client.Enrollment) {
	old := l.c
	c := client.New(l.db, enr, client.Options{})
	l.c, l.enr = c, enr
	if old != nil {
		old.Close()
	}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		if err := c.Run(l.ctx); err == nil {
			return // the terminal is closing
		}
		// Syncing stopped for a reason retrying cannot fix (revoked
		// token, say): wait for a new enrolment, keeping the queue.
		t := time.NewTicker(l.every)
		defer t.Stop()
		for {
			select {
			case <-l.ctx.Done():
				return
			case <-t.C:
			}
			if l.reload(c) {
				return
			}
		}
	}()
}

// reload replaces the stopped client with one for enrollment.json when
// the file names another enrolment; it reports whether it did. Only the
// client that stopped is replaced, so two callers never start two loops.
func (l *liveSync) reload(stopped *client.Client) bool {
	enr, err := client.LoadEnrollment(l.data)
	if err != nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.c != stopped || l.ctx.Err() != nil {
		return false
	}
	if enr.Token == l.enr.Token && enr.HubURL == l.enr.HubURL && enr.Device == l.enr.Device && enr.Fingerprint == l.enr.Fingerprint {
		return false
	}
	l.run(enr)
	return true
}

func (l *liveSync) client() *client.Client {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.c
}

func (l *liveSync) close() { l.client().Close() }

// syncAdapter shows the sync client to the UI.
type syncAdapter struct{ l *liveSync }

func (a syncAdapter) Kick() { a.l.client().Kick() }

// SyncNow runs one round (push everything, pull everything) and says what
// it did; a failure comes back as a sentence naming the hub. A client the
// hub stopped is first replaced if the terminal was enrolled again.
func (a syncAdapter) SyncNow(ctx context.Context) (tui.SyncReport, error) {
	c := a.l.client()
	if c.Status().Stopped && a.l.reload(c) {
		c = a.l.client()
	}
	rep, err := c.SyncOnce(ctx)
	out := tui.SyncReport{Pushed: rep.Pushed, Pulled: rep.Pulled, Rejected: rep.RejectedCount, Queue: rep.Queue}
	if err != nil {
		st := c.Status()
		if st.Message != "" {
			return out, errors.New(st.Message)
		}
		text, _ := hubProblem(st.Hub, err.Error())
		return out, errors.New(text)
	}
	return out, nil
}

func (a syncAdapter) Status() tui.SyncStatus {
	st := a.l.client().Status()
	msg, why := st.Message, ""
	if msg == "" && st.LastError != "" {
		msg, why = hubProblem(st.Hub, st.LastError)
	}
	return tui.SyncStatus{
		Enrolled:     true,
		Online:       st.Online,
		Revoked:      st.Revoked,
		Connecting:   !st.Online && st.LastError == "" && st.LastPull.IsZero() && st.LastPush.IsZero(),
		Queue:        st.Queue,
		OldestUnsent: st.OldestUnsent,
		LastError:    msg,
		Why:          why,
	}
}

// hubProblem words a sync failure for an operator: a sentence naming the
// hub and the cause ("cannot reach http://10.0.0.5:8765: connection
// refused") and the cause in a word or two for the status bar. The sync
// client reports failures as error text (the network error wrapped in
// the request that failed); the causes are matched on Go's stable wording
// of them, and anything else is passed on whole.
func hubProblem(hub, text string) (sentence, why string) {
	if hub == "" {
		hub = "the hub"
	}
	for _, c := range []struct{ match, cause, why string }{
		{"connection refused", "connection refused (is scanhub running there?)", "refused"},
		{"no such host", "unknown host name", "unknown host"},
		{"network is unreachable", "no network (check Wi-Fi)", "no network"},
		{"no route to host", "no route to the hub (check Wi-Fi)", "no route"},
		{"i/o timeout", "no answer in time", "no answer"},
		{"deadline exceeded", "no answer in time", "no answer"},
		{"Client.Timeout", "no answer in time", "no answer"},
		{"connection reset", "the connection was cut", "cut off"},
		{"EOF", "the connection was cut", "cut off"},
	} {
		if strings.Contains(text, c.match) {
			return "cannot reach " + hub + ": " + c.cause, c.why
		}
	}
	return "sync with " + hub + " failed: " + text, "error"
}
