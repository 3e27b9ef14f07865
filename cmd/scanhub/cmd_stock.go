package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/scanterm/scanterm/sync/hub/store"
)

func cmdStock(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "stock", "scanhub stock [--location L] [--gtin G] [--lot L] [--warehouse W] [--json] [--db DSN]",
		"List the site's stock on hand as the hub holds it (every terminal's events\napplied): quantity per product, lot and location, with the location's\nwarehouse and the lot's expiry and status. Filters combine. With --json, one\nJSON object per line: gtin, lot, location, warehouse, qty, expiry, lot_status.",
		"scanhub stock --warehouse W1 --gtin 09506000134352")
	db := dbFlag(fs)
	loc := fs.String("location", "", "only location `CODE`")
	gtin := fs.String("gtin", "", "only product `GTIN` (14 digits as stored; 8, 12 or 13 are padded)")
	lot := fs.String("lot", "", "only lot `LOT`")
	wh := fs.String("warehouse", "", "only locations of warehouse `W`")
	asJSON := fs.Bool("json", false, "print JSON lines")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: stock takes no arguments, got %q (filters are flags: --location, --gtin, --lot, --warehouse)", errUsage, pos[0])
	}
	g, err := gtinFlag(*gtin)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := st.Stock(ctx, store.StockFilter{Locations: store.Only(*loc), GTINs: store.Only(g), Lot: *lot, Warehouse: *wh})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.stdout, "no stock on hand matches")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WAREHOUSE\tLOCATION\tGTIN\tLOT\tQTY\tEXPIRY\tLOT STATUS")
	var total int64
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", dash(r.Warehouse), r.Location, r.GTIN, dash(r.Lot), r.Qty, dash(r.Expiry), dash(string(r.LotStatus)))
		total += r.Qty
	}
	fmt.Fprintf(tw, "\t\t\t%d rows\t%d\t\t\n", len(rows), total)
	return tw.Flush()
}

// gtinFlag pads an 8, 12 or 13 digit GTIN to the 14 digits the hub stores
// and refuses anything else.
func gtinFlag(g string) (string, error) {
	if g == "" {
		return "", nil
	}
	ok := len(g) == 8 || (len(g) >= 12 && len(g) <= 14)
	for _, r := range g {
		ok = ok && r >= '0' && r <= '9'
	}
	if !ok {
		return "", fmt.Errorf("%w: --gtin %q is not a GTIN (8, 12, 13 or 14 digits)", errUsage, g)
	}
	for len(g) < 14 {
		g = "0" + g
	}
	return g, nil
}
