package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// picked is pickLists after PL-1 line 1 and both serials were picked to
// STG-1.
func picked(c *flowtest.Catalog) {
	pickLists(c)
	c.Apply(
		inventory.Event{Kind: inventory.KindPick, GTIN: gLot, Lot: "L2", Qty: 5, From: "A-01", To: "STG-1", Doc: "PL-1", DocLine: 1},
		inventory.Event{Kind: inventory.KindPick, GTIN: gSerial, Serial: "S1", Qty: 1, From: "A-01", To: "STG-1", Doc: "PL-1", DocLine: 2},
		inventory.Event{Kind: inventory.KindPick, GTIN: gSerial, Serial: "S3", Qty: 1, From: "DOCK-1", To: "STG-1", Doc: "PL-1", DocLine: 2},
	)
}

func TestShip(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "order by its pick list; serials recorded; lot qty from staging",
			wf:   flow.Ship, setup: picked, start: "Scan ORDER",
			steps: []step{
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.Error, reason: "ORDER first"},
				{in: key("PL-1"), level: flow.OK, reason: "SO-1", prompt: "Scan UNIT", check: infoHas("SO-1: 0 of 9 shipped")},
				{in: scan("(01)" + gSerial + "(21)S2"), level: flow.Error, reason: "was not picked (in stock at A-01)"},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, reason: "1 left", acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindShip, Serial: "S1", Qty: 1, From: "STG-1", Doc: "SO-1", DocLine: 2})},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.Error, reason: "already shipped"},
				{in: scan(gSerial), level: flow.OK, prompt: "SERIAL"},
				{in: key("S3"), level: flow.OK, acts: 1, prompt: "Scan UNIT"},
				{in: scan("(01)" + gSerial + "(21)S9"), level: flow.Error, reason: "not on record"},
				{in: scan(gPlain), level: flow.Error, reason: "not on order SO-1"},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Key QTY", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "5" {
						t.Fatalf("suggest %q, want the 5 staged", out.Prompt.Suggest)
					}
				}},
				{in: key("6"), level: flow.Error, reason: "Only 5 at STG-1"},
				{in: enter, level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "L2", Qty: 5, From: "STG-1", DocLine: 1})},
			},
			after: func(t *testing.T, c *flowtest.Catalog) {
				if st, _ := c.Serial(gSerial, "S3"); st.Status != inventory.SerialShipped {
					t.Fatalf("S3 %+v", st)
				}
			},
		},
		{
			name: "a lot recalled after picking cannot ship",
			wf:   flow.Ship, ctx: flow.Context{SalesOrder: "SO-1"},
			setup: func(c *flowtest.Catalog) {
				picked(c)
				c.Add(inventory.Lot{GTIN: gLot, Lot: "L2", Status: inventory.LotRecalled})
			},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Error, reason: "Lot L2 is RECALLED: keep it out of the box, tell a supervisor"},
			},
		},
		{
			name: "pack station without an order ships each unit on the order it was picked for",
			wf:   flow.Ship, setup: picked, ctx: flow.Context{Unattended: true}, start: "Scan UNIT",
			steps: []step{
				{in: scan("(01)" + gSerial + "(21)S3"), level: flow.OK, reason: "SO-1", acts: 1, check: actionIs(0, inventory.Event{Doc: "SO-1", DocLine: 2, Serial: "S3"})},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, reason: "0 left", acts: 1},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.Error, reason: "already shipped"},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Error, reason: "need an order"},
			},
		},
	})
}
