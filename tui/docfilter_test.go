package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

// Keys typed over the F2 list filter it and go nowhere else: "PO-1001"
// keyed with the list open narrows it to PO-1001 (no letter dropped, no
// "1" picking line 1, nothing left on the entry line), Enter takes it.
func TestDocListTypingFilters(t *testing.T) {
	db := openDB(t)
	err := db.ApplyChanges(context.Background(), wire.Changes{Cursor: "c2",
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-1001", Supplier: "Acme Medical", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.POLine{{Line: 1, GTIN: gtinLot, Qty: 5}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.key("f2")
	h.must("2 open: 1-9")
	for _, r := range "PO-1001" {
		h.key(string(r))
	}
	h.must("1 match PO-1001", "PO-1001 Acme Medical")
	h.mustNot("PO-1 Acme Pharma")
	golden(t, h, "receive_f2_filtered")
	h.key("enter")
	h.must("Receive · PO-1001", "Scan ITEM")
	h.mustNot("Scan PO")

	// A filter nothing matches: Enter keys it, and the engine says so.
	h.key("esc")
	h.key("esc")
	h.key("1")
	h.key("f2")
	for _, r := range "PO-9" {
		h.key(string(r))
	}
	h.must("0 match PO-9", "none match: Enter keys it")
	h.key("enter")
	h.must("PO-9")
	h.mustNot("Scan ITEM")
}

// TestDocListDropsDoneDocuments: a PO received in full leaves the F2 list
// of open POs; keyed anyway, the screen says it is done.
func TestDocListDropsDoneDocuments(t *testing.T) {
	db := openDB(t)
	put(t, db,
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinLot, Lot: "L-A", Expiry: "2027-06-30", Qty: 100, To: "DOCK1", Doc: "PO-1", DocLine: 1},
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S1", Qty: 1, To: "DOCK1", Doc: "PO-1", DocLine: 2},
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S2", Qty: 1, To: "DOCK1", Doc: "PO-1", DocLine: 2},
	)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.key("f2")
	h.must("0 open", "none: scan or key the number")
	h.key("esc")
	h.typeSlow("PO-1")
	h.must("PO-1 is already done")
}

// TestDocLinesNameLikeLookup: a product without a SKU is named by its name
// in the F2 lines, as Look-up and the prompts name it (not by its GTIN).
func TestDocLinesNameLikeLookup(t *testing.T) {
	db := openDB(t)
	const noSKU = "09506000134406"
	err := db.ApplyChanges(context.Background(), wire.Changes{Cursor: "c2",
		Products: []inventory.Product{{GTIN: noSKU, Name: "FFP2 masks", Tracking: inventory.TrackNone, Version: 1}},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-7", Supplier: "Acme", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.POLine{{Line: 1, GTIN: noSKU, Qty: 5}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	lines, err := docLines(catalog.New(context.Background(), db), flow.Receive, "PO-7")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || !strings.HasPrefix(lines[0].text, "  1 FFP2 masks 0/5") {
		t.Fatalf("PO-7 lines = %+v", lines)
	}
}
