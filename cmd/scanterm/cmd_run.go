package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	"github.com/scanterm/scanterm/termlog"
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
	glyphs := glyphsFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	marks, err := resolveGlyphs(*glyphs)
	if err != nil {
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
	// The terminal's own log (sync errors, refusals, scanners), capped.
	lf, err := termlog.Open(*data, 0)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer lf.Close()
	logger := lf.Logger()
	logger.Info("scanterm started", "version", version)

	// What sync learns of the hub's clock corrects the terminal's date
	// rules (expiry); events keep the device's own time.
	clock := client.NewClock(nil)
	db, err := localdb.Open(ctx, filepath.Join(*data, dbFile), localdb.Options{ClockOffset: clock.Offset})
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer db.Close()
	if err := seedClock(ctx, db, clock); err != nil {
		return fmt.Errorf("run: %w", err)
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		// Stop the scanner sources and give them a moment to finish; a
		// device read that ignores cancellation must not keep the
		// terminal from quitting.
		cancel()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
	}()

	// Enrolled, the terminal syncs in the background; otherwise it works
	// offline and the status bar says "not enrolled".
	var syncer tui.Syncer
	runner, err := client.Start(ctx, db, *data, client.Options{Clock: clock, Logger: logger, AppVersion: version})
	switch {
	case err == nil:
		defer runner.Close()
		syncer = runner
	case !errors.Is(err, client.ErrNotEnrolled):
		return fmt.Errorf("run: %w", err)
	}

	// A terminal that is not enrolled enrols itself when the console's
	// enrolment QR code is scanned; its sync loop starts then.
	var enrolled struct {
		sync.Mutex
		runner *client.Runner
	}
	defer func() {
		enrolled.Lock()
		defer enrolled.Unlock()
		if enrolled.runner != nil {
			enrolled.runner.Close()
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
			r, err := client.Start(ctx, db, *data, client.Options{})
			if err != nil {
				return nil, "", err
			}
			enrolled.Lock()
			defer enrolled.Unlock()
			enrolled.runner = r
			return r, e.Device, nil
		}
	}

	scans := make(chan tea.Msg, 64)
	for _, src := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			forward(ctx, src, scans, logger)
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
		Glyphs:   marks,
		// The flow's own date rules judge on the hub's time too.
		ClockOffset: clock.Offset,
	})
	out, clearScreen := consoleOutput(s.Out)
	defer clearScreen()
	p := tea.NewProgram(app, tea.WithContext(ctx), tea.WithInput(s.In), tea.WithOutput(out))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("run: %w", err)
	}
	return nil
}

// forward runs one scanner source and hands its events to the UI. A send
// waits rather than drops: a scan is never lost because the UI is busy.
func forward(ctx context.Context, src scanner.Source, out chan<- tea.Msg, log *slog.Logger) {
	send := func(m tea.Msg) {
		select {
		case out <- m:
		case <-ctx.Done():
		}
	}
	err := src.Run(ctx, func(ev scanner.Event) {
		if st := ev.Status; st != nil {
			log.Info("scanner", "source", st.Source, "connected", st.Connected, "err", st.Err)
		}
		if m := tui.FromEvent(ev); m != nil {
			send(m)
		}
	})
	if err != nil && ctx.Err() == nil {
		log.Warn("scanner stopped", "source", src.Name(), "err", err)
		send(tui.ScannerMsg{Source: src.Name(), Connected: false, Err: err})
	}
}
