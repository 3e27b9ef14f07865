package flow_test

import (
	"errors"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

func TestReceive(t *testing.T) {
	lotLabel := "(01)" + gLot + "(17)271231(10)L1"
	runCases(t, []flowCase{
		{
			name: "lot item: PO, GS1 label with lot and expiry, qty, location",
			wf:   flow.Receive, start: "Scan PO",
			steps: []step{
				{in: key("PO-1"), level: flow.OK, reason: "Acme", prompt: "Scan ITEM"},
				{in: scan(lotLabel), level: flow.OK, reason: "line 1", prompt: "Key QTY"},
				{in: key("10"), level: flow.OK, prompt: "Scan LOCATION"},
				{in: scan("DOCK-1"), level: flow.OK, reason: "Received 10", prompt: "Scan ITEM", acts: 1,
					check: actionIs(0, inventory.Event{Kind: inventory.KindReceive, GTIN: gLot, Lot: "L1", Expiry: "2027-12-31", Qty: 10, To: "DOCK-1", Doc: "PO-1", DocLine: 1})},
			},
			after: func(t *testing.T, c *flowtest.Catalog) {
				if n := c.StockOf("DOCK-1", gLot, "L1"); n != 10 {
					t.Fatalf("stock %d, want 10", n)
				}
			},
		},
		{
			name: "one GS1-128 fills item, lot, expiry and first serial; n of N; location records both",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"}, start: "Scan ITEM",
			steps: []step{
				{in: scan("]C101" + gSerial + "17270630" + "10L9" + "\x1d" + "21S1"), level: flow.OK, reason: "(1 of 2)", prompt: "SERIAL 2 of 2"},
				{in: scan("]C101" + gSerial + "21S1"), level: flow.Error, reason: "already scanned", prompt: "SERIAL 2 of 2"},
				{in: key("S2"), level: flow.OK, reason: "all 2 scanned", prompt: "Scan LOCATION"},
				{in: scan("A-01"), level: flow.OK, reason: "Received 2", acts: 2, check: func(t *testing.T, out flow.Outcome) {
					actionIs(0, inventory.Event{Serial: "S1", Lot: "L9", Expiry: "2027-06-30", Qty: 1, To: "A-01", DocLine: 2})(t, out)
					actionIs(1, inventory.Event{Serial: "S2", Lot: "L9", Qty: 1, To: "A-01", DocLine: 2})(t, out)
				}},
			},
		},
		{
			name: "lot scanned before the product is kept",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan("(10)L5(17)270101"), level: flow.Warning, reason: "Lot L5 noted", prompt: "Scan ITEM"},
				{in: scan(gLot), level: flow.OK, prompt: "Key QTY"},
				{in: enter, level: flow.OK, prompt: "Scan LOCATION"},
				{in: scan("DOCK-1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "L5", Expiry: "2027-01-01", Qty: 10})},
			},
		},
		{
			name: "location scanned where an item was expected",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan("A-01"), level: flow.Error, reason: "location A-01", prompt: "Scan ITEM"},
				{in: scan("(414)" + gln + "(254)A1"), level: flow.Error, reason: "location label"},
			},
		},
		{
			name: "expiry required and not on the label is keyed; lot asked when missing",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan(gLot), level: flow.OK, prompt: "Scan LOT"},
				{in: scan("A-01"), level: flow.Error, reason: "location A-01", prompt: "Scan LOT"},
				{in: key("L2"), level: flow.OK, prompt: "EXPIRY"},
				{in: key("271399"), level: flow.Error, reason: "Not a date"},
				{in: key("271200"), level: flow.OK, reason: "2027-12-31", prompt: "Key QTY"},
				{in: key("0"), level: flow.Error, reason: "at least 1"},
				{in: key("3"), level: flow.OK},
				{in: scan("(414)" + gln + "(254)A1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "L2", Expiry: "2027-12-31", Qty: 3, To: "GLN-A1"})},
			},
		},
		{
			name: "partial receipt then over-receipt needs a confirmation",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			setup: func(c *flowtest.Catalog) {
				c.Apply(inventory.Event{Kind: inventory.KindReceive, GTIN: gLot, Lot: "L0", Qty: 4, To: "DOCK-1", Doc: "PO-1", DocLine: 1})
			},
			steps: []step{
				{in: scan(lotLabel), level: flow.OK, prompt: "Key QTY", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "6" {
						t.Fatalf("suggested %q, want the 6 still expected", out.Prompt.Suggest)
					}
				}},
				{in: key("8"), level: flow.Warning, reason: "8 is 2 more than the 6 still open on line 1. Enter to accept", prompt: "confirm 8", check: func(t *testing.T, out flow.Outcome) {
					if contains(out.Verdict.Reason, "Qty 8") {
						t.Fatalf("reason %q repeats the quantity", out.Verdict.Reason)
					}
				}},
				{in: key("6"), level: flow.OK, prompt: "Scan LOCATION"},
				{esc: true, level: flow.None, prompt: "confirm 8"},
				{in: enter, level: flow.OK, prompt: "Scan LOCATION"},
				{in: scan("DOCK-1"), level: flow.OK, acts: 1, check: func(t *testing.T, out flow.Outcome) {
					actionIs(0, inventory.Event{Qty: 8})(t, out)
				}},
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY"},
				{in: key("2"), level: flow.OK, prompt: "Scan LOCATION", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "DOCK-1" || out.Prompt.Why != "Enter = DOCK-1" {
						t.Fatalf("last location not offered: %+v", out.Prompt)
					}
				}},
				{in: enter, level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{GTIN: gPlain, Qty: 2, To: "DOCK-1", DocLine: 3})},
			},
		},
		{
			name: "SSCC pallet label with its contents fills item, lot, expiry and count",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan("(00)" + sscc + "(02)" + gLot + "(37)12(10)L3(17)270101"), level: flow.Warning, reason: "12 is 2 more than the 10 still open on line 1. Enter to accept. Pallet …8907: 12 × SAL500 Lot L3, PO line 1", prompt: "confirm 12"},
				{in: enter, level: flow.OK, prompt: "LOCATION"},
				{in: scan("DOCK-1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{GTIN: gLot, Lot: "L3", Expiry: "2027-01-01", Qty: 12})},
			},
		},
		{
			name: "refusals: SSCC without contents, item not on PO, serial in stock, bad check digit, unknown PO",
			wf:   flow.Receive,
			setup: func(c *flowtest.Catalog) {
				c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S7", Status: inventory.SerialInStock, Location: "A-02"})
			},
			steps: []step{
				{in: key("PO-9"), level: flow.Error, reason: "No purchase order PO-9", prompt: "Scan PO"},
				{in: scan(lotLabel), level: flow.Error, reason: "item", prompt: "Scan PO"},
				{in: key("PO-1"), level: flow.OK},
				{in: scan("(00)" + sscc), level: flow.Error, reason: "no contents"},
				{in: scan("(01)" + gOther + "(10)X"), level: flow.Error, reason: "not on PO PO-1"},
				{in: scan("]C101" + badCheck(gSerial)), level: flow.Error, reason: "Unreadable"},
				{in: scan("(01)" + gSerial + "(21)S7"), level: flow.Error, reason: "already in stock at A-02", prompt: "Scan ITEM"},
			},
		},
		{
			name: "serial items stop early by scanning the location; Esc drops the last serial",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan(gSerial), level: flow.OK, prompt: "SERIAL 1 of 2"},
				{in: scan("A-01"), level: flow.Error, reason: "SERIAL first"},
				{in: key("S1"), level: flow.OK, prompt: "SERIAL 2 of 2"},
				{in: key("S2"), level: flow.OK, prompt: "LOCATION"},
				{esc: true, level: flow.None, prompt: "SERIAL 2 of 2"},
				{esc: true, level: flow.OK, reason: "Removed serial S1", prompt: "SERIAL 1 of 2"},
				{in: key("S3"), level: flow.OK},
				{in: scan("A-01"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Serial: "S3"})},
				{in: scan(gSerial), level: flow.OK, prompt: "SERIAL 1 of 1"},
			},
		},
		{
			name: "Esc goes back one step, then to the PO prompt, then exits",
			wf:   flow.Receive,
			steps: []step{
				{in: key("PO-1"), level: flow.OK},
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY"},
				{esc: true, level: flow.None, prompt: "Scan ITEM"},
				{esc: true, level: flow.None, prompt: "Scan PO"},
				{esc: true, level: flow.None, check: func(t *testing.T, out flow.Outcome) {
					if !out.Exit {
						t.Fatal("Esc at the first prompt must exit")
					}
				}},
			},
		},
		{
			name: "station: fixed PO and dock, each scan records at once",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1", Location: "DOCK-1", Unattended: true},
			steps: []step{
				{in: scan(lotLabel), level: flow.OK, acts: 1, prompt: "Scan ITEM", check: actionIs(0, inventory.Event{Qty: 1, To: "DOCK-1", Lot: "L1"})},
				// Counted against the whole line, not against what was left
				// before each unit ("1 of 2" then "2 of 2", never "1 of 1").
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, reason: "Serial S1 (1 of 2 on line 2)", acts: 1, prompt: "Scan ITEM", check: actionIs(0, inventory.Event{Serial: "S1", To: "DOCK-1"})},
				{in: key("S9"), level: flow.Error, reason: "not an item"},
				{in: scan("(01)" + gSerial + "(21)S2"), level: flow.OK, reason: "Serial S2 (2 of 2 on line 2)", acts: 1, prompt: "Scan ITEM"},
				{in: scan("(01)" + gSerial + "(21)S3"), level: flow.Warning, reason: "over what PO line 2 expects", acts: 1},
			},
		},
	})
}

