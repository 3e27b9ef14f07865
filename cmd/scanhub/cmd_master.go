package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

func cmdImport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "import", "scanhub import FILE [--json] [--db DSN]",
		"Import products, locations, lots, operators, purchase orders, pick lists, sales\norders and return authorisations from a CSV or JSON-lines file (formats in\ndocs/import-formats.md). The whole file is checked first; any problem is\nreported as FILE:LINE: reason and nothing is imported. Unchanged records are\nleft alone, so importing a file again is safe. FILE - reads stdin (JSON lines).",
		"scanhub import testdata/import/site.jsonl")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 1, "one FILE"); err != nil {
		return err
	}
	name := pos[0]
	var data *os.File
	if name == "-" {
		name = "stdin"
	} else {
		data, err = os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer data.Close()
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var res hub.ImportResult
	if data == nil {
		res, err = hub.ImportFile(ctx, st, name, e.stdin, time.Now())
	} else {
		res, err = hub.ImportFile(ctx, st, name, data, time.Now())
	}
	var ie *hub.ImportError
	if errors.As(err, &ie) {
		n := 0
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				fmt.Fprintln(e.stderr, x)
				n++
			}
		} else {
			fmt.Fprintln(e.stderr, err)
			n = 1
		}
		return fmt.Errorf("import %s: %d problem(s), nothing imported", name, n)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	fmt.Fprintf(e.stdout, "imported %s: %d new, %d updated, %d unchanged\n", name, res.Inserted, res.Updated, res.Unchanged)
	return nil
}

func cmdDemo(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "demo", "scanhub demo [--json] [--db DSN]",
		"Load the demo data set make run uses: products (lot-tracked with expiry,\nserialised, untracked), operators 1001/PIN 1234 (badge OP1001) and 1002/PIN 5678,\nlocations in two warehouses, lots (expired, quarantined, released), purchase\norder PO-1001, pick list PL-5001 for SO-5001 and return RA-9001. Only records\nthe hub does not have are added, so running it again changes nothing.",
		"scanhub demo --db sqlite:var/hub.db")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 0, "no arguments"); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := hub.LoadDemo(ctx, st, time.Now())
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	fmt.Fprintf(e.stdout, "demo data: %d new, %d already there\n", res.Inserted, res.Unchanged+res.Updated)
	return nil
}

func cmdLot(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "lot", "scanhub lot recall|quarantine|release LOT --gtin G [--json] [--db DSN]",
		"Set a lot's status. Terminals get it on their next pull and enforce it offline:\nrecalled and quarantined lots cannot be picked or shipped. Moves of a recalled lot\nthe hub receives afterwards are raised as exceptions.",
		"scanhub lot recall S26-002 --gtin 09506000134352")
	db := dbFlag(fs)
	gtin := fs.String("gtin", "", "the lot's product `GTIN` (required)")
	asJSON := fs.Bool("json", false, "print the lot record as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: lot: want recall|quarantine|release LOT --gtin G", errUsage)
	}
	status := map[string]wire.LotStatus{"recall": wire.LotRecalled, "quarantine": wire.LotQuarantine, "release": wire.LotReleased}[pos[0]]
	if status == "" {
		return fmt.Errorf("%w: lot: unknown action %q; want recall, quarantine or release", errUsage, pos[0])
	}
	if *gtin == "" {
		return fmt.Errorf("%w: lot: --gtin is required (a lot code is only unique per product)", errUsage)
	}
	g, err := hub.NormalizeGTIN(*gtin)
	if err != nil {
		return fmt.Errorf("%w: lot: --gtin: %v", errUsage, err)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	lot, err := st.SetLotStatus(ctx, g, pos[1], status, time.Now())
	if err != nil {
		return fmt.Errorf("lot %s: %w", pos[1], err)
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(lot)
	}
	fmt.Fprintf(e.stdout, "lot %s of %s is now %s; terminals enforce it after their next pull\n", lot.Lot, lot.GTIN, lot.Status)
	return nil
}
