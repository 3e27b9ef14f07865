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
