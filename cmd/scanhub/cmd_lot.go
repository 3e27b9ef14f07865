package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

// maxKnownLots caps the lot codes an unknown-lot refusal lists: enough to
// spot a typo, short enough to read.
const maxKnownLots = 20

// lotChange is scanhub lot --json: the lot record (its fields at the top
// level, as before) with what the change reaches.
type lotChange struct {
	inventory.Lot
	Created bool          `json:"created"` // the hub had no record of the lot (--create)
	Impact  hub.LotImpact `json:"impact"`
}

func cmdLot(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "lot", "scanhub lot recall|quarantine|release LOT --gtin G [--create] [--json] [--db DSN]",
		"Set a lot's status. Terminals get it on their next pull and enforce it offline:\n"+
			"recalled and quarantined lots cannot be picked or shipped. Moves of a recalled lot\n"+
			"the hub receives afterwards are raised as exceptions.\n\n"+
			"The product and the lot must be known to the hub (a lot record, or a scan of it),\n"+
			"so that a mistyped lot is refused (with the product's known lots) rather than\n"+
			"recalled in its place; --create sets the status of a lot not received yet, for a\n"+
			"supplier's recall notice before delivery. The command then prints what the lot\n"+
			"reaches from the hub trace: units on hand per location, units shipped per order\n"+
			"and customer, and how many terminals will get the new status.",
		"scanhub lot recall S26-002 --gtin 09506000134352")
	db := dbFlag(fs)
	gtin := fs.String("gtin", "", "the lot's product `GTIN` (required)")
	create := fs.Bool("create", false, "set the status of a lot the hub has not seen yet (not yet received)")
	asJSON := fs.Bool("json", false, "print the lot record and what it reaches as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: lot: want recall|quarantine|release LOT --gtin G", errUsage)
	}
	action, code := pos[0], pos[1]
	status := map[string]inventory.LotStatus{"recall": inventory.LotRecalled, "quarantine": inventory.LotQuarantine, "release": inventory.LotReleased}[action]
	if status == "" {
		return fmt.Errorf("%w: lot: unknown action %q; want recall, quarantine or release", errUsage, action)
	}
	if *gtin == "" {
		return fmt.Errorf("%w: lot: --gtin is required (a lot code is only unique per product)", errUsage)
	}
	if strings.TrimSpace(code) == "" {
		return fmt.Errorf("%w: lot: the LOT code is empty", errUsage)
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
	lot, created, err := st.ChangeLotStatus(ctx, g, code, status, *create, time.Now())
	switch {
	case errors.Is(err, hub.ErrUnknownProduct):
		return fmt.Errorf("lot %s: no product with GTIN %s is known to the hub; check the GTIN, or import the product first (scanhub import); nothing changed", code, g)
	case errors.Is(err, hub.ErrUnknownLot):
		return unknownLot(ctx, st, g, code, action)
	case err != nil:
		return fmt.Errorf("lot %s of %s: %w", code, g, err)
	}
	imp, err := hub.ImpactOfLot(ctx, st, g, code)
	if err != nil {
		// The status is set; only the summary is missing. Say both.
		return fmt.Errorf("lot %s of %s is now %s, but what it reaches could not be read (run scanhub trace lot %s --gtin %s): %w", code, g, statusWords(lot.Status), code, g, err)
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(lotChange{Lot: lot, Created: created, Impact: imp})
	}
	of := lot.GTIN
	if p, ok, err := hub.ProductOf(ctx, st, g); err == nil && ok {
		of = productLabel(p)
	}
	printLotChange(e.stdout, lot, of, created, imp)
	return nil
}

// unknownLot is the refusal of a lot the hub has never seen, listing the
// product's known lots so a typo is easy to spot.
func unknownLot(ctx context.Context, st hub.Store, gtin, code, action string) error {
	name := gtin
	if p, ok, err := hub.ProductOf(ctx, st, gtin); err == nil && ok {
		name = productLabel(p)
	}
	known, err := hub.KnownLots(ctx, st, gtin)
	list := "none"
	switch {
	case err != nil:
		list = "cannot list them: " + err.Error()
	case len(known) > maxKnownLots:
		list = strings.Join(known[:maxKnownLots], " ") + fmt.Sprintf(" and %d more", len(known)-maxKnownLots)
	case len(known) > 0:
		list = strings.Join(known, " ")
	}
	return fmt.Errorf("lot %s of %s is not known to the hub (known lots: %s); check the lot code, or use --create to %s a lot not yet received; nothing changed",
		code, name, list, action)
}

func productLabel(p inventory.Product) string {
	switch {
	case p.SKU != "":
		return p.SKU + " (" + p.GTIN + ")"
	case p.Name != "":
		return p.Name + " (" + p.GTIN + ")"
	}
	return p.GTIN
}

// printLotChange says what a status change did and what it reaches; of
// names the product.
func printLotChange(w io.Writer, lot inventory.Lot, of string, created bool, imp hub.LotImpact) {
	fmt.Fprintf(w, "lot %s of %s is now %s", lot.Lot, of, statusWords(lot.Status))
	if created {
		fmt.Fprint(w, " (new lot record: not received yet)")
	}
	fmt.Fprintln(w)
	switch imp.Terminals {
	case 0:
		fmt.Fprintln(w, "No terminal is enrolled yet: each gets it on its first pull.")
	case 1:
		fmt.Fprintln(w, "1 terminal gets it on its next pull and enforces it from then on, offline too.")
	default:
		fmt.Fprintf(w, "%d terminals get it on their next pull and enforce it from then on, offline too.\n", imp.Terminals)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(imp.OnHand) == 0 {
		fmt.Fprintln(tw, "On hand: none")
	} else {
		fmt.Fprintf(tw, "On hand: %s\n", units(imp.OnHandTotal))
		for _, s := range imp.OnHand {
			fmt.Fprintf(tw, "  %s\t%s\t%d\n", s.Location, s.Warehouse, s.Qty)
		}
	}
	if len(imp.Shipped) == 0 {
		fmt.Fprintln(tw, "Shipped: none")
	} else {
		fmt.Fprintf(tw, "Shipped: %s\n", units(imp.ShippedTotal))
		for _, o := range imp.Shipped {
			fmt.Fprintf(tw, "  %s\t%s\t%d\n", orDash(o.Order), orDash(o.Customer), o.Qty)
		}
	}
	if imp.Returned > 0 {
		fmt.Fprintf(tw, "Returned: %s\n", units(imp.Returned))
	}
	tw.Flush()
}

func units(n int64) string {
	if n == 1 {
		return "1 unit"
	}
	return fmt.Sprintf("%d units", n)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// statusWords says a lot status as a sentence needs it: "recalled",
// "in quarantine", "released".
func statusWords(st inventory.LotStatus) string {
	if st == inventory.LotQuarantine {
		return "in quarantine"
	}
	return string(st)
}
