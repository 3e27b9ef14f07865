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
	"github.com/scanterm/scanterm/localdb"
)

func cmdTrace(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("trace", s, "scanterm trace lot LOT [--gtin G] [--json] [--data DIR]\n       scanterm trace serial SERIAL [--gtin G] [--json] [--data DIR]\n       scanterm trace pallet SSCC [--json] [--data DIR]",
		`Trace a lot, a serial number or a pallet through this terminal's local
ledger, offline.

trace lot: the lot's expiry, status and quantity on hand; where it came
from (receipts with PO and supplier); where it is now; which sales orders
it shipped on; and every movement in order. Without --gtin it covers every
product with a lot of that code.

trace serial: the unit's status (in_stock, picked, shipped, returned,
scrapped), location and lot, and every event that touched it in order.

trace pallet: what was received under a pallet label (SSCC, GS1 AI 00,
18 digits; a leading "(00)" is accepted) and where those units are now.

On an enrolled terminal, lot and serial traces then ask the hub for what
every terminal did (other terminals' receipts, moves and shipments), or
say plainly that the answer is this terminal's records only because the
hub could not be asked.

An event the hub raised an open exception on (a recalled lot shipped while
offline, a serial in two places) shows "!CODE" in FLAGS, and the
exceptions are listed under the movements.

With --json, one JSON document: the trace as the localdb package returns it.

Example:
  scanterm trace lot L123 --gtin 09506000134352
  scanterm trace serial SN0042 --json | jq '.history[].kind'
  scanterm trace pallet '(00)095060001234567893'`)
	asJSON := fs.Bool("json", false, "print one JSON document")
	gtin := fs.String("gtin", "", "only product `GTIN` (8 to 14 digits)")
	data := dataDirFlag(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "lot" && pos[0] != "serial" && pos[0] != "pallet") {
		return fmt.Errorf("%w: trace needs \"lot LOT\", \"serial SERIAL\" or \"pallet SSCC\" (see scanterm trace --help)", errUsage)
	}
	if pos[0] == "pallet" && *gtin != "" {
		return fmt.Errorf("%w: trace pallet takes no --gtin (a pallet may carry several products)", errUsage)
	}
	if pos[1] == "" {
		return fmt.Errorf("%w: trace %s: empty %s", errUsage, pos[0], pos[0])
	}
	if err := checkGTINFlag(*gtin); err != nil {
		return err
	}
	db, err := openTerminalDB(ctx, *data, localdb.Options{})
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	defer db.Close()
	switch pos[0] {
	case "lot":
		err = traceLot(ctx, s.Out, db, *gtin, pos[1], *asJSON)
	case "pallet":
		return tracePallet(ctx, s.Out, db, pos[1], *asJSON)
	default:
		err = traceSerial(ctx, s.Out, db, *gtin, pos[1], *asJSON)
	}
	if err != nil || *asJSON {
		return err
	}
	return siteTrace(ctx, s.Out, db, *data, pos[0], pos[1], *gtin)
}

