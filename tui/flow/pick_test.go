package flow_test

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

func pickLists(c *flowtest.Catalog) {
	stocked(c)
	c.Add(
		inventory.SalesOrder{ID: "SO-1", Customer: "Clinic North", Status: inventory.DocOpen, Lines: []inventory.SOLine{
			{Line: 1, GTIN: gLot, Qty: 7}, {Line: 2, GTIN: gSerial, Qty: 2},
		}},
		inventory.PickList{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Lines: []inventory.PickLine{
			{Line: 1, GTIN: gLot, Lot: "L2", Qty: 5, From: "A-01"},
			{Line: 2, GTIN: gSerial, Qty: 2},
			{Line: 3, GTIN: gLot, Qty: 2},
		}},
		inventory.PickList{ID: "PL-2", SalesOrder: "SO-1", Status: inventory.DocOpen, Lines: []inventory.PickLine{
			{Line: 1, GTIN: gLot, Lot: "L2", Qty: 1, From: "A-01"},
			{Line: 2, GTIN: gPlain, Qty: 1, From: "A-01"},
		}},
	)
}

func infoHas(sub string) func(t *testing.T, out flow.Outcome) {
	return func(t *testing.T, out flow.Outcome) {
		t.Helper()
		for _, l := range out.Prompt.Info {
			if strings.Contains(l, sub) {
				return
			}
		}
		t.Fatalf("prompt info %q lacks %q", out.Prompt.Info, sub)
	}
}

func TestPick(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "whole list: listed lot, serials per unit, FEFO line with blocked lots refused",
			wf:   flow.Pick, setup: pickLists, start: "PICK LIST",
			steps: []step{
				{in: key("PL-1"), level: flow.OK, prompt: "DROP"},
				{in: scan(gLot), level: flow.Error, reason: "That is an item"},
				{in: scan("STG-1"), level: flow.OK, prompt: "Scan ITEM", check: infoHas("Lot L2")},
				{in: scan(gPlain), level: flow.Error, reason: "Wrong item GLOVE: line 1 wants SAL500"},
				{in: scan("(10)L2"), level: flow.Warning, reason: "noted"},
				{in: scan(gLot), level: flow.OK, prompt: "Key QTY", check: infoHas("From A-01")},
				{in: key("6"), level: flow.Error, reason: "needs only 5"},
				{in: key("5"), level: flow.OK, acts: 1, prompt: "Scan ITEM", check: func(t *testing.T, out flow.Outcome) {
					actionIs(0, inventory.Event{Kind: inventory.KindPick, GTIN: gLot, Lot: "L2", Qty: 5, From: "A-01", To: "STG-1", Doc: "PL-1", DocLine: 1})(t, out)
					infoHas("Line 2 of 3")(t, out)
				}},
				{in: scan("(01)" + gSerial + "(21)S3"), level: flow.OK, reason: "1 left", acts: 1, prompt: "SERIAL", check: actionIs(0, inventory.Event{Serial: "S3", Qty: 1, From: "DOCK-1", DocLine: 2})},
				{in: key("S3"), level: flow.Error, reason: "picked, not in stock"},
				{in: key("S1"), level: flow.OK, acts: 1, prompt: "Scan ITEM", check: infoHas("FEFO L2 2027-03-31")},
				{in: scan("(01)" + gLot + "(10)LR"), level: flow.Error, reason: "RECALLED"},
				{in: scan("(01)" + gLot + "(10)LQ"), level: flow.Error, reason: "quarantine"},
				{in: scan("(01)" + gLot + "(10)LX"), level: flow.Error, reason: "expired on 2026-10-31"},
				{in: scan("(01)" + gLot + "(17)261001(10)L1"), level: flow.Error, reason: "expired on 2026-10-01"},
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning, reason: "FEFO suggests L2", prompt: "Scan FROM"},
				{in: scan("A-02"), level: flow.OK, prompt: "Key QTY"},
				{in: enter, level: flow.OK, acts: 1, prompt: "PICK LIST", check: func(t *testing.T, out flow.Outcome) {
					if !out.Done {
						t.Fatal("last line picked but not done")
					}
					actionIs(0, inventory.Event{Lot: "L1", Qty: 2, From: "A-02", DocLine: 3})(t, out)
				}},
			},
			after: func(t *testing.T, c *flowtest.Catalog) {
				if c.StockOf("STG-1", gLot, "L2") != 5 || c.StockOf("A-01", gLot, "L2") != 2 {
					t.Fatal("picked stock not at the drop location")
				}
				if st, _ := c.Serial(gSerial, "S1"); st.Status != inventory.SerialPicked || st.Location != "STG-1" {
					t.Fatalf("serial S1 %+v", st)
				}
			},
		},
		{
			name: "a lot other than the list's needs a recorded reason",
			wf:   flow.Pick, setup: pickLists, ctx: flow.Context{PickList: "PL-2", Location: "STG-1"}, start: "Scan ITEM",
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning, reason: "not the list's L2", prompt: "Why lot L1?", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Want != flow.WantChoice || len(out.Prompt.Choices) != 3 {
						t.Fatalf("want a choice of reasons, got %+v", out.Prompt)
					}
				}},
				{in: enter, level: flow.Error, reason: "Key 1-3"},
				{in: key("1"), level: flow.Warning, reason: "None at A-01", prompt: "Scan FROM"},
				{in: scan("A-02"), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "L1", From: "A-02", Override: "listed lot not found"})},
				{in: skip, level: flow.OK, reason: "later"},
				{in: skip, level: flow.OK, reason: "later"},
				{in: scan("A-01"), level: flow.OK, reason: "At A-01"},
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK, acts: 1},
			},
		},
		{
			name: "scanning the listed lot at the reason prompt needs no override",
			wf:   flow.Pick, setup: pickLists, ctx: flow.Context{PickList: "PL-2", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK, acts: 1, check: func(t *testing.T, out flow.Outcome) {
					if out.Actions[0].Override != "" || out.Actions[0].Lot != "L2" {
						t.Fatalf("%+v", out.Actions[0])
					}
				}},
			},
		},
		{
			name: "short stock: part of the line picked, the rest asked for again",
			wf:   flow.Pick, ctx: flow.Context{PickList: "PL-3", Location: "STG-1"},
			setup: func(c *flowtest.Catalog) {
				pickLists(c)
				c.Add(inventory.PickList{ID: "PL-3", SalesOrder: "SO-1", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gPlain, Qty: 6, From: "A-01"}}})
			},
			steps: []step{
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "4" {
						t.Fatalf("suggest %q, want the 4 there are", out.Prompt.Suggest)
					}
				}},
				{in: enter, level: flow.OK, acts: 1, prompt: "Scan ITEM", check: infoHas("pick 2")},
				{in: scan(gPlain), level: flow.Error, reason: "No GLOVE in stock", prompt: "Scan ITEM", check: infoHas("pick 2")},
				{in: skip, level: flow.OK},
			},
		},
		{
			name: "station: no person to give an override",
			wf:   flow.Pick, setup: pickLists, ctx: flow.Context{PickList: "PL-2", Location: "STG-1", Unattended: true},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Error, reason: "needs a person"},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Qty: 1, Lot: "L2"})},
			},
		},
	})
}
