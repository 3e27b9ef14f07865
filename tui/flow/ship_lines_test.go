package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// twoLineOrder: SO-6 wants SAL500 on two lines (2 + 2) and GLOVE; 4 of
// lot L2 and 1 GLOVE wait picked at STG-1.
func twoLineOrder(c *flowtest.Catalog) {
	stocked(c)
	c.Add(inventory.SalesOrder{ID: "SO-6", Customer: "Clinic South", Status: inventory.DocOpen, Lines: []inventory.SOLine{
		{Line: 1, GTIN: gLot, Qty: 2}, {Line: 2, GTIN: gPlain, Qty: 1}, {Line: 3, GTIN: gLot, Qty: 2},
	}})
	c.SetStock("STG-1", gLot, "L2", 5)
	c.SetStock("STG-1", gPlain, "", 1)
}

// TestShipSpreadsOverLines: a quantity of a product the order names on
// several lines is spread over them, in line order.
func TestShipSpreadsOverLines(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "4 of SAL500 fill lines 1 and 3 in one step",
			wf:   flow.Ship, setup: twoLineOrder,
			steps: []step{
				{in: key("SO-6"), level: flow.OK, check: infoHas("SO-6: 0 of 5 shipped")},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Key QTY", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "4" {
						t.Fatalf("suggest %q (%q), want the 4 the order still wants", out.Prompt.Suggest, out.Prompt.Why)
					}
				}},
				{in: key("5"), level: flow.Error, reason: "needs only 4 more"},
				{in: key("4"), level: flow.OK, reason: "Shipped 4 × SAL500", acts: 2, check: checks(
					actionIs(0, inventory.Event{Kind: inventory.KindShip, Lot: "L2", Qty: 2, From: "STG-1", Doc: "SO-6", DocLine: 1}),
					actionIs(1, inventory.Event{Kind: inventory.KindShip, Lot: "L2", Qty: 2, From: "STG-1", Doc: "SO-6", DocLine: 3}),
					infoHas("SO-6: 4 of 5 shipped"))},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Error, reason: "All 4 ordered on SO-6 are already shipped"},
			},
		},
		{
			name: "part of line 1, then the rest across lines 1 and 3",
			wf:   flow.Ship, setup: twoLineOrder,
			steps: []step{
				{in: key("SO-6"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK},
				{in: key("1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Qty: 1, DocLine: 1})},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK},
				{in: enter, level: flow.OK, acts: 2, check: checks(
					actionIs(0, inventory.Event{Qty: 1, DocLine: 1}), actionIs(1, inventory.Event{Qty: 2, DocLine: 3}))},
				{in: scan(gPlain), level: flow.OK, acts: 0, prompt: "Key QTY"},
				{in: enter, level: flow.OK, acts: 1, check: func(t *testing.T, out flow.Outcome) {
					if !out.Done {
						t.Fatal("every line shipped but not done")
					}
				}},
			},
		},
	})
}
