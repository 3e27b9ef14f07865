package localdb

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// Test fixtures: products of each tracking mode and a few locations.
const (
	gtinNone   = "09506000000015" // quantity only
	gtinLot    = "09506000134352" // lot-tracked, expiry required
	gtinSerial = "09506000111117" // serialised, lots optional
	gtinExpiry = "09506000222226" // lot-tracked, no expiry required
)

// testNow is the fixed device clock of the tests: 2026-06-15 10:00 UTC.
var testNow = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// seedChanges is the master data every test database starts with.
func seedChanges() wire.Changes {
	return wire.Changes{
		Cursor: "c1",
		Operators: []inventory.Operator{
			{ID: "op1", Name: "Ana", Badge: "BADGE-1", PINHash: inventory.PINHash("op1", "1234"), Active: true, Version: 1},
		},
		Products: []inventory.Product{
			{GTIN: gtinNone, SKU: "BOX", Name: "Carton", Tracking: inventory.TrackNone, Version: 1},
			{GTIN: gtinLot, SKU: "MED", Name: "Saline", Tracking: inventory.TrackLot, ExpiryRequired: true, Version: 1},
			{GTIN: gtinSerial, SKU: "PUMP", Name: "Pump", Tracking: inventory.TrackSerial, Version: 1},
			{GTIN: gtinExpiry, SKU: "GLOVE", Name: "Gloves", Tracking: inventory.TrackLot, Version: 1},
		},
		Locations: []inventory.Location{
			{Code: "DOCK1", Kind: inventory.LocDock, Warehouse: "W1", Version: 1},
			{Code: "A-01", Barcode: "9506000000008/A1", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "STAGE", Kind: inventory.LocStaging, Warehouse: "W1", Version: 1},
			{Code: "QUAR", Kind: inventory.LocQuarantine, Warehouse: "W1", Version: 1},
		},
		Lots: []inventory.Lot{
			{GTIN: gtinLot, Lot: "L-OLD", Expiry: "2026-01-31", Status: inventory.LotReleased, Version: 1},
			{GTIN: gtinLot, Lot: "L-QUAR", Expiry: "2027-01-31", Status: inventory.LotQuarantine, Version: 1},
			{GTIN: gtinLot, Lot: "L-RECALL", Expiry: "2027-01-31", Status: inventory.LotRecalled, Version: 1},
		},
		PurchaseOrders: []inventory.PurchaseOrder{
			{ID: "PO-1", Supplier: "Acme Pharma", Status: inventory.DocOpen, Version: 1, Lines: []inventory.POLine{
				{Line: 1, GTIN: gtinLot, Qty: 100}, {Line: 2, GTIN: gtinSerial, Qty: 3}}},
		},
		PickLists: []inventory.PickList{
			{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1, Lines: []inventory.PickLine{
				{Line: 1, GTIN: gtinLot, Lot: "L-A", Qty: 10, From: "A-01"}, {Line: 2, GTIN: gtinSerial, Qty: 1}}},
		},
		SalesOrders: []inventory.SalesOrder{
			{ID: "SO-1", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1, Lines: []inventory.SOLine{{Line: 1, GTIN: gtinLot, Qty: 10}}},
		},
	}
}

// openTest opens a fresh database in a temp dir with the seed data.
func openTest(tb testing.TB, opt Options) *DB {
	tb.Helper()
	if opt.Now == nil {
		opt.Now = fixedNow
	}
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "terminal.db"), opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.SetDevice(context.Background(), "term-1"); err != nil {
		tb.Fatal(err)
	}
	if err := db.ApplyChanges(context.Background(), seedChanges()); err != nil {
		tb.Fatal(err)
	}
	return db
}

// mustAppend appends or fails the test.
func mustAppend(tb testing.TB, db *DB, d inventory.Event) inventory.Event {
	tb.Helper()
	if d.Operator == "" {
		d.Operator = "op1"
	}
	ev, err := db.Append(context.Background(), d)
	if err != nil {
		tb.Fatalf("append %+v: %v", d, err)
	}
	return ev
}

func receive(gtin, lot, serial, expiry string, qty int64, to string) inventory.Event {
	return inventory.Event{Kind: inventory.KindReceive, GTIN: gtin, Lot: lot, Serial: serial, Expiry: expiry, Qty: qty, To: to, Doc: "PO-1", DocLine: 1}
}

func move(kind inventory.EventKind, gtin, lot, serial string, qty int64, from, to string) inventory.Event {
	return inventory.Event{Kind: kind, GTIN: gtin, Lot: lot, Serial: serial, Qty: qty, From: from, To: to}
}
