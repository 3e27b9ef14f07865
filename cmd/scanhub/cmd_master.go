package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
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