func TestReceiveDone(t *testing.T) {
	c := demo().Add(inventory.PurchaseOrder{ID: "PO-2", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: gPlain, Qty: 2}}})
	st, _ := flow.Start(flow.Receive, flow.Context{PO: "PO-2", Location: "DOCK-1", Operator: "op"}, c)
	st, out := flow.Step(st, c, scan(gPlain))
	if out.Prompt.Text != "Key QTY" {
		t.Fatalf("prompt %q", out.Prompt.Text)
	}
	_, out = flow.Step(st, c, key("2"))
	if !out.Done || len(out.Actions) != 1 {
		t.Fatalf("receipt of the whole PO: done=%v actions=%d (%+v)", out.Done, len(out.Actions), out.Verdict)
	}
}

func TestCatalogFailureKeepsState(t *testing.T) {
	c := demo()
	st, _ := flow.Start(flow.Receive, flow.Context{PO: "PO-1"}, c)
	c.Fail = errors.New("disk I/O error")
	next, out := flow.Step(st, c, scan(gPlain))
	if out.Verdict.Level != flow.Error || !contains(out.Verdict.Reason, "disk I/O error") {
		t.Fatalf("verdict %+v", out.Verdict)
	}
	c.Fail = nil
	if _, out := flow.Step(next, c, scan(gPlain)); out.Prompt.Text != "Key QTY" {
		t.Fatalf("state after a failed read did not stay: %q", out.Prompt.Text)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub)))
}

// badCheck changes the check digit of a GTIN.
func badCheck(g string) string {
	last := g[len(g)-1]
	return g[:len(g)-1] + string(rune('0'+(last-'0'+1)%10))
}
