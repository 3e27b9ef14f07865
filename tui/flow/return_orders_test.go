package flow_test

import (
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestReturnLotOfSeveralOrders: a lot returned without an RA that went out
// on several orders asks which one, and the return is recorded against
// it; a lot that may not be restocked offers quarantine on Enter.
func TestReturnLotOfSeveralOrders(t *testing.T) {
	twoOrders := func(c *flowtest.Catalog) {
		shipped(c) // L2 went out on SO-1 (11-01)
		c.Add(inventory.SalesOrder{ID: "SO-2", Customer: "Harbour", Status: inventory.DocOpen, Lines: []inventory.SOLine{{Line: 1, GTIN: gLot, Qty: 1}}})
		c.Apply(inventory.Event{Kind: inventory.KindShip, GTIN: gLot, Lot: "L2", Qty: 1, From: "A-01", Doc: "SO-2", DocLine: 1,
			At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)})
	}
	runCases(t, []flowCase{
		{
			name: "the operator picks the order; the return names it",
			wf:   flow.Return, setup: twoOrders,
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, reason: "went out on 2 orders: which one?", prompt: "Which order?", check: func(t *testing.T, out flow.Outcome) {
					if len(out.Prompt.Choices) != 2 || out.Prompt.Choices[0].Label != "SO-1 Clinic North 11-01" || out.Prompt.Choices[1].Label != "SO-2 Harbour 11-20" {
						t.Fatalf("choices %+v", out.Prompt.Choices)
					}
				}},
				{in: key("3"), level: flow.Error, reason: "Key 1-2 for the order"},
				{in: key("2"), level: flow.OK, reason: "Came back from SO-2", prompt: "Key QTY", check: checks(infoHas("Went out on SO-2"), infoHas("Shipped 2026-11-20"))},
				{in: key("1"), level: flow.OK, prompt: "Restock or quarantine?"},
				{in: key("1"), level: flow.OK},
				{in: scan("A-01"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindReturn, Lot: "L2", Qty: 1, To: "A-01", Doc: "SO-2", Note: "restock"})},
			},
		},
		{
			name: "order not known: Enter, recorded without one",
			wf:   flow.Return, setup: twoOrders,
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Which order?"},
				{in: enter, level: flow.Warning, reason: "Order not known", prompt: "Key QTY"},
			},
		},
		{
			name: "a recalled lot offers quarantine on Enter",
			wf:   flow.Return,
			setup: func(c *flowtest.Catalog) {
				twoOrders(c)
				c.Add(inventory.Lot{GTIN: gLot, Lot: "L2", Expiry: "2027-03-31", Status: inventory.LotRecalled})
			},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Which order?"},
				{in: key("SO-1"), level: flow.OK, reason: "Came back from SO-1"},
				{in: key("1"), level: flow.OK, prompt: "Restock or quarantine?", check: suggests("2")},
				{in: enter, level: flow.OK, reason: "Disposition: quarantine"},
				{in: scan("Q-1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Doc: "SO-1", To: "Q-1", Note: "quarantine"})},
			},
		},
	})
}
