package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/scanterm/scanterm/inventory"

	"github.com/scanterm/scanterm/localdb"
)

// lotExpired is the status shown for a released lot past its expiry; it
// is worked out on display, never stored.
const lotExpired inventory.LotStatus = "expired"

func cmdStock(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("stock", s, "scanterm stock [--json] [--location L] [--gtin G] [--lot L] [--data DIR]",
		`List stock on hand from the terminal's local database: quantity per
product, lot and location, with the lot's expiry and status (released,
quarantine, recalled, or expired: a released lot past its expiry date,
which may not be picked). It is the site's stock as of the last pull
(every terminal's work the hub had applied) plus this terminal's scans
the hub had not applied then; a terminal enrolled with --warehouse holds
only those warehouses. Filters combine.
With --json, one JSON object per line: gtin, lot, location, qty, expiry,
lot_status.

Example:
  scanterm stock --location A-01 --data ./var/term
  scanterm stock --gtin 09506000134352 --json | jq -s 'map(.qty) | add'`)
	asJSON := fs.Bool("json", false, "print JSON lines")
	loc := fs.String("location", "", "only location `CODE`")
	gtin := fs.String("gtin", "", "only product `GTIN` (8 to 14 digits)")
	lot := fs.String("lot", "", "only lot `LOT`")
	data := dataDirFlag(fs)
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: stock takes no arguments, got %q (filters are flags: --location, --gtin, --lot)", errUsage, rest[0])
	}
	if err := checkGTINFlag(*gtin); err != nil {
		return err
	}
	db, err := openTerminalDB(ctx, *data, localdb.Options{})
	if err != nil {
		return fmt.Errorf("stock: %w", err)
	}
	defer db.Close()
	rows, err := db.Stock(ctx, localdb.StockFilter{Location: *loc, GTIN: *gtin, Lot: *lot})
	if err != nil {
		return fmt.Errorf("stock: %w", err)
	}
	// An expired lot may not be picked, like a quarantined one: say so
	// where the status is shown instead of "released".
	today := time.Now().Format(time.DateOnly)
	for i, r := range rows {
		if (r.LotStatus == inventory.LotReleased || r.LotStatus == "") && r.Lot != "" && r.Expiry != "" && r.Expiry < today {
			rows[i].LotStatus = lotExpired
		}
	}
	if *asJSON {
		enc := json.NewEncoder(s.Out)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return fmt.Errorf("stock: %w", err)
			}
		}
		return nil
	}
	if len(rows) == 0 {
		fmt.Fprintln(s.Out, "no stock on hand matches")
		return nil
	}
	tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LOCATION\tGTIN\tLOT\tQTY\tEXPIRY\tLOT STATUS")
	var total int64
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", r.Location, r.GTIN, orDash(r.Lot), r.Qty, orDash(r.Expiry), orDash(string(r.LotStatus)))
		total += r.Qty
	}
	fmt.Fprintf(tw, "\t\t%d rows\t%d\t\t\n", len(rows), total)
	return tw.Flush()
}

// openTerminalDB opens DIR/terminal.db, refusing to create one: a typo in
// --data must not silently show an empty warehouse.
func openTerminalDB(ctx context.Context, dir string, opt localdb.Options) (*localdb.DB, error) {
	path := filepath.Join(dir, dbFile)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no terminal database in %s: run scanterm enroll first or pass --data", dir)
		}
		return nil, err
	}
	return localdb.Open(ctx, path, opt)
}

// parseInterleaved parses flags that may come before, between or after
// positional arguments ("trace lot L1 --json") and returns the positionals.
// Everything after "--" is positional (a lot code may start with '-').
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func checkGTINFlag(g string) error {
	if g == "" {
		return nil
	}
	ok := len(g) == 8 || (len(g) >= 12 && len(g) <= 14)
	for _, r := range g {
		ok = ok && r >= '0' && r <= '9'
	}
	if !ok {
		return fmt.Errorf("%w: --gtin %q is not a GTIN (8, 12, 13 or 14 digits)", errUsage, g)
	}
	return nil
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