func traceLot(ctx context.Context, w io.Writer, db *localdb.DB, gtin, lot string, asJSON bool) error {
	tr, err := db.LotTrace(ctx, gtin, lot)
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	if len(tr.Lots) == 0 && len(tr.Movements) == 0 {
		what := "lot " + lot
		if gtin != "" {
			what += " of " + gtin
		}
		return fmt.Errorf("trace: %s is not known on this terminal (no receipt or movement recorded here, and not in the hub's lot list)", what)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(tr)
	}
	for _, l := range tr.Lots {
		fmt.Fprintf(w, "Lot %s of %s: %s, expiry %s, on hand %d\n", lot, productLabel(ctx, db, l.GTIN), l.Status, orDash(l.Expiry), l.OnHand)
	}
	fmt.Fprintln(w, "\nReceived:")
	if len(tr.Receipts) == 0 {
		fmt.Fprintln(w, "  (no receipt recorded on this terminal)")
	}
	// One line per PO and product: a serialised lot has one receipt per unit.
	type recv struct {
		po, supplier, gtin, to string
		qty                    int64
		n                      int
		first, last            time.Time
	}
	var groups []*recv
	byKey := map[[3]string]*recv{}
	for _, r := range tr.Receipts {
		k := [3]string{r.PO, r.Event.GTIN, r.Event.To}
		g := byKey[k]
		if g == nil {
			g = &recv{po: r.PO, supplier: r.Supplier, gtin: r.Event.GTIN, to: r.Event.To, first: r.Event.At}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.qty += r.Event.Qty
		g.n++
		g.last = r.Event.At
	}
	for _, g := range groups {
		from := "PO " + orDash(g.po)
		if g.supplier != "" {
			from += " from " + g.supplier
		}
		when := stamp(g.first)
		if g.n > 1 {
			when += fmt.Sprintf(" .. %s, %d receipts", stamp(g.last), g.n)
		}
		fmt.Fprintf(w, "  %s: %d of %s into %s  (%s)\n", from, g.qty, g.gtin, g.to, when)
	}
	fmt.Fprintln(w, "\nWhere it is now:")
	if len(tr.Locations) == 0 {
		fmt.Fprintln(w, "  nothing on hand")
	}
	for _, r := range tr.Locations {
		fmt.Fprintf(w, "  %-12s %6d  %s\n", r.Location, r.Qty, r.GTIN)
	}
	fmt.Fprintln(w, "\nShipped on:")
	if len(tr.Shipments) == 0 {
		fmt.Fprintln(w, "  no shipments")
	}
	for _, sh := range tr.Shipments {
		order := orDash(sh.SalesOrder)
		if sh.Customer != "" {
			order += " (" + sh.Customer + ")"
		}
		fmt.Fprintf(w, "  %s  %d of %s", order, sh.Qty, sh.GTIN)
		if len(sh.Serials) > 0 {
			fmt.Fprintf(w, "  serials %v", sh.Serials)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nMovements:")
	return printEventTable(w, tr.Movements, tr.Exceptions)
}

// palletTrace is `trace pallet --json`.
type palletTrace struct {
	SSCC  string               `json:"sscc"`
	Lines []localdb.PalletLine `json:"lines"`
}

func tracePallet(ctx context.Context, w io.Writer, db *localdb.DB, sscc string, asJSON bool) error {
	sscc = strings.TrimPrefix(strings.TrimSpace(sscc), "(00)")
	lines, err := db.Pallet(ctx, sscc)
	if errors.Is(err, localdb.ErrNotFound) {
		return fmt.Errorf("trace: pallet %s is not known on this terminal (no receipt or movement recorded here under that label)", sscc)
	}
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(palletTrace{SSCC: sscc, Lines: lines})
	}
	fmt.Fprintf(w, "Pallet %s\n", sscc)
	for _, l := range lines {
		fmt.Fprintf(w, "\n%s", productLabel(ctx, db, l.GTIN))
		if l.Lot != "" {
			fmt.Fprintf(w, " lot %s", l.Lot)
		}
		if l.Expiry != "" {
			fmt.Fprintf(w, " expiry %s", l.Expiry)
		}
		fmt.Fprintf(w, ": received %d", l.Qty)
		if l.Doc != "" {
			fmt.Fprintf(w, " on %s line %d", l.Doc, l.DocLine)
		}
		fmt.Fprintln(w)
		if len(l.Serials) > 0 {
			fmt.Fprintf(w, "  serials %s\n", strings.Join(l.Serials, " "))
		}
		if len(l.Places) == 0 {
			fmt.Fprintln(w, "  now: none of these units is in the building under this label")
			continue
		}
		for _, p := range l.Places {
			fmt.Fprintf(w, "  now: %-12s %6d", p.Location, p.Qty)
			if len(p.Serials) > 0 && len(l.Serials) > len(p.Serials) {
				fmt.Fprintf(w, "  %s", strings.Join(p.Serials, " "))
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

// serialTrace is `trace serial --json`.
type serialTrace struct {
	State      inventory.SerialState    `json:"state"`
	History    []inventory.Event        `json:"history"`
	Exceptions []localdb.EventException `json:"exceptions"` // open hub exceptions on History
}

func traceSerial(ctx context.Context, w io.Writer, db *localdb.DB, gtin, serial string, asJSON bool) error {
	st, err := db.Serial(ctx, gtin, serial)
	if errors.Is(err, localdb.ErrNotFound) {
		return fmt.Errorf("trace: serial %s is not known on this terminal (never received or moved here)", serial)
	}
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	// History of the unit the state names, so two products sharing a serial
	// are not mixed.
	hist, err := db.SerialHistory(ctx, st.GTIN, serial)
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	xs, err := db.ExceptionsOn(ctx, hist)
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(serialTrace{State: st, History: hist, Exceptions: xs})
	}
	where := st.Location
	if where == "" {
		where = "not in the building"
	}
	fmt.Fprintf(w, "Serial %s of %s: %s, %s, lot %s\n", serial, productLabel(ctx, db, st.GTIN), st.Status, where, orDash(st.Lot))
	fmt.Fprintf(w, "Last: %s at %s (seq %d)\n\nHistory:\n", st.LastKind, stamp(st.LastAt), st.LastSeq)
	return printEventTable(w, hist, xs)
}

// printEventTable prints events one per row. An event the hub raised an
// open exception on shows "!code" in FLAGS, and the exceptions' messages
// follow the table so a supervisor knows what to act on.
func printEventTable(w io.Writer, evs []inventory.Event, xs []localdb.EventException) error {
	if len(evs) == 0 {
		fmt.Fprintln(w, "  none")
		return nil
	}
	open := map[int64][]string{}
	for _, x := range xs {
		open[x.Seq] = append(open[x.Seq], "!"+x.Code)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  SEQ\tAT\tKIND\tGTIN\tLOT\tSERIAL\tQTY\tFROM\tTO\tDOC\tOPERATOR\tFLAGS\tNOTE")
	for _, e := range evs {
		flags := strings.Join(append(append([]string{}, e.Flags...), open[e.Seq]...), ",")
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, stamp(e.At), e.Kind, e.GTIN, orDash(e.Lot), orDash(e.Serial),
			e.Qty, orDash(e.From), orDash(e.To), orDash(e.Doc), orDash(e.Operator), orDash(flags), orDash(e.Note))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(xs) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nOpen hub exceptions (%d): a supervisor resolves them on the hub (scanhub exceptions)\n", len(xs))
	for _, x := range xs {
		id := "not pulled yet"
		if x.ID != 0 {
			id = fmt.Sprintf("#%d", x.ID)
		}
		fmt.Fprintf(w, "  ! seq %d  %s  %s (%s)\n", x.Seq, x.Code, x.Message, id)
	}
	return nil
}

func productLabel(ctx context.Context, db *localdb.DB, gtin string) string {
	if p, err := db.Product(ctx, gtin); err == nil && p.Name != "" {
		return gtin + " " + p.Name
	}
	return gtin
}

// stamp shows a device time in UTC to the minute, as the hub reports it.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04Z") }
