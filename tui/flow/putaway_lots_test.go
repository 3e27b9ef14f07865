package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// suggests checks the prompt's Enter suggestion.
func suggests(want string) func(t *testing.T, out flow.Outcome) {
	return func(t *testing.T, out flow.Outcome) {
		t.Helper()
		if out.Prompt.Suggest != want {
			t.Fatalf("suggest %q (why %q), want %q", out.Prompt.Suggest, out.Prompt.Why, want)
		}
	}
}

// newLotOnDock adds lot L9 of SAL500, in no bin yet, on the dock.
func newLotOnDock(c *flowtest.Catalog) {
	stocked(c)
	c.Add(inventory.Lot{GTIN: gLot, Lot: "L9", Expiry: "2028-06-30"})
	c.SetStock("DOCK-1", gLot, "L9", 5)
}

// TestStoreLotsApart: put-away never suggests a bin holding another lot of
// the same product, and storing two lots of a product in one bin is warned
// (lots are stored apart so a recall or FEFO pick finds one lot per bin).
func TestStoreLotsApart(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "put-away: last bin holds another lot: no suggestion, mixing warned",
			wf:   flow.Putaway, setup: newLotOnDock,
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK, prompt: "Key QTY"},
				{in: enter, level: flow.OK, prompt: "Scan TO", check: suggests("A-02")},
				{in: enter, level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "L1", To: "A-02"})},
				{in: scan("(01)" + gLot + "(10)L9"), level: flow.OK, prompt: "Key QTY"},
				{in: key("5"), level: flow.OK, prompt: "Scan TO", check: suggests("")},
				{in: enter, level: flow.Error, reason: "Scan the TO location"},
				{in: scan("A-02"), level: flow.Warning, reason: "A-02 also holds SAL500 lot L1", acts: 1, check: actionIs(0, inventory.Event{Lot: "L9", Qty: 5, To: "A-02"})},
			},
		},
		{
			name: "put-away: last bin holds only other products: still suggested",
			wf:   flow.Putaway, setup: newLotOnDock,
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L9"), level: flow.OK, prompt: "Key QTY"},
				{in: key("2"), level: flow.OK, prompt: "Scan TO", check: suggests("")},
				{in: scan("B-01"), level: flow.OK, reason: "2 units → B-01", acts: 1},
				{in: scan("(01)" + gLot + "(10)L9"), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK, prompt: "Scan TO", check: suggests("B-01")},
				{esc: true, level: flow.None},
				{esc: true, level: flow.None, prompt: "Scan ITEM"},
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK, prompt: "Scan TO", check: suggests("B-01")},
				{in: enter, level: flow.OK, reason: "1 unit → B-01 (GLOVE)", acts: 1},
			},
		},
		{
			name: "move: into a bin with another lot warns, into staging does not",
			wf:   flow.Move, setup: stocked,
			steps: []step{
				{in: scan("A-01"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK},
				{in: key("1"), level: flow.OK},
				{in: scan("A-02"), level: flow.Warning, reason: "A-02 also holds SAL500 lot L1", acts: 1},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK},
				{in: key("1"), level: flow.OK},
				{in: scan("STG-1"), level: flow.OK, acts: 1},
			},
		},
	})
}
