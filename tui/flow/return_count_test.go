package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// shipped is picked plus the shipment of S1 and 5 of lot L2 on SO-1.
func shipped(c *flowtest.Catalog) {
	picked(c)
	c.Apply(
		inventory.Event{Kind: inventory.KindShip, GTIN: gSerial, Serial: "S1", Qty: 1, From: "STG-1", Doc: "SO-1", DocLine: 2},
		inventory.Event{Kind: inventory.KindShip, GTIN: gLot, Lot: "L2", Qty: 5, From: "STG-1", Doc: "SO-1", DocLine: 1},
	)
	c.Add(inventory.ReturnAuth{ID: "RA-1", SalesOrder: "SO-1", Customer: "Clinic North", Status: inventory.DocOpen, Lines: []inventory.RetLine{
		{Line: 1, GTIN: gLot, Lot: "L2", Qty: 2},
	}})
}

func TestReturn(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "serial traced to its order, restocked",
			wf:   flow.Return, setup: shipped, start: "returned UNIT",
			steps: []step{
				{in: scan("(01)" + gSerial + "(21)S3"), level: flow.Error, reason: "picked at STG-1, not with a customer"},
				{in: key("S1"), level: flow.OK, reason: "on SO-1", prompt: "Restock or quarantine?", check: func(t *testing.T, out flow.Outcome) {
					infoHas("Went out on SO-1")(t, out)
					infoHas("Shipped 2026-11-01")(t, out)
				}},
				{in: key("7"), level: flow.Error, reason: "Key 1 restock or 2 quarantine"},
				{in: key("1"), level: flow.OK, prompt: "Scan LOCATION"},
				{in: scan("A-01"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindReturn, Serial: "S1", Qty: 1, To: "A-01", Doc: "SO-1", Note: "restock"})},
			},
			after: func(t *testing.T, c *flowtest.Catalog) {
				// Restocked, but on record as returned (as localdb keeps it).
				if st, err := c.Serial(gSerial, "S1"); err != nil || st.Status != inventory.SerialReturned || st.Location != "A-01" {
					t.Fatalf("S1 %+v (err %v)", st, err)
				}
			},
		},
		{
			name: "recalled lot against an RA must go to quarantine",
			wf:   flow.Return,
			setup: func(c *flowtest.Catalog) {
				shipped(c)
				c.Add(inventory.Lot{GTIN: gLot, Lot: "L2", Expiry: "2027-03-31", Status: inventory.LotRecalled})
			},
			steps: []step{
				{in: key("RA-1"), level: flow.OK, reason: "RA RA-1"},
				{in: scan("(01)" + gOther + "(10)Z"), level: flow.Error, reason: "not on return authorisation RA-1"},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Key QTY", check: func(t *testing.T, out flow.Outcome) {
					if !out.Prompt.Alert {
						t.Fatal("recalled lot must raise the alert")
					}
					infoHas("IS RECALLED")(t, out)
				}},
				{in: key("2"), level: flow.OK, prompt: "Restock or quarantine?"},
				{in: key("1"), level: flow.Error, reason: "Cannot restock"},
				{in: key("2"), level: flow.OK, prompt: "LOCATION"},
				{in: scan("A-01"), level: flow.Error, reason: "quarantine location"},
				{in: scan("Q-1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "L2", Qty: 2, To: "Q-1", Doc: "RA-1", DocLine: 1, Note: "quarantine"})},
			},
		},
		{
			name: "unit never shipped from here is taken with a warning; station decides by its location",
			wf:   flow.Return, setup: shipped, ctx: flow.Context{Location: "Q-1", Unattended: true},
			steps: []step{
				{in: scan("(01)" + gSerial + "(21)S77"), level: flow.Warning, reason: "No shipment", acts: 1, check: actionIs(0, inventory.Event{Serial: "S77", To: "Q-1", Note: "quarantine"})},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, reason: "went out on SO-1", acts: 1, check: actionIs(0, inventory.Event{Qty: 1, Doc: "SO-1"})},
			},
		},
	})
}

