package flow_test

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestPickLineFEFOInfo: the pick line shows a FEFO suggestion only when
// there is a lot or expiry to name; never an empty "FEFO:" line.
func TestPickLineFEFOInfo(t *testing.T) {
	for _, tc := range []struct {
		name    string
		gtin    string
		stock   func(c *flowtest.Catalog)
		want    string // an Info line that must be there ("" = none)
		suggest string
	}{
		{name: "serial product, units without lots", gtin: gSerial,
			stock: func(c *flowtest.Catalog) { c.SetStock("A-02", gSerial, "", 3) }},
		{name: "serial product, none in stock", gtin: gSerial, stock: func(c *flowtest.Catalog) {}},
		{name: "serial product with lots", gtin: gSerial, want: "FEFO K1", suggest: "K1",
			stock: func(c *flowtest.Catalog) { c.SetStock("A-02", gSerial, "K1", 2) }},
		{name: "untracked product", gtin: gPlain,
			stock: func(c *flowtest.Catalog) { c.SetStock("A-02", gPlain, "", 3) }},
		{name: "lot product", gtin: gLot, want: "FEFO L2 2027-03-31", suggest: "L2", stock: stocked},
		{name: "lot product, nothing pickable", gtin: gLot, want: "No pickable lot in stock", stock: func(c *flowtest.Catalog) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := demo()
			tc.stock(c)
			c.Add(inventory.PickList{ID: "PL-7", SalesOrder: "SO-7", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: tc.gtin, Qty: 1}}})
			_, out := flow.Start(flow.Pick, flow.Context{PickList: "PL-7", Location: "STG-1", Operator: "op1", Today: today}, c)
			if out.Prompt.Text != "Scan ITEM" {
				t.Fatalf("prompt %q, want the pick line", out.Prompt.Text)
			}
			found := tc.want == ""
			for _, l := range out.Prompt.Info {
				if strings.TrimSpace(strings.TrimSuffix(l, ":")) == "FEFO" || strings.HasSuffix(l, ": ") {
					t.Fatalf("empty line %q in %q", l, out.Prompt.Info)
				}
				if tc.want == "" && strings.HasPrefix(l, "FEFO") || tc.gtin != gLot && strings.Contains(l, "No pickable lot") {
					t.Fatalf("lot line %q for a product picked without one: %q", l, out.Prompt.Info)
				}
				if tc.want != "" && l == tc.want {
					found = true
				}
			}
			if !found {
				t.Fatalf("info %q lacks %q", out.Prompt.Info, tc.want)
			}
			if s := flow.Refresh(mustStart(t, c), c).Prompt.Suggest; s != "" && tc.suggest == "" {
				t.Fatalf("suggests %q with no lot to suggest", s)
			}
		})
	}
}

// TestPickFEFOWarningIgnoresLotlessStock: stock without a lot is no FEFO
// suggestion to warn about: no "FEFO suggests  (exp )" with blanks.
func TestPickFEFOWarningIgnoresLotlessStock(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "lot product with some stock booked without a lot",
			wf:   flow.Pick, ctx: flow.Context{PickList: "PL-8", Location: "STG-1"},
			setup: func(c *flowtest.Catalog) {
				c.SetStock("A-01", gOther, "", 2)
				c.SetStock("A-01", gOther, "M1", 3)
				c.SetStock("A-02", gOther, "M2", 3)
				c.Add(inventory.PickList{ID: "PL-8", SalesOrder: "SO-8", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gOther, Qty: 1}}})
			},
			start: "Scan ITEM",
			steps: []step{
				{in: scan("(01)" + gOther + "(10)M1"), level: flow.OK, reason: "Lot M1", prompt: "Key QTY"},
				{esc: true, level: flow.None, prompt: "Scan ITEM", check: infoHas("FEFO M1")},
				{in: scan("(01)" + gOther + "(10)M2"), level: flow.Warning, reason: "Lot M2; FEFO suggests M1"},
			},
		},
	})
}

func mustStart(t *testing.T, c *flowtest.Catalog) flow.State {
	t.Helper()
	st, _ := flow.Start(flow.Pick, flow.Context{PickList: "PL-7", Location: "STG-1", Operator: "op1", Today: today}, c)
	return st
}
