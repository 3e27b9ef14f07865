package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestReturnShowsRALines: once an RA is keyed, the screen shows what it
// expects back — order, customer and each authorised line.
func TestReturnShowsRALines(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "RA with a lot line and a serial line",
			wf:   flow.Return,
			setup: func(c *flowtest.Catalog) {
				shipped(c)
				c.Add(inventory.ReturnAuth{ID: "RA-2", SalesOrder: "SO-1", Customer: "Harbour Clinic", Status: inventory.DocOpen, Lines: []inventory.RetLine{
					{Line: 1, GTIN: gLot, Lot: "L2", Qty: 2}, {Line: 2, GTIN: gSerial, Serial: "S1", Qty: 1}, {Line: 3, GTIN: gPlain, Qty: 3},
				}})
			},
			steps: []step{
				{in: key("RA-2"), level: flow.OK, prompt: "returned UNIT", check: checks(
					infoHas("RA RA-2"), infoHas("Order SO-1 Harbour Clinic"), infoHas("1: SAL500 lot L2 ×2"), infoHas("2: PUMP SN S1 ×1"), infoHas("3: GLOVE ×3"))},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Key QTY", check: checks(infoHas("RA RA-2"), infoLacks("1: SAL500"))},
			},
		},
	})
}

// TestReturnRefusalsNameWhatIsWrong: a product on the RA in another lot is
// refused for its lot, not as a product off the RA; Enter offers what the
// RA line still authorises; a restock into a quarantine place is refused.
func TestReturnRefusalsNameWhatIsWrong(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "wrong lot, then the RA's lot: Enter = the authorised 2; restock into Q-1 refused",
			wf:   flow.Return, setup: shipped,
			steps: []step{
				{in: key("RA-1"), level: flow.OK, check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Why != "what came back on RA-1" {
						t.Fatalf("why %q", out.Prompt.Why)
					}
				}},
				{in: scan("(01)" + gLot + "(10)L9"), level: flow.Error, reason: "Lot L9 is not on RA-1: it authorises SAL500 lot L2"},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, reason: "went out on SO-1", prompt: "Key QTY", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "2" {
						t.Fatalf("suggest %q, want the 2 the RA authorises", out.Prompt.Suggest)
					}
				}},
				{in: enter, level: flow.OK, prompt: "Restock or quarantine?"},
				{in: key("1"), level: flow.OK, prompt: "Scan LOCATION"},
				{in: scan("Q-1"), level: flow.Error, reason: "Q-1 is a quarantine location: a restocked return goes to a bin"},
				{in: scan("A-01"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindReturn, Lot: "L2", Qty: 2, To: "A-01", Doc: "RA-1", DocLine: 1, Note: "restock"})},
			},
		},
	})
}
