package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// stocked puts received goods on the dock and in bins.
func stocked(c *flowtest.Catalog) {
	c.Add(
		inventory.Lot{GTIN: gLot, Lot: "L1", Expiry: "2027-12-31"},
		inventory.Lot{GTIN: gLot, Lot: "L2", Expiry: "2027-03-31"},
		inventory.Lot{GTIN: gLot, Lot: "LX", Expiry: "2026-10-31"},
		inventory.Lot{GTIN: gLot, Lot: "LR", Expiry: "2028-01-31", Status: inventory.LotRecalled},
		inventory.Lot{GTIN: gLot, Lot: "LQ", Expiry: "2028-01-31", Status: inventory.LotQuarantine},
	)
	c.SetStock("DOCK-1", gLot, "L1", 10)
	c.SetStock("A-02", gLot, "L1", 5)
	c.SetStock("A-01", gLot, "L2", 7)
	c.SetStock("A-01", gLot, "LX", 3)
	c.SetStock("A-01", gLot, "LR", 4)
	c.SetStock("A-01", gLot, "LQ", 4)
	c.SetStock("A-01", gPlain, "", 4)
	c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S1", Status: inventory.SerialInStock, Location: "A-01"})
	c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S2", Status: inventory.SerialInStock, Location: "A-01"})
	c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S3", Status: inventory.SerialInStock, Location: "DOCK-1"})
}

func TestPutaway(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "lot on the dock: from found, Enter takes all, Enter accepts the lot's bin",
			wf:   flow.Putaway, setup: stocked, start: "Scan ITEM or SSCC",
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK, prompt: "Key QTY", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "10" {
						t.Fatalf("suggest %q, want all 10 on the dock", out.Prompt.Suggest)
					}
				}},
				{in: enter, level: flow.OK, prompt: "Scan TO", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "A-02" {
						t.Fatalf("suggest %q, want A-02 where lot L1 already is", out.Prompt.Suggest)
					}
				}},
				{in: enter, level: flow.OK, acts: 1, prompt: "Scan ITEM", check: actionIs(0, inventory.Event{Kind: inventory.KindPutaway, Lot: "L1", Qty: 10, From: "DOCK-1", To: "A-02"})},
			},
			after: func(t *testing.T, c *flowtest.Catalog) {
				if c.StockOf("A-02", gLot, "L1") != 15 || c.StockOf("DOCK-1", gLot, "L1") != 0 {
					t.Fatal("stock not moved")
				}
			},
		},
		{
			name: "another bin than the lot's warns; lot before product; location first is refused",
			wf:   flow.Putaway, setup: stocked,
			steps: []step{
				{in: scan("DOCK-1"), level: flow.Error, reason: "ITEM first"},
				{in: scan("(10)L1"), level: flow.Warning, reason: "noted"},
				{in: scan(gLot), level: flow.OK, prompt: "Key QTY"},
				{in: key("11"), level: flow.Error, reason: "Only 10"},
				{in: key("4"), level: flow.OK, prompt: "Scan TO"},
				{in: scan("DOCK-1"), level: flow.Error, reason: "where the stock is now"},
				{in: scan(gPlain), level: flow.Error, reason: "That is an item"},
				{in: scan("A-01"), level: flow.Warning, reason: "also at A-02", acts: 1},
			},
		},
		{
			name: "SSCC with contents puts the whole pallet away",
			wf:   flow.Putaway, setup: stocked,
			steps: []step{
				{in: scan("(00)" + sscc + "(02)" + gLot + "(37)10(10)L1"), level: flow.OK, prompt: "Scan TO"},
				{in: scan("A-02"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Qty: 10, From: "DOCK-1", To: "A-02"})},
			},
		},
		{
			name: "serials: each unit, from where it is, location finishes",
			wf:   flow.Putaway, setup: stocked,
			steps: []step{
				{in: scan("(01)" + gSerial + "(21)S3"), level: flow.OK, prompt: "SERIAL"},
				{in: key("S3"), level: flow.Error, reason: "already scanned"},
				{in: key("S9"), level: flow.Error, reason: "not in stock"},
				{in: scan("A-02"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Serial: "S3", Qty: 1, From: "DOCK-1", To: "A-02"})},
			},
		},
		{
			name: "lot in two bins asks where from",
			wf:   flow.Putaway,
			setup: func(c *flowtest.Catalog) {
				stocked(c)
				c.SetStock("B-01", gLot, "L2", 2)
			},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, reason: "2 places", prompt: "Scan FROM"},
				{in: scan("B-01"), level: flow.OK, prompt: "Key QTY"},
				{in: enter, level: flow.OK},
				{in: scan("A-02"), level: flow.Warning, reason: "also at A-01", acts: 1, check: actionIs(0, inventory.Event{Qty: 2, From: "B-01"})},
			},
		},
	})
}

