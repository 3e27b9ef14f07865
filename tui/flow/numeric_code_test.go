package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// Numeric codes whose last digit happens to be a valid GS1 check digit,
// so gs1.Parse reads them as GTIN-8/-12/-13 though they are bin, document,
// serial or lot codes.
var (
	numBin    = withCheck("1234567")      // bin label, 8 digits
	numPO     = withCheck("21000000000")  // PO number, 12 digits
	numSerial = withCheck("400123456789") // manufacturer serial, 13 digits
	numLot    = withCheck("2026112")      // lot code, 8 digits
)

func numericCodes(c *flowtest.Catalog) {
	stocked(c)
	c.Add(
		inventory.Location{Code: numBin, Kind: inventory.LocBin, Warehouse: "W1"},
		inventory.PurchaseOrder{ID: numPO, Supplier: "Numbers Ltd", Status: inventory.DocOpen, Lines: []inventory.POLine{
			{Line: 1, GTIN: gLot, Qty: 10}, {Line: 2, GTIN: gSerial, Qty: 1},
		}},
	)
}

// TestNumericCodesThatLookLikeGTINs: a numeric location, document, serial
// or lot code that reads as a GTIN no product has is taken as the plain
// code; a known product's GTIN stays an item.
func TestNumericCodesThatLookLikeGTINs(t *testing.T) {
	if in := scan(numBin); in.GTIN == "" {
		t.Fatalf("%s does not read as a GTIN: the table tests nothing", numBin)
	}
	runCases(t, []flowCase{
		{
			name: "receive: numeric PO, lot and bin; serial",
			wf:   flow.Receive, setup: numericCodes,
			steps: []step{
				{in: scan(numPO), level: flow.OK, reason: "Numbers Ltd", prompt: "Scan ITEM"},
				{in: scan(gLot), level: flow.OK, prompt: "Scan LOT"},
				{in: scan(numLot), level: flow.OK, reason: "Lot " + numLot, prompt: "EXPIRY"},
				{in: key("271231"), level: flow.OK},
				{in: key("3"), level: flow.OK, prompt: "Scan LOCATION"},
				{in: scan(gPlain), level: flow.Error, reason: "That is an item"},
				{in: scan(numBin), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: numLot, Qty: 3, To: numBin, Doc: numPO})},
				{in: scan(gSerial), level: flow.OK, prompt: "SERIAL"},
				{in: scan(numSerial), level: flow.OK, reason: "Serial " + numSerial},
				{in: key(numBin), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Serial: numSerial, To: numBin})},
			},
		},
		{
			name: "put-away to a numeric bin",
			wf:   flow.Putaway, setup: numericCodes,
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK, prompt: "Key QTY"},
				{in: key("2"), level: flow.OK, prompt: "Scan TO"},
				{in: scan(numBin), level: flow.Warning, reason: "2 units → " + numBin, acts: 1, check: actionIs(0, inventory.Event{Lot: "L1", Qty: 2, From: "DOCK-1", To: numBin})},
			},
		},
		{
			name: "count a numeric bin",
			wf:   flow.Count, setup: numericCodes,
			steps: []step{
				{in: scan(numBin), level: flow.OK, prompt: "Scan ITEM"},
			},
		},
		{
			name: "look-up a numeric bin",
			wf:   flow.Lookup, setup: numericCodes,
			steps: []step{
				{in: scan(numBin), level: flow.OK, reason: "Location " + numBin},
				{in: scan(withCheck("7654321")), level: flow.Error, reason: "No product"},
			},
		},
	})
}