func TestCount(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "count a bin: difference warned, uncounted lines confirmed as zero",
			wf:   flow.Count, setup: stocked, start: "Scan LOCATION",
			steps: []step{
				{in: scan(gLot), level: flow.Error, reason: "That is an item"},
				{in: scan("A-02"), level: flow.OK, reason: "1 line on record", prompt: "Scan ITEM"},
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK, prompt: "COUNTED"},
				{in: enter, level: flow.Error, reason: "0 if none"},
				{in: key("4"), level: flow.Warning, reason: "record had 5 (-1)", acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindCount, Lot: "L1", Qty: 4, To: "A-02"})},
				{in: scan("A-01"), level: flow.Error, reason: "Finish A-02 first"},
				{in: enter, level: flow.OK, reason: "done", prompt: "Scan LOCATION"},
				{in: scan("A-01"), level: flow.OK, reason: "6 lines"},
				{in: scan("(10)L2"), level: flow.Warning, reason: "noted"},
				{in: scan(gLot), level: flow.OK, prompt: "COUNTED"},
				{in: key("7"), level: flow.OK, reason: "matches", acts: 1},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, reason: "is here", acts: 1, prompt: "SERIAL"},
				{in: key("S1"), level: flow.Error, reason: "already counted"},
				{in: key("S3"), level: flow.Error, reason: "recorded at DOCK-1"},
				{in: enter, level: flow.OK, prompt: "Scan ITEM"},
				// S2 is on record at A-01 and was not scanned: counting
				// S1 says nothing of it; the end of the count does.
				{in: enter, level: flow.Warning, reason: "4 lines and 1 serial on record not counted", prompt: "rest are 0", check: infoHas("PUMP S2 missing")},
				{in: enter, level: flow.Warning, reason: "Count of A-01 done; 4 lines set to 0; 1 serial not found, written off: S2", acts: 5,
					check: actionIs(4, inventory.Event{Kind: inventory.KindAdjust, GTIN: gSerial, Serial: "S2", Qty: -1, From: "A-01", Note: flow.NoteNotFound})},
			},
			after: func(t *testing.T, c *flowtest.Catalog) {
				if c.StockOf("A-01", gPlain, "") != 0 || c.StockOf("A-01", gLot, "L2") != 7 || c.StockOf("A-02", gLot, "L1") != 4 {
					t.Fatal("counts not applied")
				}
				if n := c.StockOf("A-01", gSerial, ""); n != 1 {
					t.Fatalf("serialised units at A-01 after the count: %d, want 1 (S1; S2 written off)", n)
				}
				if st, err := c.Serial(gSerial, "S2"); err != nil || st.Status != inventory.SerialScrapped {
					t.Fatalf("S2 after the count: %+v, %v", st, err)
				}
			},
		},
		{
			name: "station count adds one per scan",
			wf:   flow.Count, setup: stocked, ctx: flow.Context{Location: "A-02", Unattended: true}, start: "Scan ITEM",
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Qty: 1})},
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Qty: 2})},
			},
		},
	})
}

func TestLookup(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "anything: location, product, lot with recall, serial with history, document, unknown",
			wf:   flow.Lookup, start: "Scan anything",
			setup: func(c *flowtest.Catalog) {
				shipped(c)
			},
			steps: []step{
				{in: scan("A-01"), level: flow.Warning, reason: "blocked lot", check: func(t *testing.T, out flow.Outcome) {
					infoHas("A-01 bin, W1")(t, out)
					infoHas("SAL500 LR ×4 RECALLED")(t, out)
					if !out.Prompt.Alert {
						t.Fatal("no alert for a recalled lot in the bin")
					}
				}},
				{in: scan(gLot), level: flow.OK, check: infoHas("DOCK-1 L1 ×10")},
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.Warning, reason: "Do not pick or ship this lot", check: infoHas("LOT LR IS RECALLED")},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, check: infoHas("ship 5 SO-1")},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, reason: "shipped", check: infoHas("pick 1 A-01→STG-1")},
				{in: key("S3"), level: flow.OK, reason: "picked at STG-1"},
				{in: key("PL-1"), level: flow.OK, check: infoHas("Pick PL-1 for SO-1")},
				{in: key("NOPE"), level: flow.Error, reason: "is no item"},
				{in: scan("(10)L2"), level: flow.Error, reason: "without item"},
				{in: enter, level: flow.None},
			},
		},
	})
}

var _ = flowtest.New
