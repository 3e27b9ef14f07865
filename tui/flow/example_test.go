package flow_test

import (
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// One GS1-128 label carries product, expiry, lot and serial: it fills four
// prompts at once, and the location scan records the unit.
func Example() {
	cat := flowtest.New().Add(
		inventory.Product{GTIN: "09506000134369", SKU: "PUMP", Name: "Infusion pump", Tracking: inventory.TrackSerial},
		inventory.Location{Code: "DOCK-1", Kind: inventory.LocDock, Warehouse: "W1"},
		inventory.PurchaseOrder{ID: "PO-1", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: "09506000134369", Qty: 1}}},
	)
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	st, out := flow.Start(flow.Receive, flow.Context{Operator: "op1", PO: "PO-1"}, cat)
	fmt.Println(out.Prompt.Text)
	for _, raw := range []string{"]C10109506000134369172812311012A\x1d21SN-77", "DOCK-1"} {
		next, out := flow.Step(st, cat, flow.Decode(raw, false, nil, at))
		fmt.Printf("%s: %s → %s\n", out.Verdict.Level, out.Verdict.Reason, out.Prompt.Text)
		for _, a := range out.Actions {
			fmt.Printf("record %s %s lot %s serial %s exp %s into %s\n", a.Kind, a.GTIN, a.Lot, a.Serial, a.Expiry, a.To)
		}
		cat.Apply(out.Actions...) // the TUI: localdb.AppendBatch, then adopt next
		st = next
	}
	// Output:
	// Scan ITEM
	// ok: PUMP, PO line 1. Serial SN-77: all 1 scanned, scan the location → Scan LOCATION
	// ok: Received 1 × PUMP → DOCK-1 → Scan ITEM
	// record receive 09506000134369 lot 12A serial SN-77 exp 2028-12-31 into DOCK-1
}
