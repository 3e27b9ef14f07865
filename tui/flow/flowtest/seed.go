package flowtest

import (
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// Seed is what a catalog under contract starts from: master data and
// documents as the hub sends them, then events recorded in order (valid
// under the ledger's rules, each with its lot given). Stock, serial state,
// document progress and lots first seen in a receipt all follow from the
// events.
type Seed struct {
	Products       []inventory.Product
	Locations      []inventory.Location
	Lots           []inventory.Lot
	PurchaseOrders []inventory.PurchaseOrder
	PickLists      []inventory.PickList
	SalesOrders    []inventory.SalesOrder
	ReturnAuths    []inventory.ReturnAuth
	Events         []inventory.Event
}

// ContractNow is the clock of the contract's world: a ledger recording the
// seed events must read it (a pick or ship of a lot expired on it is
// refused), and FEFO is asked about its day.
var ContractNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// FromSeed is the in-memory catalog of a seed: its data added, its events
// applied.
func FromSeed(s Seed) *Catalog {
	c := New()
	for _, p := range s.Products {
		c.Add(p)
	}
	for _, l := range s.Locations {
		c.Add(l)
	}
	for _, l := range s.Lots {
		c.Add(l)
	}
	for _, d := range s.PurchaseOrders {
		c.Add(d)
	}
	for _, d := range s.PickLists {
		c.Add(d)
	}
	for _, d := range s.SalesOrders {
		c.Add(d)
	}
	for _, d := range s.ReturnAuths {
		c.Add(d)
	}
	c.Apply(s.Events...)
	return c
}

// Products, lots and places of the contract's world.
const (
	cNone  = "09506000000015"     // quantity only
	cLot   = "09506000134352"     // lot-tracked, expiry required
	cGlove = "09506000222226"     // lot-tracked, expiry optional
	cPump  = "09506000111117"     // serialised, lots optional
	cMeter = "09506000134369"     // serialised; shares serial X1 with cPump
	cSSCC  = "095060001234567893" // cartons, split between two bins
	cSSCC2 = "095060007654321008" // two pumps, one put away, one picked
)

// ContractSeed is the world CatalogContract checks: lots of every status,
// expired and expiring today, one never sent by the hub, one whose every
// unit shipped; serial units in every state; a pallet; four documents
// with progress.
func ContractSeed() Seed {
	ev := func(kind inventory.EventKind, gtin, lot, serial string, qty int64, from, to string) inventory.Event {
		return inventory.Event{Operator: "op1", Kind: kind, GTIN: gtin, Lot: lot, Serial: serial, Qty: qty, From: from, To: to}
	}
	doc := func(e inventory.Event, id string, line int) inventory.Event {
		e.Doc, e.DocLine = id, line
		return e
	}
	exp := func(e inventory.Event, expiry string) inventory.Event {
		e.Expiry = expiry
		return e
	}
	note := func(e inventory.Event, n string) inventory.Event {
		e.Note = n
		return e
	}
	const (
		rcv, put, mov, pick, ship, ret, cnt, adj = inventory.KindReceive, inventory.KindPutaway, inventory.KindMove,
			inventory.KindPick, inventory.KindShip, inventory.KindReturn, inventory.KindCount, inventory.KindAdjust
	)
	pallet := doc(ev(rcv, cNone, "", "", 20, "", "DOCK-1"), "PO-1", 3)
	pallet.SSCC = cSSCC
	palletMove := ev(mov, cNone, "", "", 8, "DOCK-1", "B-01")
	palletMove.SSCC = cSSCC
	palletAway := ev(put, cNone, "", "", 12, "DOCK-1", "A-01")
	palletAway.SSCC = cSSCC
	pumps := func(e inventory.Event) inventory.Event {
		e.SSCC = cSSCC2
		return e
	}
	return Seed{
		Products: []inventory.Product{
			{GTIN: cNone, SKU: "BOX", Name: "Carton", Tracking: inventory.TrackNone, Version: 1},
			{GTIN: cLot, SKU: "MED", Name: "Saline", Tracking: inventory.TrackLot, ExpiryRequired: true, UOM: "bag", Version: 2},
			{GTIN: cGlove, SKU: "GLOVE", Name: "Gloves", Tracking: inventory.TrackLot, Version: 1},
			{GTIN: cPump, SKU: "PUMP", Name: "Pump", Tracking: inventory.TrackSerial, Version: 1},
			{GTIN: cMeter, SKU: "METER", Name: "Meter", Tracking: inventory.TrackSerial, Version: 1},
		},
		Locations: []inventory.Location{
			{Code: "DOCK-1", Kind: inventory.LocDock, Warehouse: "W1", Version: 1},
			{Code: "A-01", Barcode: "9506000000008/A1", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "A-03", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "B-01", Kind: inventory.LocBin, Warehouse: "W2", Version: 1},
			{Code: "C-02", Barcode: "CAGE", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "C-01", Barcode: "CAGE", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "STG-1", Kind: inventory.LocStaging, Warehouse: "W1", Version: 1},
			{Code: "QUAR-2", Kind: inventory.LocQuarantine, Warehouse: "W2", Version: 1},
			{Code: "QUAR", Kind: inventory.LocQuarantine, Warehouse: "W1", Version: 1},
		},
		Lots: []inventory.Lot{
			{GTIN: cLot, Lot: "L-SOON", Expiry: "2026-12-01", Status: inventory.LotReleased, Version: 1},
			{GTIN: cLot, Lot: "L-SOON2", Expiry: "2026-12-01", Status: inventory.LotReleased, Version: 1},
			{GTIN: cLot, Lot: "L-LATE", Expiry: "2027-06-30", Production: "2026-06-30", Status: inventory.LotReleased, Version: 3},
			{GTIN: cLot, Lot: "L-TODAY", Expiry: "2026-11-26", Status: inventory.LotReleased, Version: 1},
			{GTIN: cLot, Lot: "L-EXP", Expiry: "2026-11-25", Status: inventory.LotReleased, Version: 1},
			{GTIN: cLot, Lot: "L-QUAR", Expiry: "2027-01-31", Status: inventory.LotQuarantine, Version: 1},
			{GTIN: cLot, Lot: "L-RECALL", Expiry: "2027-02-28", Status: inventory.LotRecalled, Version: 1},
			{GTIN: cLot, Lot: "L-GONE", Expiry: "2026-12-15", Status: inventory.LotReleased, Version: 1},
			{GTIN: cGlove, Lot: "G-NOEXP", Status: inventory.LotReleased, Version: 1},
			{GTIN: cGlove, Lot: "G-EXP", Expiry: "2027-01-15", Status: inventory.LotReleased, Version: 1},
		},
		PurchaseOrders: []inventory.PurchaseOrder{
			{ID: "PO-1", Supplier: "Acme Pharma", Status: inventory.DocOpen, Version: 1, Lines: []inventory.POLine{
				{Line: 1, GTIN: cLot, Qty: 100}, {Line: 2, GTIN: cPump, Qty: 3}, {Line: 3, GTIN: cNone, Qty: 50}}},
		},
		PickLists: []inventory.PickList{
			{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1, Lines: []inventory.PickLine{
				{Line: 1, GTIN: cLot, Lot: "L-LATE", Qty: 4, From: "A-02"}, {Line: 2, GTIN: cPump, Qty: 1}}},
		},
		SalesOrders: []inventory.SalesOrder{
			{ID: "SO-1", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1, Lines: []inventory.SOLine{
				{Line: 1, GTIN: cLot, Qty: 10}, {Line: 2, GTIN: cPump, Qty: 2}}},
			{ID: "SO-2", Customer: "Clinic", Status: inventory.DocClosed, Version: 2, Lines: []inventory.SOLine{
				{Line: 1, GTIN: cLot, Qty: 3}}},
		},
		ReturnAuths: []inventory.ReturnAuth{
			{ID: "RA-1", SalesOrder: "SO-1", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1, Lines: []inventory.RetLine{
				{Line: 1, GTIN: cLot, Lot: "L-LATE", Qty: 2}, {Line: 2, GTIN: cPump, Serial: "S3", Qty: 1}}},
		},
		Events: []inventory.Event{
			// Lots of the lot-tracked product, received against PO-1 line 1
			// or not; L-SOON2's label disagrees with its master expiry.
			exp(doc(ev(rcv, cLot, "L-SOON", "", 5, "", "A-01"), "PO-1", 1), "2026-12-01"),
			exp(doc(ev(rcv, cLot, "L-SOON", "", 3, "", "A-02"), "PO-1", 1), "2026-12-01"),
			exp(doc(ev(rcv, cLot, "L-SOON2", "", 2, "", "A-03"), "PO-1", 1), "2026-12-09"),
			exp(doc(ev(rcv, cLot, "L-LATE", "", 10, "", "DOCK-1"), "PO-1", 1), "2027-06-30"),
			ev(put, cLot, "L-LATE", "", 10, "DOCK-1", "A-02"),
			exp(ev(rcv, cLot, "L-TODAY", "", 2, "", "A-03"), "2026-11-26"),
			exp(ev(rcv, cLot, "L-EXP", "", 4, "", "A-01"), "2026-11-25"),
			exp(ev(rcv, cLot, "L-QUAR", "", 6, "", "A-01"), "2027-01-31"),
			exp(ev(rcv, cLot, "L-RECALL", "", 7, "", "A-03"), "2027-02-28"),
			exp(ev(rcv, cLot, "L-NEW", "", 1, "", "DOCK-1"), "2027-03-15"), // no master data
			exp(ev(rcv, cLot, "L-GONE", "", 3, "", "A-01"), "2026-12-15"),
			ev(pick, cLot, "L-GONE", "", 3, "A-01", "STG-1"),
			doc(ev(ship, cLot, "L-GONE", "", 3, "STG-1", ""), "SO-2", 1),
			doc(ev(pick, cLot, "L-LATE", "", 4, "A-02", "STG-1"), "PL-1", 1),
			doc(ev(ship, cLot, "L-LATE", "", 4, "STG-1", ""), "SO-1", 1),
			note(doc(ev(ret, cLot, "L-LATE", "", 2, "", "A-02"), "RA-1", 1), "restock"),
			note(ev(adj, cLot, "L-SOON", "", -1, "A-01", ""), "damaged"),
			// A pallet of cartons, split between two bins, and a find.
			pallet, palletMove, palletAway,
			note(ev(adj, cNone, "", "", 3, "", "A-02"), "found"),
			// Gloves: a lot without expiry, one with, and one first seen
			// here without expiry whose count then names it.
			ev(rcv, cGlove, "G-NOEXP", "", 5, "", "A-02"),
			exp(ev(rcv, cGlove, "G-EXP", "", 5, "", "A-02"), "2027-01-15"),
			ev(rcv, cGlove, "G-LOCAL", "", 2, "", "A-03"),
			exp(ev(cnt, cGlove, "G-LOCAL", "", 2, "", "A-03"), "2027-05-01"),
			// Pumps in every state.
			doc(ev(rcv, cPump, "PL1", "S1", 1, "", "DOCK-1"), "PO-1", 2),
			ev(put, cPump, "PL1", "S1", 1, "DOCK-1", "A-01"),
			doc(ev(rcv, cPump, "PL1", "S2", 1, "", "DOCK-1"), "PO-1", 2),
			ev(put, cPump, "PL1", "S2", 1, "DOCK-1", "A-01"),
			doc(ev(pick, cPump, "PL1", "S2", 1, "A-01", "STG-1"), "PL-1", 2),
			doc(ev(rcv, cPump, "", "S3", 1, "", "DOCK-1"), "PO-1", 2),
			ev(put, cPump, "", "S3", 1, "DOCK-1", "A-01"),
			ev(pick, cPump, "", "S3", 1, "A-01", "STG-1"),
			doc(ev(ship, cPump, "", "S3", 1, "STG-1", ""), "SO-1", 2),
			note(doc(ev(ret, cPump, "", "S3", 1, "", "QUAR"), "RA-1", 2), "quarantine"),
			// Restocked after a return: back on the shelf, on record as returned.
			ev(rcv, cPump, "", "S9", 1, "", "DOCK-1"),
			ev(pick, cPump, "", "S9", 1, "DOCK-1", "STG-1"),
			ev(ship, cPump, "", "S9", 1, "STG-1", ""),
			note(ev(ret, cPump, "", "S9", 1, "", "A-02"), "restock"),
			ev(rcv, cPump, "", "S4", 1, "", "A-02"),
			note(ev(adj, cPump, "", "S4", -1, "A-02", ""), "damaged"),
			ev(rcv, cPump, "", "S5", 1, "", "A-01"),
			ev(mov, cPump, "", "S5", 1, "A-01", "B-01"),
			ev(cnt, cPump, "PL1", "S6", 1, "", "A-01"), // found by a count, never received
			ev(cnt, cPump, "PL1", "S1", 1, "", "A-01"), // counted where it is
			// A pallet of pumps: one put away under its label, one
			// picked without it.
			pumps(ev(rcv, cPump, "PL2", "S7", 1, "", "DOCK-1")),
			pumps(ev(rcv, cPump, "PL2", "S8", 1, "", "DOCK-1")),
			pumps(ev(put, cPump, "PL2", "S7", 1, "DOCK-1", "A-03")),
			ev(pick, cPump, "PL2", "S8", 1, "DOCK-1", "STG-1"),
			// One serial on two products; the meter's moved last.
			ev(rcv, cPump, "", "X1", 1, "", "A-03"),
			ev(rcv, cMeter, "", "X1", 1, "", "A-02"),
		},
	}
}