func TestMove(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "from, a lot and a serial, to another warehouse",
			wf:   flow.Move, setup: stocked, start: "Scan FROM",
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Error, reason: "FROM location first"},
				{in: scan("A-01"), level: flow.OK, prompt: "Scan ITEM"},
				{in: scan("B-01"), level: flow.Error, reason: "ITEM to move"},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Key QTY"},
				{in: key("8"), level: flow.Error, reason: "Only 7"},
				{in: key("5"), level: flow.OK, prompt: "Scan ITEM"},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK},
				{in: key("3"), level: flow.Error, reason: "Only 2"},
				{esc: true, level: flow.None, prompt: "Scan ITEM"},
				{in: scan("(01)" + gSerial + "(21)S3"), level: flow.Error, reason: "at DOCK-1, not A-01"},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, prompt: "SERIAL"},
				{in: key("S2"), level: flow.OK},
				{in: scan("B-01"), level: flow.OK, reason: "warehouse W1 → W2", acts: 3, check: func(t *testing.T, out flow.Outcome) {
					actionIs(0, inventory.Event{Kind: inventory.KindMove, Lot: "L2", Qty: 5, From: "A-01", To: "B-01"})(t, out)
					actionIs(1, inventory.Event{Serial: "S1", Qty: 1, From: "A-01", To: "B-01"})(t, out)
					actionIs(2, inventory.Event{Serial: "S2"})(t, out)
				}},
			},
			after: func(t *testing.T, c *flowtest.Catalog) {
				if c.StockOf("B-01", gLot, "L2") != 5 || c.StockOf("A-01", gLot, "L2") != 2 {
					t.Fatal("lot not moved")
				}
				if st, _ := c.Serial(gSerial, "S2"); st.Location != "B-01" {
					t.Fatalf("serial at %q", st.Location)
				}
			},
		},
		{
			name: "Enter ends the item list; a recalled lot moved out of quarantine warns",
			wf:   flow.Move, setup: stocked,
			steps: []step{
				{in: scan("A-01"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.OK},
				{in: key("4"), level: flow.Warning, reason: "lot is RECALLED, put it in a quarantine location"},
				{in: enter, level: flow.OK, prompt: "Scan TO"},
				{in: scan("A-01"), level: flow.Error, reason: "where the stock is now"},
				{in: scan("A-02"), level: flow.Error, reason: "Lot LR is RECALLED: A-02 is a pickable bin, scan a quarantine location"},
				{in: scan("STG-1"), level: flow.Warning, reason: "recalled", acts: 1},
			},
		},
		{
			name: "station moves every scan into its location",
			wf:   flow.Move, setup: stocked, ctx: flow.Context{Location: "Q-1", Unattended: true},
			steps: []step{
				{in: scan("A-01"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)LQ"), level: flow.OK, acts: 1, check: checks(actionIs(0, inventory.Event{Qty: 1, From: "A-01", To: "Q-1"}),
					func(t *testing.T, out flow.Outcome) {
						// One sentence, not the item and the quantity said again.
						if out.Verdict.Reason != "1 unit → Q-1 (SAL500 Lot LQ)" {
							t.Fatalf("station move says %q", out.Verdict.Reason)
						}
					})},
				{in: scan("(00)" + sscc + "(02)" + gLot + "(37)3(10)LQ"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Qty: 3})},
				{in: scan("(01)" + gLot + "(10)LQ"), level: flow.Error, reason: "No SAL500"},
			},
		},
	})
}
