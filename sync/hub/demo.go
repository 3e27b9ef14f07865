package hub

import (
	"context"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// Demo GTINs (valid check digits), the products the demo data set and
// `make run` use.
const (
	DemoGTINLot    = "09506000134352" // Saline 500 ml: lot-tracked, expiry required
	DemoGTINSerial = "09506000134369" // Infusion pump: serialised
	DemoGTINPlain  = "09506000134376" // Gloves M: untracked
	DemoGTINMasks  = "09506000134406" // Masks: lot-tracked, no expiry
)

// DemoData is the demo site: two warehouses, four products, two operators
// (1001/PIN 1234 badge OP1001, 1002/PIN 5678 badge OP1002), lots in every
// state, an open purchase order, a pick list with its sales order and a
// return authorisation against an earlier, shipped order. The stories do
// not cross: PL-5001 picks lot S26-002 (received on PO-1001) for SO-5001;
// RA-9001 takes back lot S25-007, which went out on SO-4001 before the
// demo's ledger starts (a terminal with no record of the lot takes the
// RA's word for it, naming SO-4001). docs/demo.md lists it all.
func DemoData() Batch {
	return Batch{
		Operators: []inventory.Operator{
			{ID: "1001", Name: "Ana Silva", Badge: "OP1001", PINHash: inventory.PINHash("1001", "1234"), Active: true},
			{ID: "1002", Name: "Ben Okafor", Badge: "OP1002", PINHash: inventory.PINHash("1002", "5678"), Active: true},
		},
		Products: []inventory.Product{
			{GTIN: DemoGTINLot, SKU: "SAL500", Name: "Saline 500 ml", Tracking: inventory.TrackLot, ExpiryRequired: true, UOM: "EA"},
			{GTIN: DemoGTINSerial, SKU: "PUMP-X2", Name: "Infusion pump X2", Tracking: inventory.TrackSerial, UOM: "EA"},
			{GTIN: DemoGTINPlain, SKU: "GLOVE-M", Name: "Nitrile gloves M (box)", Tracking: inventory.TrackNone, UOM: "BOX"},
			{GTIN: DemoGTINMasks, SKU: "MASK-FFP2", Name: "FFP2 masks (box)", Tracking: inventory.TrackLot, UOM: "BOX"},
		},
		Locations: []inventory.Location{
			{Code: "DOCK-1", Kind: inventory.LocDock, Warehouse: "W1"},
			{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1"},
			{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1"},
			{Code: "A-03", Barcode: "9506000000008/A03", Kind: inventory.LocBin, Warehouse: "W1"},
			{Code: "STG-1", Kind: inventory.LocStaging, Warehouse: "W1"},
			{Code: "Q-1", Kind: inventory.LocQuarantine, Warehouse: "W1"},
			{Code: "DOCK-2", Kind: inventory.LocDock, Warehouse: "W2"},
			{Code: "B-01", Kind: inventory.LocBin, Warehouse: "W2"},
			{Code: "B-02", Kind: inventory.LocBin, Warehouse: "W2"},
		},
		Lots: []inventory.Lot{
			{GTIN: DemoGTINLot, Lot: "S24-001", Expiry: "2025-06-30", Production: "2024-01-15", Status: inventory.LotReleased}, // expired
			{GTIN: DemoGTINLot, Lot: "S25-007", Expiry: "2027-05-31", Production: "2025-03-10", Status: inventory.LotReleased}, // went out on SO-4001
			{GTIN: DemoGTINLot, Lot: "S25-014", Expiry: "2027-03-31", Production: "2025-04-02", Status: inventory.LotQuarantine},
			{GTIN: DemoGTINLot, Lot: "S26-002", Expiry: "2027-01-31", Production: "2026-01-20", Status: inventory.LotReleased},
			{GTIN: DemoGTINLot, Lot: "S26-010", Expiry: "2027-09-30", Production: "2026-03-11", Status: inventory.LotReleased},
			{GTIN: DemoGTINMasks, Lot: "M-77", Production: "2026-02-01", Status: inventory.LotReleased},
		},
		PurchaseOrders: []inventory.PurchaseOrder{
			{ID: "PO-1001", Supplier: "Acme Medical", Status: inventory.DocOpen, Lines: []inventory.POLine{
				{Line: 1, GTIN: DemoGTINLot, Qty: 24}, {Line: 2, GTIN: DemoGTINSerial, Qty: 2},
				{Line: 3, GTIN: DemoGTINPlain, Qty: 10}, {Line: 4, GTIN: DemoGTINMasks, Qty: 5},
			}},
		},
		SalesOrders: []inventory.SalesOrder{
			{ID: "SO-4001", Customer: "Harbour Clinic", Status: inventory.DocClosed, Lines: []inventory.SOLine{{Line: 1, GTIN: DemoGTINLot, Qty: 4}}},
			{ID: "SO-5001", Customer: "City Hospital", Status: inventory.DocOpen, Lines: []inventory.SOLine{
				{Line: 1, GTIN: DemoGTINLot, Qty: 6}, {Line: 2, GTIN: DemoGTINSerial, Qty: 1}, {Line: 3, GTIN: DemoGTINPlain, Qty: 2},
			}},
		},
		PickLists: []inventory.PickList{
			{ID: "PL-5001", SalesOrder: "SO-5001", Status: inventory.DocOpen, Lines: []inventory.PickLine{
				{Line: 1, GTIN: DemoGTINLot, Lot: "S26-002", Qty: 6, From: "A-01"},
				{Line: 2, GTIN: DemoGTINSerial, Qty: 1, From: "A-02"},
				{Line: 3, GTIN: DemoGTINPlain, Qty: 2, From: "A-02"},
			}},
		},
		Returns: []inventory.ReturnAuth{
			{ID: "RA-9001", SalesOrder: "SO-4001", Customer: "Harbour Clinic", Status: inventory.DocOpen, Lines: []inventory.RetLine{
				{Line: 1, GTIN: DemoGTINLot, Lot: "S25-007", Qty: 2},
			}},
		},
	}
}

// LoadDemo imports the DemoData records the store does not have yet:
// loading it again changes nothing, and never undoes a later change such as
// a recall or an edited product.
func LoadDemo(ctx context.Context, st Store, now time.Time) (ImportResult, error) {
	m, err := st.Master(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	have := map[string]bool{}
	for _, x := range m.Operators {
		have["o/"+x.ID] = true
	}
	for _, x := range m.Products {
		have["p/"+x.GTIN] = true
	}
	for _, x := range m.Locations {
		have["l/"+x.Code] = true
	}
	for _, x := range m.Lots {
		have["t/"+x.GTIN+"/"+x.Lot] = true
	}
	for _, x := range m.PurchaseOrders {
		have["po/"+x.ID] = true
	}
	for _, x := range m.PickLists {
		have["pl/"+x.ID] = true
	}
	for _, x := range m.SalesOrders {
		have["so/"+x.ID] = true
	}
	for _, x := range m.Returns {
		have["ra/"+x.ID] = true
	}
	d := DemoData()
	var b Batch
	for _, x := range d.Operators {
		if !have["o/"+x.ID] {
			b.Operators = append(b.Operators, x)
		}
	}
	for _, x := range d.Products {
		if !have["p/"+x.GTIN] {
			b.Products = append(b.Products, x)
		}
	}
	for _, x := range d.Locations {
		if !have["l/"+x.Code] {
			b.Locations = append(b.Locations, x)
		}
	}
	for _, x := range d.Lots {
		if !have["t/"+x.GTIN+"/"+x.Lot] {
			b.Lots = append(b.Lots, x)
		}
	}
	for _, x := range d.PurchaseOrders {
		if !have["po/"+x.ID] {
			b.PurchaseOrders = append(b.PurchaseOrders, x)
		}
	}
	for _, x := range d.PickLists {
		if !have["pl/"+x.ID] {
			b.PickLists = append(b.PickLists, x)
		}
	}
	for _, x := range d.SalesOrders {
		if !have["so/"+x.ID] {
			b.SalesOrders = append(b.SalesOrders, x)
		}
	}
	for _, x := range d.Returns {
		if !have["ra/"+x.ID] {
			b.Returns = append(b.Returns, x)
		}
	}
	res, err := st.Import(ctx, b, now)
	res.Unchanged += d.Len() - b.Len()
	return res, err
}
