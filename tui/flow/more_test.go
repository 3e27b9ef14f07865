package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

func TestSecondLabels(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "receive: lot and expiry from separate labels, wrong ones refused",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan(gLot), level: flow.OK, prompt: "Scan LOT"},
				{in: scan("(01)" + gOther + "(10)Z1"), level: flow.Error, reason: "Different item"},
				{in: scan("(01)" + gLot + "(17)280101"), level: flow.Error, reason: "No lot in this barcode"},
				{in: key("bad lot"), level: flow.Error, reason: "character"},
				{in: key("ABCDEFGHIJKLMNOPQRSTU"), level: flow.Error, reason: "longer than 20"},
				{in: scan("(10)N7"), level: flow.OK, prompt: "EXPIRY"},
				{in: scan("(01)" + gLot + "(10)ZZ(17)280101"), level: flow.Error, reason: "Label of lot ZZ"},
				{in: scan("(01)" + gOther + "(17)280101"), level: flow.Error, reason: "Different item"},
				{in: enter, level: flow.Error, reason: "YYMMDD"},
				{in: scan("(01)" + gLot + "(17)250101"), level: flow.Warning, reason: "already past", prompt: "Key QTY"},
				{esc: true, level: flow.None, prompt: "EXPIRY"},
				{in: key("2028-02-29"), level: flow.OK, reason: "2028-02-29", prompt: "Key QTY"},
				{in: scan("A-01"), level: flow.Error, reason: "QUANTITY first"},
				{in: scan("(01)" + gLot + "(10)N7"), level: flow.Error, reason: "digits"},
				{in: key("2"), level: flow.OK},
				{in: scan(gLot), level: flow.Error, reason: "That is an item"},
				{in: enter, level: flow.Error, reason: "receiving location"},
				{in: scan("A-01"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "N7", Expiry: "2028-02-29", Qty: 2})},
			},
		},
		{
			name: "return: product label, then its serial; lot item keyed quantity",
			wf:   flow.Return, setup: shipped,
			steps: []step{
				{in: scan(gSerial), level: flow.OK, prompt: "Scan SERIAL"},
				{in: scan("A-01"), level: flow.Error, reason: "SERIAL of PUMP first"},
				{in: enter, level: flow.Error, reason: "SERIAL"},
				{in: key("S1"), level: flow.OK, reason: "on SO-1"},
				{esc: true, level: flow.None},
				{esc: true, level: flow.None, prompt: "returned UNIT"},
				{in: scan(gLot), level: flow.OK, prompt: "Scan LOT"},
				{in: key("L2"), level: flow.OK, reason: "went out on SO-1", prompt: "Key QTY"},
				{in: key("x"), level: flow.Error, reason: "digits"},
				{in: enter, level: flow.OK, prompt: "Restock"},
				{in: key("restock"), level: flow.OK, prompt: "LOCATION"},
				{in: scan("A-02"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "L2", Qty: 1, To: "A-02", Note: "restock", Doc: "SO-1"})},
			},
		},
		{
			name: "ship: lot asked, staged in two places, from scanned",
			wf:   flow.Ship, ctx: flow.Context{SalesOrder: "SO-1"},
			setup: func(c *flowtest.Catalog) {
				picked(c)
				c.SetStock("DOCK-1", gLot, "L2", 1)
			},
			steps: []step{
				{in: scan(gLot), level: flow.OK, prompt: "Scan LOT"},
				{in: key("L2"), level: flow.OK, reason: "2 places", prompt: "Scan FROM"},
				{in: scan(gLot), level: flow.Error, reason: "That is an item"},
				{in: scan("DOCK-1"), level: flow.OK, prompt: "Key QTY"},
				{in: key("2"), level: flow.Error, reason: "Only 1 at DOCK-1"},
				{in: key("8"), level: flow.Error, reason: "needs only 7"},
				{in: enter, level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "L2", Qty: 1, From: "DOCK-1", DocLine: 1})},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, acts: 1},
				{in: scan("(01)" + gSerial + "(21)S3"), level: flow.OK, acts: 1},
				{in: scan("(01)" + gSerial + "(21)S2"), level: flow.Error, reason: "not picked"},
			},
		},
	})
}
