package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/scanterm/scanterm/inventory"
)

func cmdEvents(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("events", s, "scanterm events [--json] [--after SEQ] [--data DIR]",
		`List the terminal's local event ledger in seq order: every confirmed
action, synced or not. By default a table; with --json one JSON object per
line with id, device, seq, kind, gtin, lot, serial, expiry, qty, from, to,
doc, at, and sscc on events that carry a pallet label (the shape of
"scanhub events --json", without received_at).

Example:
  scanterm events --json --data ./var/term | jq 'select(.kind=="ship")'`)
	asJSON := fs.Bool("json", false, "print JSON lines")
	after := fs.Int64("after", 0, "list only events with seq greater than `SEQ`")
	data := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: events takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	if *after < 0 {
		return fmt.Errorf("%w: --after must be 0 or more", errUsage)
	}
	db, err := openExistingDB(ctx, *data)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	defer db.Close()

	var tw *tabwriter.Writer
	enc := json.NewEncoder(s.Out)
	if !*asJSON {
		tw = tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SEQ\tAT\tKIND\tGTIN\tLOT\tSERIAL\tEXPIRY\tQTY\tFROM\tTO\tDOC")
	}
	// Pages keep memory flat however long the ledger is.
	const page = 1000
	seq, n := *after, 0
	for {
		evs, err := db.Events(ctx, seq, page)
		if err != nil {
			return fmt.Errorf("events: %w", err)
		}
		for _, e := range evs {
			if *asJSON {
				// The shape of `scanhub events --json`, without
				// received_at, which only the hub knows; times in UTC.
				e.At = e.At.UTC()
				if err := enc.Encode(inventory.NewEventLine(e)); err != nil {
					return fmt.Errorf("events: %w", err)
				}
			} else {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", e.Seq, e.At.Local().Format("2006-01-02 15:04:05"),
					e.Kind, e.GTIN, ledgerDash(e.Lot), ledgerDash(e.Serial), ledgerDash(e.Expiry), e.Qty, ledgerDash(e.From), ledgerDash(e.To), ledgerDash(e.Doc))
			}
			seq = e.Seq
			n++
		}
		if len(evs) < page {
			break
		}
	}
	if tw != nil {
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		if n == 0 {
			fmt.Fprintln(s.Out, "(no events recorded yet)")
		}
	}
	return nil
}

func ledgerDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
