package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestWording: messages say what happened and what to do next, in the
// operator's words; receiving a pallet label names what it brought.
func TestWording(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "receive: over a fully received line; label expiry against the lot record; pallet label",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			setup: func(c *flowtest.Catalog) {
				c.Apply(inventory.Event{Kind: inventory.KindReceive, GTIN: gPlain, Qty: 5, To: "DOCK-1", Doc: "PO-1", DocLine: 3})
				c.Add(inventory.Lot{GTIN: gLot, Lot: "L1", Expiry: "2027-01-31"},
					inventory.PurchaseOrder{ID: "PO-2", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: gLot, Qty: 20}}})
			},
			steps: []step{
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY"},
				{in: key("3"), level: flow.Warning, reason: "Line 3 is already fully received: 3 more is over. Enter to accept", prompt: "confirm 3"},
				{esc: true, level: flow.None},
				{esc: true, level: flow.None, prompt: "Scan ITEM"},
				{in: scan("(01)" + gLot + "(17)271231(10)L1"), level: flow.Warning, reason: "Label expiry 2027-12-31, lot record says 2027-01-31: recording the label date; tell a supervisor"},
			},
		},
		{
			name: "receive: a pallet label says what it brought",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-2"},
			setup: func(c *flowtest.Catalog) {
				c.Add(inventory.PurchaseOrder{ID: "PO-2", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: gLot, Qty: 20}}})
			},
			steps: []step{
				{in: scan("(00)" + sscc + "(02)" + gLot + "(37)12(10)L3(17)270101"), level: flow.OK, reason: "Pallet …8907: 12 × SAL500 Lot L3, PO line 1", prompt: "LOCATION"},
			},
		},
		{
			name: "put-away: item at the QTY prompt; what was stored, singular and plural",
			wf:   flow.Putaway, setup: stocked,
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK, prompt: "Key QTY"},
				{in: scan(gPlain), level: flow.Error, reason: "That is an item: key the QTY, or Esc"},
				{in: key("10"), level: flow.OK},
				{in: scan("A-02"), level: flow.OK, reason: "10 units → A-02 (SAL500 Lot L1)", acts: 1},
				{in: scan(gPlain), level: flow.OK},
				{in: key("1"), level: flow.OK},
				{in: scan("A-02"), level: flow.OK, reason: "1 unit → A-02 (GLOVE)", acts: 1},
			},
		},
		{
			name: "move: none here says where it is",
			wf:   flow.Move, setup: stocked,
			steps: []step{
				{in: scan("A-01"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Error, reason: "No SAL500 Lot L1 at A-01 (it is at DOCK-1, A-02)"},
			},
		},
		{
			name: "ship: unpicked serial and lot say what to do",
			wf:   flow.Ship,
			setup: func(c *flowtest.Catalog) {
				picked(c)
				c.SetStock("A-01", gLot, "L7", 3) // in a bin only: not picked
			},
			steps: []step{
				{in: key("SO-1"), level: flow.OK},
				{in: scan("(01)" + gSerial + "(21)S2"), level: flow.Error, reason: "was not picked (in stock at A-01): pick it first, or scan a picked unit"},
				{in: scan("(01)" + gLot + "(10)L7"), level: flow.Error, reason: "No picked SAL500 Lot L7 waits outside the bins: scan the location to ship it from"},
			},
		},
	})
}
