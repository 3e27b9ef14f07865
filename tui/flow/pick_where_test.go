package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// TestPickLineSaysWhereToGo: a pick line naming no from-location still
// says where to go — the FEFO lot's place, or where the product is.
func TestPickLineSaysWhereToGo(t *testing.T) {
	for _, tc := range []struct {
		name string
		line inventory.PickLine
		want string
	}{
		{"lot product, no lot listed: the FEFO lot's place", inventory.PickLine{Line: 1, GTIN: gLot, Qty: 1}, "From A-01 → STG-1"},
		{"lot listed, no place: where that lot is", inventory.PickLine{Line: 1, GTIN: gLot, Lot: "L1", Qty: 1}, "From DOCK-1 → STG-1"},
		{"untracked product: where it is", inventory.PickLine{Line: 1, GTIN: gPlain, Qty: 1}, "From A-01 → STG-1"},
		{"place listed: the list's", inventory.PickLine{Line: 1, GTIN: gPlain, Qty: 1, From: "A-02"}, "From A-02 → STG-1"},
		{"serial product: where a unit is", inventory.PickLine{Line: 1, GTIN: gSerial, Qty: 1}, "From A-01 → STG-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := demo()
			stocked(c)
			c.SetStock("A-01", gSerial, "", 2) // S1, S2 as stock rows, as localdb keeps them
			c.Add(inventory.PickList{ID: "PL-7", SalesOrder: "SO-7", Status: inventory.DocOpen, Lines: []inventory.PickLine{tc.line}})
			_, out := flow.Start(flow.Pick, flow.Context{PickList: "PL-7", Location: "STG-1", Operator: "op1", Today: today}, c)
			infoIs(tc.want)(t, out)
		})
	}
}
