package localdb

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

func TestApplyChangesIdempotentAndVersioned(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	before := snapshot(t, db)
	// Replaying the same pull changes nothing.
	if err := db.ApplyChanges(ctx, seedChanges()); err != nil {
		t.Fatal(err)
	}
	if snapshot(t, db) != before {
		t.Error("replayed pull changed data")
	}
	// A newer version wins; an older one arriving late never overwrites it.
	newer := wire.Changes{Cursor: "c3",
		Products:       []inventory.Product{{GTIN: gtinNone, Name: "Carton v3", Tracking: inventory.TrackNone, Version: 3}},
		Lots:           []inventory.Lot{{GTIN: gtinLot, Lot: "L-OLD", Expiry: "2026-01-31", Status: inventory.LotRecalled, Version: 2}},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-1", Supplier: "Acme Pharma", Status: inventory.DocClosed, Version: 2}},
		Locations:      []inventory.Location{{Code: "A-01", Barcode: "NEW", Kind: inventory.LocBin, Version: 5}},
		Operators:      []inventory.Operator{{ID: "op1", Name: "Ana B", Badge: "BADGE-9", Active: false, Version: 2}},
	}
	older := wire.Changes{Cursor: "c2",
		Products:       []inventory.Product{{GTIN: gtinNone, Name: "Carton v2", Tracking: inventory.TrackNone, Version: 2}},
		Lots:           []inventory.Lot{{GTIN: gtinLot, Lot: "L-OLD", Status: inventory.LotReleased, Version: 1}},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-1", Status: inventory.DocOpen, Version: 1}},
		Locations:      []inventory.Location{{Code: "A-01", Barcode: "OLD", Version: 4}},
		Operators:      []inventory.Operator{{ID: "op1", Name: "Ana", Active: true, Version: 1}},
	}
	for _, ch := range []wire.Changes{newer, older} {
		if err := db.ApplyChanges(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	if p, _ := db.Product(ctx, "9506000000015"); p.Name != "Carton v3" || p.Version != 3 {
		t.Errorf("product = %+v (13-digit lookup)", p)
	}
	if l, _ := db.Lot(ctx, gtinLot, "L-OLD"); l.Status != inventory.LotRecalled {
		t.Errorf("lot = %+v", l)
	}
	if po, _ := db.PurchaseOrder(ctx, "PO-1"); po.Status != inventory.DocClosed {
		t.Errorf("po = %+v", po)
	}
	if open, err := db.OpenPurchaseOrders(ctx); err != nil || len(open) != 0 {
		t.Errorf("closed PO listed as open: %+v (err %v)", open, err)
	}
	if l, _ := db.Location(ctx, "NEW"); l.Code != "A-01" {
		t.Errorf("location by barcode = %+v", l)
	}
	if o, _ := db.Operator(ctx, "BADGE-9"); o.ID != "op1" || o.Active {
		t.Errorf("operator by badge = %+v", o)
	}
	// The cursor is the last pull's, as the hub hands them out in order.
	if c, _ := db.Cursor(ctx); c != "c2" {
		t.Errorf("cursor = %q", c)
	}
}

func TestLookupsNotFound(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	checks := map[string]error{}
	_, checks["product"] = db.Product(ctx, "01234567890128")
	_, checks["location"] = db.Location(ctx, "ZZ")
	_, checks["lot"] = db.Lot(ctx, gtinLot, "nope")
	_, checks["operator"] = db.Operator(ctx, "nobody")
	_, checks["po"] = db.PurchaseOrder(ctx, "PO-9")
	_, checks["pick"] = db.PickList(ctx, "PL-9")
	_, checks["so"] = db.SalesOrder(ctx, "SO-9")
	_, checks["ra"] = db.ReturnAuth(ctx, "RA-9")
	_, checks["serial"] = db.Serial(ctx, "", "nope")
	for what, err := range checks {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", what, err)
		}
	}
	if pl, err := db.OpenPickLists(ctx); err != nil || len(pl) != 1 || pl[0].Lines[0].Lot != "L-A" {
		t.Errorf("open pick lists: %+v %v", pl, err)
	}
	if o, err := db.Operator(ctx, "op1"); err != nil || o.PINHash != inventory.PINHash("op1", "1234") {
		t.Errorf("operator: %+v %v", o, err)
	}
}

func TestOutbox(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	for i := 0; i < 10; i++ {
		mustAppend(t, db, receive(gtinNone, "", "", "", 1, "DOCK1"))
	}
	b, err := db.OutboxBatch(ctx, 4, 0)
	if err != nil || len(b) != 4 || b[0].Seq != 1 || b[3].Seq != 4 || b[0].Device != "term-1" {
		t.Fatalf("batch: %v %+v", err, b)
	}
	// A byte limit smaller than one event still yields one.
	if b, err := db.OutboxBatch(ctx, 10, 10); err != nil || len(b) != 1 {
		t.Errorf("tiny byte limit: %d events (err %v)", len(b), err)
	}
	if b, err := db.OutboxBatch(ctx, 10, 700); err != nil || len(b) < 2 || len(b) > 4 {
		t.Errorf("700 bytes: %d events (err %v)", len(b), err)
	}
	if err := db.AckThrough(ctx, 4); err != nil {
		t.Fatal(err)
	}
	n, _, err := db.OutboxStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = db.OutboxBatch(ctx, 100, 0); err != nil {
		t.Fatal(err)
	}
	if n != 6 || len(b) != 6 || b[0].Seq != 5 {
		t.Errorf("after ack: n=%d first=%+v", n, b)
	}
	if err := db.AckThrough(ctx, 10); err != nil {
		t.Fatal(err)
	}
	if n, oldest, err := db.OutboxStats(ctx); err != nil || n != 0 || !oldest.IsZero() {
		t.Errorf("empty outbox: %d %v (err %v)", n, oldest, err)
	}
	// Acknowledged events stay in the ledger.
	if evs, err := db.Events(ctx, 0, 100); err != nil || len(evs) != 10 {
		t.Errorf("ledger has %d events (err %v)", len(evs), err)
	}
}

func TestRejectionsAndExceptions(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	ev := mustAppend(t, db, receive(gtinNone, "", "", "", 1, "DOCK1"))
	if err := db.RecordRejections(ctx, []wire.Rejection{{Seq: ev.Seq, Exception: 41, Code: "serial_conflict", Message: "shipped twice"}}); err != nil {
		t.Fatal(err)
	}
	ex, err := db.Exceptions(ctx)
	if err != nil || len(ex) != 1 || ex[0].ID != 41 || ex[0].EventID != ev.ID || ex[0].Device != "term-1" || ex[0].Version != 0 {
		t.Fatalf("%v %+v", err, ex)
	}
	// The pulled exception replaces the rejection, and a later version resolves it.
	pulled := inventory.Exception{ID: 41, Code: "serial_conflict", Message: "shipped twice", EventID: ev.ID, Device: "term-1", Seq: ev.Seq,
		RaisedAt: time.Date(2026, 6, 15, 11, 0, 0, 0, time.UTC), Version: 1}
	db.ApplyChanges(ctx, wire.Changes{Cursor: "c9", Exceptions: []inventory.Exception{pulled}})
	pulled.Resolved, pulled.Note, pulled.Version = true, "checked", 2
	db.ApplyChanges(ctx, wire.Changes{Cursor: "c10", Exceptions: []inventory.Exception{pulled}})
	ex, _ = db.Exceptions(ctx)
	if len(ex) != 1 || !ex[0].Resolved || ex[0].Note != "checked" || !ex[0].RaisedAt.Equal(pulled.RaisedAt) {
		t.Fatalf("%+v", ex)
	}
}

// TestLocationsOfKind: the quarantine places of the seeded master data,
// and none of a kind nobody has.
func TestLocationsOfKind(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	q, err := db.LocationsOfKind(ctx, inventory.LocQuarantine)
	if err != nil || len(q) != 1 || q[0].Code != "QUAR" || q[0].Kind != inventory.LocQuarantine || q[0].Warehouse != "W1" {
		t.Fatalf("quarantine locations: %+v, %v", q, err)
	}
	bins, err := db.LocationsOfKind(ctx, inventory.LocBin)
	if err != nil || len(bins) != 2 || bins[0].Code != "A-01" || bins[1].Code != "A-02" {
		t.Fatalf("bins: %+v, %v", bins, err)
	}
	if none, err := db.LocationsOfKind(ctx, "freezer"); err != nil || len(none) != 0 {
		t.Fatalf("a kind nobody has: %+v, %v", none, err)
	}
}
