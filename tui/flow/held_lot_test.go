package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestHeldLotGoesToQuarantine: a recalled or quarantined lot is named as
// such when it is scanned, is refused into a pickable bin before anything
// is recorded, and Enter never offers a bin for it but a quarantine
// location.
func TestHeldLotGoesToQuarantine(t *testing.T) {
	recalledOnDock := func(c *flowtest.Catalog) {
		stocked(c) // LR is recalled, 4 at A-01
		c.SetStock("DOCK-1", gLot, "LR", 2)
	}
	runCases(t, []flowCase{
		{
			name: "receive: warned at the scan, bin refused, Enter takes the quarantine location",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"}, setup: stocked,
			steps: []step{
				{in: scan(gPlain), level: flow.OK},
				{in: key("1"), level: flow.OK},
				{in: scan("A-01"), level: flow.OK, acts: 1},
				{in: scan("(01)" + gLot + "(17)280131(10)LR"), level: flow.Warning, reason: "Lot LR is RECALLED: receive it into quarantine", prompt: "Key QTY"},
				{in: key("1"), level: flow.OK, prompt: "Scan LOCATION", check: func(t *testing.T, out flow.Outcome) {
					// Not the bin the last receipt went to: the quarantine
					// location, though none holds the lot yet.
					if out.Prompt.Suggest != "Q-1" || out.Prompt.Why != "lot RECALLED: Enter = Q-1" {
						t.Fatalf("prompt offers %q (%q), want Q-1 and the reason", out.Prompt.Suggest, out.Prompt.Why)
					}
				}},
				{in: scan("A-01"), level: flow.Error, reason: "Lot LR is RECALLED: A-01 is a pickable bin, scan a quarantine location"},
				{in: enter, level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "LR", Qty: 1, To: "Q-1"})},
			},
		},
		{
			name: "receive: a held lot left on the dock is recorded with where it must go",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"}, setup: stocked,
			steps: []step{
				{in: scan("(01)" + gLot + "(17)280131(10)LR"), level: flow.Warning, prompt: "Key QTY"},
				{in: key("2"), level: flow.OK, prompt: "Scan LOCATION"},
				{in: scan("DOCK-1"), level: flow.Warning, reason: "Received 2 × SAL500 → DOCK-1; lot LR is RECALLED: move it to Q-1", acts: 1},
			},
		},
		{
			name: "put-away: warned at the quantity, quarantine offered, bin refused",
			wf:   flow.Putaway, setup: recalledOnDock,
			steps: []step{
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.Warning, reason: "lot is RECALLED, put it in a quarantine location", prompt: "Scan TO", check: suggests("Q-1")},
				{in: scan("A-02"), level: flow.Error, reason: "A-02 is a pickable bin"},
				{in: scan("Q-1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "LR", Qty: 1, From: "DOCK-1", To: "Q-1"})},
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.OK, prompt: "Scan FROM"},
				{in: scan("DOCK-1"), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.Warning, check: suggests("Q-1")},
			},
		},
		{
			name: "put-away in another warehouse: its own quarantine, and never from quarantine",
			wf:   flow.Putaway,
			setup: func(c *flowtest.Catalog) {
				stocked(c) // LR recalled
				c.Add(inventory.Location{Code: "DOCK-2", Kind: inventory.LocDock, Warehouse: "W2"},
					inventory.Location{Code: "Q-2", Kind: inventory.LocQuarantine, Warehouse: "W2"})
				c.SetStock("Q-1", gLot, "LR", 9) // most of the lot sits in W1's quarantine
				c.SetStock("DOCK-2", gLot, "LR", 3)
			},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.OK, prompt: "Scan FROM", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest == "Q-1" {
						t.Fatal("FROM offers the quarantine location the recalled lot is kept in")
					}
				}},
				{in: scan("DOCK-2"), level: flow.OK, prompt: "Key QTY"},
				{in: key("3"), level: flow.Warning, check: suggests("Q-2")},
				{in: enter, level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "LR", Qty: 3, From: "DOCK-2", To: "Q-2"})},
			},
		},
		{
			name: "a station booking into quarantine is not warned",
			wf:   flow.Move, setup: stocked, ctx: flow.Context{Location: "Q-1", Unattended: true},
			steps: []step{
				{in: scan("A-01"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.OK, acts: 1},
			},
		},
		{
			name: "return of a recalled lot: restock refused in plain words",
			wf:   flow.Return,
			setup: func(c *flowtest.Catalog) {
				shipped(c)
				c.Add(inventory.Lot{GTIN: gLot, Lot: "L2", Expiry: "2027-03-31", Status: inventory.LotRecalled})
			},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK},
				{in: key("1"), level: flow.Error, reason: "Cannot restock: Lot L2 is RECALLED. Quarantine it (2)"},
			},
		},
		{
			name: "return station at a bin: the refusal names what a station can do",
			wf:   flow.Return, ctx: flow.Context{Location: "A-01", Unattended: true},
			setup: func(c *flowtest.Catalog) {
				shipped(c)
				c.Add(inventory.Lot{GTIN: gLot, Lot: "L2", Expiry: "2027-03-31", Status: inventory.LotRecalled})
			},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Error, reason: "Return it at a quarantine location (station --location)"},
			},
		},
	})
}
