package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestPalletByLabel: a pallet received under its SSCC is put away or moved
// by scanning the SSCC alone, its events carry the SSCC, and receiving the
// same pallet again is refused.
func TestPalletByLabel(t *testing.T) {
	label := "(00)" + sscc + "(02)" + gLot + "(37)12(10)L3(17)270101"
	received := func(c *flowtest.Catalog) {
		c.Add(inventory.PurchaseOrder{ID: "PO-2", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: gLot, Qty: 20}}})
		c.Apply(inventory.Event{Kind: inventory.KindReceive, GTIN: gLot, Lot: "L3", Expiry: "2027-01-01", Qty: 12, To: "DOCK-1", Doc: "PO-2", DocLine: 1, SSCC: sscc})
	}
	other := withCheck("09506000134352999") // a pallet no event carries
	runCases(t, []flowCase{
		{
			name: "receive records the SSCC; the same pallet again is refused",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-2"},
			setup: func(c *flowtest.Catalog) {
				c.Add(inventory.PurchaseOrder{ID: "PO-2", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: gLot, Qty: 20}}})
			},
			steps: []step{
				{in: scan(label), level: flow.OK, prompt: "LOCATION"},
				{in: scan("DOCK-1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindReceive, Lot: "L3", Qty: 12, To: "DOCK-1"})},
				{in: scan(label), level: flow.Error, reason: "Pallet …8907 was already received (PO-2 line 1): Esc"},
				{in: scan("(00)" + sscc), level: flow.Error, reason: "already received"},
			},
			after: func(t *testing.T, c *flowtest.Catalog) {
				evs := c.Events()
				if last := evs[len(evs)-1]; last.SSCC != sscc {
					t.Fatalf("receive event SSCC %q, want %q", last.SSCC, sscc)
				}
			},
		},
		{
			name: "put-away by the SSCC alone, then move it on by the SSCC",
			wf:   flow.Putaway, setup: received,
			steps: []step{
				{in: scan("(00)" + other), level: flow.Error, reason: "carries no contents"},
				{in: scan("(00)" + sscc), level: flow.OK, reason: "Pallet …8907: 12 units on it", prompt: "Scan TO"},
				{in: scan("A-02"), level: flow.OK, reason: "12 units → A-02 (SAL500 Lot L3)", acts: 1, check: func(t *testing.T, out flow.Outcome) {
					actionIs(0, inventory.Event{Kind: inventory.KindPutaway, Lot: "L3", Qty: 12, From: "DOCK-1", To: "A-02"})(t, out)
					if out.Actions[0].SSCC != sscc {
						t.Fatalf("put-away SSCC %q", out.Actions[0].SSCC)
					}
				}},
				{in: scan("(00)" + sscc), level: flow.OK, reason: "12 units on it", prompt: "Scan TO"},
				{in: scan("B-01"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Qty: 12, From: "A-02", To: "B-01"})},
			},
		},
		{
			name: "move takes what of the pallet is at the from-location",
			wf:   flow.Move, setup: received,
			steps: []step{
				{in: scan("A-01"), level: flow.OK},
				{in: scan("(00)" + sscc), level: flow.Error, reason: "Nothing of pallet …8907 is at A-01"},
				{esc: true, level: flow.None},
				{in: scan("DOCK-1"), level: flow.OK},
				{in: scan("(00)" + sscc), level: flow.OK, reason: "12 units on it", prompt: "Scan ITEM"},
				{in: scan("(00)" + sscc), level: flow.Error, reason: "Pallet …8907 already scanned"},
				{in: scan("STG-1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindMove, Qty: 12, From: "DOCK-1", To: "STG-1"})},
			},
		},
	})
}
