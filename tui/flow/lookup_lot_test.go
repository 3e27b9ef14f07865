package flow_test

import (
	"github.com/scanterm/scanterm/inventory"
	"testing"

	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestLookupLotByCode: a lot code alone, keyed or scanned as a plain
// code, finds its lot — "where is lot L?" — without a product scan first.
func TestLookupLotByCode(t *testing.T) {
	alerts := func(want bool) func(t *testing.T, out flow.Outcome) {
		return func(t *testing.T, out flow.Outcome) {
			t.Helper()
			if out.Prompt.Alert != want {
				t.Fatalf("alert %v, want %v (%q)", out.Prompt.Alert, want, out.Prompt.Info)
			}
		}
	}
	runCases(t, []flowCase{
		{
			name: "lot codes of one product, of two, and unknown codes",
			wf:   flow.Lookup,
			setup: func(c *flowtest.Catalog) {
				stocked(c)
				c.SetStock("A-02", gOther, "L1", 4) // L1 is also a lot of MASK
			},
			steps: []step{
				{in: key("L2"), level: flow.OK, reason: "Lot L2", check: checks(infoHas("SAL500 Saline"), infoHas("Lot L2 exp 2027-03-31"), infoHas("At A-01 ×7"), alerts(false))},
				{in: scan("LQ"), level: flow.Warning, reason: "Do not pick or ship this lot", check: checks(infoHas("LOT LQ IS QUARANTINE"), infoHas("At A-01 ×4"), alerts(true))},
				{in: key("L1"), level: flow.OK, reason: "Lot L1 of 2 products", check: checks(infoHas("SAL500 Saline 500ml ×15"), infoHas("MASK Masks ×4"))},
				{in: key("L7"), level: flow.Error, reason: "is no item, lot, serial, place or document"},
				{in: key("A-02"), level: flow.OK, reason: "Location A-02"},
			},
		},
	})
}

// TestLookupKnowsLotsWithoutStock: a lot the terminal knows with nothing
// on hand (expired and gone, all shipped) is found by its code alone, as
// are documents, places and serials with nothing in stock.
func TestLookupKnowsLotsWithoutStock(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "a known lot with no stock, an empty place, a document",
			wf:   flow.Lookup,
			setup: func(c *flowtest.Catalog) {
				stocked(c)
				c.Add(inventory.Lot{GTIN: gLot, Lot: "S24-001", Expiry: "2025-06-30"})
			},
			steps: []step{
				{in: key("S24-001"), level: flow.Warning, reason: "Lot S24-001 expired on 2025-06-30", check: checks(infoHas("SAL500 Saline"), infoHas("Lot S24-001 exp 2025-06-30"), infoHas("EXPIRED"))},
				{in: key("Q-1"), level: flow.OK, reason: "Location Q-1", check: infoHas("Empty")},
				{in: key("PO-1"), level: flow.OK, reason: "Document PO-1"},
			},
		},
	})
}
