package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// Choosing a document that is already done says so first.
func TestChoosingDoneDocumentSaysSo(t *testing.T) {
	runCases(t, []flowCase{{
		name: "PO-1 fully received", wf: flow.Receive,
		setup: func(c *flowtest.Catalog) {
			c.Apply(inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gLot, Lot: "L1", Qty: 10, To: "DOCK-1", Doc: "PO-1", DocLine: 1},
				inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gSerial, Serial: "S1", Qty: 1, To: "DOCK-1", Doc: "PO-1", DocLine: 2},
				inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gSerial, Serial: "S2", Qty: 1, To: "DOCK-1", Doc: "PO-1", DocLine: 2},
				inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gPlain, Qty: 5, To: "DOCK-1", Doc: "PO-1", DocLine: 3})
		},
		steps: []step{{in: key("PO-1"), level: flow.Warning, reason: "PO-1 is already done"}},
	}, {
		name: "PO-1 with lines to go: no such word", wf: flow.Receive,
		steps: []step{{in: key("PO-1"), level: flow.OK, reason: "Acme"}},
	}})
}

// A unit a count wrote off is called written off, not scrapped.
func TestWrittenOffWording(t *testing.T) {
	runCases(t, []flowCase{{
		name: "look-up of a written-off serial", wf: flow.Lookup,
		setup: func(c *flowtest.Catalog) {
			c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S9", Status: inventory.SerialScrapped, Location: "A-02"})
		},
		steps: []step{{in: key("S9"), level: flow.OK, reason: "Serial S9: written off at A-02"}},
	}})
}
