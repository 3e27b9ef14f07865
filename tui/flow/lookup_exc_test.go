package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestLookupShowsHubExceptions: look-up of a lot or serial marks the
// events the hub raised an open exception on, with the hub's message, and
// warns (the trace command's FLAGS column is tested in cmd/scanterm).
func TestLookupShowsHubExceptions(t *testing.T) {
	withExceptions := func(c *flowtest.Catalog) {
		shipped(c)
		for _, e := range c.Events() {
			switch {
			case e.Kind == inventory.KindShip && e.Lot == "L2":
				c.Excs = append(c.Excs, inventory.Exception{ID: 1, Code: "recalled_lot_moved", Message: "ships recalled lot L2 (SO-1)", EventID: e.ID})
			case e.Kind == inventory.KindShip && e.Serial == "S1":
				c.Excs = append(c.Excs, inventory.Exception{ID: 2, Code: "serial_twice", Message: "S1 shipped twice", EventID: e.ID, Resolved: true})
			}
		}
	}
	alerts := func(want bool) func(t *testing.T, out flow.Outcome) {
		return func(t *testing.T, out flow.Outcome) {
			t.Helper()
			if out.Prompt.Alert != want {
				t.Fatalf("alert %v, want %v (%q)", out.Prompt.Alert, want, out.Prompt.Info)
			}
		}
	}
	runCases(t, []flowCase{
		{
			name: "open exception on a lot's shipment; resolved one on a serial's",
			wf:   flow.Lookup, setup: withExceptions,
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Warning, reason: "Hub flagged 1 event here (marked !)", check: checks(
					infoHas("! 11-01 ship 5 SO-1"), infoIs("! Hub: lot is recalled. Quarantine the units"), infoLacks("ships recalled lot"), alerts(true))},
				{in: key("S1"), level: flow.OK, reason: "shipped", check: checks(infoLacks("!"), infoLacks("twice"), alerts(false))},
			},
		},
		{
			name: "a shipment on an order the hub does not hold",
			wf:   flow.Lookup, setup: func(c *flowtest.Catalog) {
				shipped(c)
				for _, e := range c.Events() {
					if e.Kind == inventory.KindShip && e.Lot == "L2" {
						c.Excs = append(c.Excs, inventory.Exception{ID: 3, Code: "unknown_document", Message: "names document SO-1, which the hub holds as no sales order", EventID: e.ID})
					}
				}
			},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Warning, reason: "Hub flagged 1 event here", check: checks(
					infoIs("! Hub does not know this order. Tell a supervisor"), alerts(true))},
			},
		},
	})
}
