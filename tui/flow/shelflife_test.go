package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// hospital is stocked (L1 expires 2027-12-31, L2 2027-03-31; today is
// 2026-11-26) with an order of a customer who takes only lots with 180
// days left (2027-05-25 or later): L2 is short, L1 qualifies.
func hospital(productDays int, listed string) func(c *flowtest.Catalog) {
	return func(c *flowtest.Catalog) {
		stocked(c)
		c.Add(
			inventory.Product{GTIN: gLot, SKU: "SAL500", Name: "Saline 500ml", Tracking: inventory.TrackLot, ExpiryRequired: true, MinShelfLifeDays: productDays},
			inventory.SalesOrder{ID: "SO-9", Customer: "Hospital", Status: inventory.DocOpen, MinShelfLifeDays: 180, Lines: []inventory.SOLine{{Line: 1, GTIN: gLot, Qty: 4}}},
			inventory.PickList{ID: "PL-9", SalesOrder: "SO-9", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gLot, Lot: listed, Qty: 2}}},
		)
	}
}

func TestShelfLife(t *testing.T) {
	pick := flow.Context{PickList: "PL-9", Location: "STG-1"}
	runCases(t, []flowCase{
		{name: "pick: a short lot is refused with the date and the lot that qualifies", wf: flow.Pick, ctx: pick, setup: hospital(0, ""),
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Error, reason: "Lot L2 expires 2027-03-31: Hospital needs 2027-05-25 or later (180 days): take lot L1 at "},
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK},
			}},
		{name: "pick: FEFO suggests the first lot that qualifies", wf: flow.Pick, ctx: pick, setup: hospital(0, ""),
			steps: []step{
				{in: scan(gLot), level: flow.OK, prompt: "LOT", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Why != "verify: scan lot L1" {
						t.Fatalf("why %q, want lot L1 (L2 is short)", out.Prompt.Why)
					}
					infoHas("FEFO L1 2027-12-31")(t, out)
				}},
			}},
		{name: "pick: the product's rule wins when stricter; nothing qualifies", wf: flow.Pick, ctx: pick, setup: hospital(401, ""),
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Error, reason: "Lot L1 expires 2027-12-31: SAL500 needs 2028-01-01 or later (401 days): no lot in stock qualifies"},
			}},
		{name: "pick: the label's expiry is judged", wf: flow.Pick, ctx: pick, setup: hospital(0, ""),
			steps: []step{
				{in: scan("(01)" + gLot + "(17)270401(10)L7"), level: flow.Error, reason: "Lot L7 expires 2027-04-01"},
			}},
		{name: "pick: a listed lot that is short needs no reason to replace", wf: flow.Pick, ctx: pick, setup: hospital(0, "L2"),
			steps: []step{
				{in: flow.Input{Raw: "", Cmd: flow.CmdSkip}, level: flow.OK, check: infoHas("Lot L2 SHORT-DATED: do not pick")},
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning, reason: "Listed lot L2 is short-dated: picking lot L1"},
			}},
		{name: "ship: a short lot is refused", wf: flow.Ship, ctx: flow.Context{SalesOrder: "SO-9"},
			setup: func(c *flowtest.Catalog) {
				hospital(0, "")(c)
				c.SetStock("STG-1", gLot, "L2", 2)
			},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Error, reason: "Hospital needs 2027-05-25 or later"},
			}},
		{name: "no rule: a short-dated lot picks as before", wf: flow.Pick, ctx: pick, setup: func(c *flowtest.Catalog) {
			hospital(0, "")(c)
			c.Add(inventory.SalesOrder{ID: "SO-9", Customer: "Hospital", Status: inventory.DocOpen, Lines: []inventory.SOLine{{Line: 1, GTIN: gLot, Qty: 4}}})
		},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK},
			}},
	})
}
