package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// The three awkward inputs, in every workflow that takes items: a lot (with
// its expiry) scanned before its product, a location scanned where an item
// is expected, and one label that carries product, lot, expiry and serial.
func TestAwkwardInputsEverywhere(t *testing.T) {
	full := "]C101" + gSerial + "17280630" + "10L9" + "\x1d" + "21S1" // GTIN+expiry+lot+serial
	withS1L9 := func(c *flowtest.Catalog) {
		shipped(c)
		c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S4", Lot: "L9", Status: inventory.SerialInStock, Location: "A-01"})
	}
	runCases(t, []flowCase{
		{
			name: "move", wf: flow.Move, setup: withS1L9,
			steps: []step{
				{in: scan("A-01"), level: flow.OK},
				{in: scan("(10)L2(17)270331"), level: flow.Warning, reason: "noted", prompt: "Scan ITEM"},
				{in: scan(gLot), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK},
				{in: scan("]C101" + gSerial + "17280630" + "10L9" + "\x1d" + "21S4"), level: flow.OK, prompt: "SERIAL"},
				// A-02 holds lot L1 of SAL500: storing L2 there is warned.
				{in: scan("A-02"), level: flow.Warning, reason: "also holds SAL500 lot L1", acts: 2, check: actionIs(1, inventory.Event{Serial: "S4", Lot: "L9", From: "A-01", To: "A-02"})},
			},
		},
		{
			name: "put-away", wf: flow.Putaway, setup: withS1L9,
			steps: []step{
				{in: scan("STG-1"), level: flow.Error, reason: "ITEM first"},
				{in: scan("]C101" + gSerial + "17280630" + "10L9" + "\x1d" + "21S4"), level: flow.OK, prompt: "SERIAL"},
				{in: scan("B-01"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Serial: "S4", From: "A-01", To: "B-01"})},
			},
		},
		{
			name: "pick", wf: flow.Pick, ctx: flow.Context{Location: "STG-1"},
			setup: func(c *flowtest.Catalog) {
				withS1L9(c)
				c.Add(inventory.PickList{ID: "PL-5", SalesOrder: "SO-2", Status: inventory.DocOpen, Lines: []inventory.PickLine{
					{Line: 1, GTIN: gLot, Lot: "L2", Qty: 1, From: "A-01"}, {Line: 2, GTIN: gSerial, Qty: 1},
				}})
			},
			steps: []step{
				{in: key("PL-5"), level: flow.OK, prompt: "Scan ITEM"},
				{in: scan("(10)L2"), level: flow.Warning, reason: "noted"},
				{in: scan("B-01"), level: flow.Warning, reason: "list says A-01"},
				{in: scan(gLot), level: flow.Error, reason: "No SAL500 Lot L2 at B-01"},
				{esc: true, level: flow.None},
				{esc: true, level: flow.None},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK, acts: 1},
				{in: scan(full), level: flow.Error, reason: "shipped, not in stock"},
				{in: scan("]C101" + gSerial + "17280630" + "10L9" + "\x1d" + "21S4"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Serial: "S4", Lot: "L9", From: "A-01", To: "STG-1"})},
			},
		},
		{
			name: "ship", wf: flow.Ship, ctx: flow.Context{SalesOrder: "SO-2"},
			setup: func(c *flowtest.Catalog) {
				withS1L9(c)
				c.Add(inventory.SalesOrder{ID: "SO-2", Status: inventory.DocOpen, Lines: []inventory.SOLine{{Line: 1, GTIN: gLot, Qty: 1}, {Line: 2, GTIN: gSerial, Qty: 1}}})
				c.Apply(inventory.Event{Kind: inventory.KindPick, GTIN: gSerial, Serial: "S4", Lot: "L9", Qty: 1, From: "A-01", To: "STG-1", Doc: "PL-9", DocLine: 1})
			},
			steps: []step{
				{in: scan("(10)L1"), level: flow.Warning, reason: "noted"},
				{in: scan("STG-1"), level: flow.OK, reason: "Shipping from STG-1"},
				{in: scan(gLot), level: flow.Error, reason: "No SAL500 Lot L1 at STG-1"},
				{in: scan("]C101" + gSerial + "17280630" + "10L9" + "\x1d" + "21S4"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindShip, Serial: "S4", Lot: "L9", From: "STG-1", Doc: "SO-2", DocLine: 2})},
			},
		},
		{
			name: "return", wf: flow.Return, setup: withS1L9,
			steps: []step{
				{in: scan("A-01"), level: flow.Error, reason: "location A-01, not an item"},
				{in: scan("(10)L2"), level: flow.Warning, reason: "noted"},
				{in: scan(gLot), level: flow.OK, reason: "went out on SO-1", prompt: "Key QTY"},
				{esc: true, level: flow.None},
				{esc: true, level: flow.None, prompt: "returned UNIT"},
				{in: scan(full), level: flow.OK, reason: "on SO-1", prompt: "Restock"},
			},
		},
		{
			name: "count", wf: flow.Count, setup: withS1L9, ctx: flow.Context{Location: "A-01"},
			steps: []step{
				{in: scan("]C101" + gSerial + "17280630" + "10L9" + "\x1d" + "21S4"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindCount, Serial: "S4", Lot: "L9", Qty: 1, To: "A-01"})},
				{in: scan("A-02"), level: flow.Error, reason: "Finish A-01 first"},
				{in: scan("(10)L2"), level: flow.Warning, reason: "noted"},
				{in: scan(gLot), level: flow.OK, prompt: "COUNTED"},
				{in: key("2"), level: flow.OK, reason: "matches", acts: 1},
			},
		},
	})
}
