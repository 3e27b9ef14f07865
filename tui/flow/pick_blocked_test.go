package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// blockedLists: PL-R lists recalled lot LR, PL-Q quarantined lot LQ, PL-S
// a serial of recalled lot K1 (unit S4 is of lot K2).
func blockedLists(c *flowtest.Catalog) {
	stocked(c)
	c.Add(
		inventory.Lot{GTIN: gSerial, Lot: "K1", Status: inventory.LotRecalled},
		inventory.PickList{ID: "PL-R", SalesOrder: "SO-R", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gLot, Lot: "LR", Qty: 2}}},
		inventory.PickList{ID: "PL-Q", SalesOrder: "SO-Q", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gLot, Lot: "LQ", Qty: 2}}},
		inventory.PickList{ID: "PL-S", SalesOrder: "SO-S", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gSerial, Lot: "K1", Qty: 1}}},
	)
	c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S4", Lot: "K2", Status: inventory.SerialInStock, Location: "A-01"})
}

// TestPickListedLotBlocked: a pick line whose listed lot may not be picked
// says so before anything is scanned, offers the FEFO lot, takes a
// pickable lot without asking for a reason (recording why), and shows the
// lot being picked.
func TestPickListedLotBlocked(t *testing.T) {
	t.Run("line shows the block and the FEFO lot", func(t *testing.T) {
		c := demo()
		blockedLists(c)
		st, out := flow.Start(flow.Pick, flow.Context{PickList: "PL-R", Location: "STG-1", Operator: "op1", Today: today}, c)
		infoIs("Lot LR RECALLED: do not pick")(t, out)
		infoIs("Pick FEFO L2 2027-03-31")(t, out)
		if !out.Prompt.Alert {
			t.Fatal("a recalled listed lot must raise the alert")
		}
		_, out = flow.Step(st, c, scan(gLot))
		if out.Prompt.Text != "Scan LOT" || out.Prompt.Why != "verify: scan lot L2" || out.Prompt.Suggest != "" {
			t.Fatalf("lot prompt %q (%q) suggests %q, want Scan LOT naming L2, nothing for Enter", out.Prompt.Text, out.Prompt.Why, out.Prompt.Suggest)
		}
	})
	runCases(t, []flowCase{
		{
			name: "recalled listed lot: the FEFO lot is picked with the reason recorded",
			wf:   flow.Pick, setup: blockedLists, ctx: flow.Context{PickList: "PL-R", Location: "STG-1"},
			steps: []step{
				// The refusal says what to do next: the FEFO lot, where it is.
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.Error, reason: "Lot LR is RECALLED: set it aside, pick lot L2 at A-01 (FEFO)"},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Warning, reason: "Listed lot LR is recalled: picking lot L2", prompt: "Key QTY", check: infoIs("Lot L2 (list: LR)")},
				{in: key("2"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindPick, Lot: "L2", Qty: 2, From: "A-01", To: "STG-1", Override: "listed lot recalled"})},
			},
		},
		{
			name: "quarantined listed lot: another lot than FEFO is taken, FEFO still warned",
			wf:   flow.Pick, setup: blockedLists, ctx: flow.Context{PickList: "PL-Q", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning, reason: "FEFO suggests L2", prompt: "Scan FROM"},
			},
		},
		{
			name: "station: a blocked listed lot needs no person",
			wf:   flow.Pick, setup: blockedLists, ctx: flow.Context{PickList: "PL-R", Location: "STG-1", Unattended: true},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Warning, reason: "is recalled", acts: 1, check: actionIs(0, inventory.Event{Lot: "L2", Qty: 1, Override: "listed lot recalled"})},
			},
		},
		{
			name: "serial of another lot when the listed lot is recalled",
			wf:   flow.Pick, setup: blockedLists, ctx: flow.Context{PickList: "PL-S", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gSerial + "(21)S4"), level: flow.Warning, reason: "Listed lot K1 is recalled: picking lot K2", acts: 1, check: actionIs(0, inventory.Event{Serial: "S4", Lot: "K2", Override: "listed lot recalled"})},
			},
		},
		{
			name: "a recalled lot scanned on a line that lists a pickable one: pick the listed lot",
			wf:   flow.Pick, setup: pickLists, ctx: flow.Context{PickList: "PL-1", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.Error, reason: "Lot LR is RECALLED: set it aside, pick lot L2"},
			},
		},
		{
			name: "nothing else to pick: the refusal says to skip the line",
			wf:   flow.Pick, ctx: flow.Context{PickList: "PL-M", Location: "STG-1"},
			setup: func(c *flowtest.Catalog) {
				c.Add(inventory.Lot{GTIN: gOther, Lot: "M1", Expiry: "2028-01-31", Status: inventory.LotRecalled},
					inventory.PickList{ID: "PL-M", SalesOrder: "SO-M", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gOther, Qty: 2}}})
				c.SetStock("A-01", gOther, "M1", 5)
			},
			steps: []step{
				{in: scan("(01)" + gOther + "(10)M1"), level: flow.Error, reason: "Lot M1 is RECALLED: set it aside; no other lot to pick: skip the line (F3), tell a supervisor"},
			},
		},
		{
			name: "a pickable listed lot still needs a reason for another lot",
			wf:   flow.Pick, setup: pickLists, ctx: flow.Context{PickList: "PL-1", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning, reason: "give a reason", prompt: "Why lot L1?"},
			},
		},
	})
}
