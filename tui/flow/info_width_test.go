package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// infoIs fails unless a context line is exactly want (not cut, not padded).
func infoIs(want string) func(t *testing.T, out flow.Outcome) {
	return func(t *testing.T, out flow.Outcome) {
		t.Helper()
		for _, l := range out.Prompt.Info {
			if l == want {
				return
			}
		}
		t.Fatalf("prompt info %q lacks the line %q", out.Prompt.Info, want)
	}
}

// TestContextLinesWhole: context lines are never cut to 30 columns by the
// engine (the screen wraps them), and the FEFO line names lot and expiry
// within 30 columns.
func TestContextLinesWhole(t *testing.T) {
	longLot := "LOT-2026-11-26-A1234" // 20 characters, the most AI (10) allows
	setup := func(c *flowtest.Catalog) {
		c.Add(
			inventory.Lot{GTIN: gLot, Lot: "S26-002", Expiry: "2027-01-31"},
			inventory.Lot{GTIN: gLot, Lot: longLot, Expiry: "2027-06-30", Status: inventory.LotRecalled},
			inventory.Lot{GTIN: gLot, Lot: "S26-003", Expiry: "2027-09-30"},
			inventory.PickList{ID: "PL-6", SalesOrder: "SO-6", Status: inventory.DocOpen, Lines: []inventory.PickLine{
				{Line: 1, GTIN: gLot, Qty: 1}, {Line: 2, GTIN: gLot, Lot: "S26-003", Qty: 1},
			}},
		)
		c.SetStock("A-01", gLot, "S26-002", 5)
		c.SetStock("A-01", gLot, "S26-003", 5)
		c.SetStock("A-02", gLot, longLot, 4)
	}
	runCases(t, []flowCase{
		{
			name: "pick: FEFO line whole at 30 columns, override reason whole",
			wf:   flow.Pick, setup: setup, ctx: flow.Context{PickList: "PL-6", Location: "STG-1"},
			start: "Scan ITEM",
			steps: []step{
				{in: scan("(01)" + gLot + "(10)S26-002"), level: flow.OK, prompt: "Key QTY"},
				{esc: true, level: flow.None, check: infoIs("FEFO S26-002 2027-01-31")},
				{in: scan("(01)" + gLot + "(10)S26-002"), level: flow.OK},
				{in: key("1"), level: flow.OK, acts: 1, prompt: "Scan ITEM", check: infoIs("Lot S26-003")},
				{in: scan("(01)" + gLot + "(10)S26-002"), level: flow.Warning, prompt: "Why lot S26-002?"},
				{in: key("3"), level: flow.Warning, reason: "Override recorded", check: infoIs("Override: supervisor instruction")},
			},
		},
		{
			name: "look-up: a bin line with a 20-character recalled lot is whole",
			wf:   flow.Lookup, setup: setup,
			steps: []step{
				{in: scan("A-02"), level: flow.Warning, check: infoIs("SAL500 " + longLot + " ×4 RECALLED")},
			},
		},
	})
}
