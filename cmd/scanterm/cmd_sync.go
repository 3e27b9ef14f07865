package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/termlog"
)

func cmdSync(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("sync", s, "scanterm sync [--once] [--json] [--data DIR]",
		`Sync with the hub this terminal is enrolled with: push the queued events
(oldest first, in bounded batches; each is deleted from the queue only once
the hub acknowledged it) and pull master data, documents, lot status and
exceptions.

With --once: one round, then a summary (exit status 1 if it failed).
Without: keep syncing until interrupted (Ctrl+C), printing each round; pull
every --pull-every, push as soon as events are queued, and back off with
jitter while the hub cannot be reached. A revoked token stops syncing and
keeps the queue.

With --json each round is one JSON object per line: pushed, batches, resent,
ack_seq, rejected, rejected_count, pulled, pages, cursor, queue, error.

Example:
  scanterm sync --once --data ./var/term`)
	once := fs.Bool("once", false, "one round, then print a summary")
	asJSON := fs.Bool("json", false, "print JSON lines")
	pullEvery := fs.Duration("pull-every", time.Minute, "period of the background pull (without --once)")
	poll := fs.Duration("poll", 2*time.Second, "how often to look for newly queued events (without --once)")
	data := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: sync takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	if *pullEvery <= 0 || *poll <= 0 {
		return fmt.Errorf("%w: --pull-every and --poll must be positive", errUsage)
	}
	e, err := client.LoadEnrollment(*data)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	db, err := openExistingDB(ctx, *data)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	defer db.Close()

	// Failures and refusals also go to the terminal's own log.
	lf, err := termlog.Open(*data, 0)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	defer lf.Close()
	logger := lf.Logger()

	print := func(r client.Report) {
		if !*once && r.Batches == 0 && r.Pages == 0 && r.Error == "" {
			return // a look at an empty queue: nothing to say
		}
		if *asJSON {
			b, _ := json.Marshal(r)
			fmt.Fprintln(s.Out, string(b))
			return
		}
		fmt.Fprintf(s.Out, "%s %s\n", time.Now().Format("15:04:05"), summarizeReport(r))
		for _, x := range r.Rejected {
			fmt.Fprintf(s.Out, "  seq %d stored as exception %d: %s: %s\n", x.Seq, x.Exception, x.Code, x.Message)
		}
	}
	if *once {
		c := client.New(db, e, client.Options{AppVersion: version, Logger: logger})
		defer c.Close()
		rep, err := c.SyncOnce(ctx)
		print(rep)
		if err != nil {
			logger.Warn("sync failed", "err", err, "queue", rep.Queue)
			if st := c.Status(); st.Message != "" {
				fmt.Fprintln(s.Err, st.Message)
			}
			return fmt.Errorf("sync: %w", err)
		}
		return nil
	}
	// Another process (the TUI, scanterm station) may be appending to the
	// database: the loop looks at the outbox every --poll and pushes what
	// is new.
	c := client.New(db, e, client.Options{PullEvery: *pullEvery, WatchEvery: *poll, OnRound: print, AppVersion: version, Logger: logger})
	defer c.Close()
	if err := c.Run(ctx); err != nil {
		if st := c.Status(); st.Message != "" {
			fmt.Fprintln(s.Err, st.Message)
		}
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}

// openExistingDB opens DIR/terminal.db without creating it: a read or sync
// command on a folder with no database is a mistake worth naming.
func openExistingDB(ctx context.Context, dir string) (*localdb.DB, error) {
	path := filepath.Join(dir, dbFile)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no terminal database at %s: wrong --data folder, or enrol first (scanterm enroll URL CODE)", path)
		}
		return nil, err
	}
	return localdb.Open(ctx, path, localdb.Options{})
}
