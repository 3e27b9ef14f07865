package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/scanterm/scanterm/sync/hub"
)

func cmdTrace(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "trace", "scanhub trace lot LOT [--gtin G] [--json] [--db DSN]\n       scanhub trace serial S [--gtin G] [--json] [--db DSN]",
		"Trace a lot or a serial across every terminal: where it came from (supplier and\npurchase order), every receipt, move, pick, shipment (by order and customer) and\nreturn, and where it is now.",
		"scanhub trace lot S26-002 --gtin 09506000134352")
	db := dbFlag(fs)
	gtin := fs.String("gtin", "", "only the product with this `GTIN`")
	asJSON := fs.Bool("json", false, "print JSON (one trace per line)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "lot" && pos[0] != "serial") {
		return fmt.Errorf("%w: trace: want trace lot LOT or trace serial S", errUsage)
	}
	if strings.TrimSpace(pos[1]) == "" {
		// An empty lot or serial would match every event without one.
		return fmt.Errorf("%w: trace %s: empty %s", errUsage, pos[0], pos[0])
	}
	g := *gtin
	if g != "" {
		if g, err = hub.NormalizeGTIN(g); err != nil {
			return fmt.Errorf("%w: trace: --gtin: %v", errUsage, err)
		}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	enc := json.NewEncoder(e.stdout)
	if pos[0] == "lot" {
		ts, err := hub.TraceLot(ctx, st, g, pos[1])
		if err != nil {
			return err
		}
		for _, t := range ts {
			if *asJSON {
				if err := enc.Encode(t); err != nil {
					return err
				}
				continue
			}
			printLotTrace(e.stdout, t)
		}
		return nil
	}
	ts, err := hub.TraceSerial(ctx, st, g, pos[1])
	if err != nil {
		return err
	}
	for _, t := range ts {
		if *asJSON {
			if err := enc.Encode(t); err != nil {
				return err
			}
			continue
		}
		printSerialTrace(e.stdout, t)
	}
	return nil
}

func printEvents(w io.Writer, evs []hub.Event) {
	fmt.Fprintln(w, "  history:")
	for _, ev := range evs {
		where := ""
		switch {
		case ev.From != "" && ev.To != "":
			where = ev.From + " -> " + ev.To
		case ev.To != "":
			where = "-> " + ev.To
		case ev.From != "":
			where = ev.From + " ->"
		}
		doc := ""
		if ev.Doc != "" {
			doc = " [" + ev.Doc + "]"
		}
		if ev.SSCC != "" {
			doc += " pallet " + ev.SSCC
		}
		if ev.Note != "" {
			doc += " (" + ev.Note + ")"
		}
		if ev.Override != "" {
			doc += " override " + ev.Override // the reason code; the operator follows
		}
		fmt.Fprintf(w, "    %s  %-8s %4d  %-20s%s  (%s #%d, operator %s)\n", ev.At.Local().Format("2006-01-02 15:04"), ev.Kind, ev.Qty, where, doc, ev.Device, ev.Seq, dash(ev.Operator))
	}
}

func printLotTrace(w io.Writer, t hub.LotTrace) {
	fmt.Fprintf(w, "lot %s of %s %s\n", t.Lot, t.GTIN, t.Product)
	if t.Record != nil {
		fmt.Fprintf(w, "  status %s, expiry %s\n", t.Record.Status, dash(t.Record.Expiry))
	}
	for _, r := range t.Receipts {
		fmt.Fprintf(w, "  received %d at %s from %s (PO %s) on %s by %s%s\n", r.Event.Qty, r.Event.To, dash(r.Supplier), dash(r.PO), r.Event.At.Local().Format("2006-01-02"), r.Event.Device, underPallet(r.Event))
	}
	for _, s := range t.Shipments {
		fmt.Fprintf(w, "  shipped %d to %s (order %s) on %s\n", s.Event.Qty, dash(s.Customer), dash(s.Order), s.Event.At.Local().Format("2006-01-02"))
	}
	for _, s := range t.Returns {
		fmt.Fprintf(w, "  returned %d by %s (order %s) into %s\n", s.Event.Qty, dash(s.Customer), dash(s.Order), s.Event.To)
	}
	fmt.Fprintln(w, "  now:")
	if len(t.Now) == 0 {
		fmt.Fprintln(w, "    nothing on hand")
	}
	for _, s := range t.Now {
		fmt.Fprintf(w, "    %-10s %-6s %d\n", s.Location, s.Warehouse, s.Qty)
	}
	if len(t.Events) > 0 {
		printEvents(w, t.Events)
	}
	for _, x := range t.Exceptions {
		fmt.Fprintf(w, "  exception #%d %s: %s\n", x.ID, x.Code, x.Message)
	}
}

func printSerialTrace(w io.Writer, t hub.SerialTrace) {
	fmt.Fprintf(w, "serial %s of %s %s", t.Serial, t.GTIN, t.Product)
	if t.Lot != "" {
		fmt.Fprintf(w, " (lot %s)", t.Lot)
	}
	fmt.Fprintf(w, "\n  now: %s", t.Status)
	if t.Location != "" {
		fmt.Fprintf(w, " at %s", t.Location)
	}
	fmt.Fprintln(w)
	for _, r := range t.Receipts {
		fmt.Fprintf(w, "  received at %s from %s (PO %s)%s\n", r.Event.To, dash(r.Supplier), dash(r.PO), underPallet(r.Event))
	}
	for _, s := range t.Shipments {
		fmt.Fprintf(w, "  shipped to %s (order %s) on %s\n", dash(s.Customer), dash(s.Order), s.Event.At.Local().Format("2006-01-02"))
	}
	for _, s := range t.Returns {
		fmt.Fprintf(w, "  returned by %s (order %s) into %s\n", dash(s.Customer), dash(s.Order), s.Event.To)
	}
	printEvents(w, t.Events)
}

// underPallet names the pallet label a receipt came under, if it had one,
// so a supervisor can find the other units of that pallet.
func underPallet(e hub.Event) string {
	if e.SSCC == "" {
		return ""
	}
	return " under pallet " + e.SSCC
}
