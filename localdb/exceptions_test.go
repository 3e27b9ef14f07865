package localdb

import (
	"context"
	"reflect"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// TestTraceMarksOpenExceptions: a lot shipped while the hub had recalled
// it gets an exception by pull; another event gets a push
// rejection not yet pulled; a third had one that is resolved. The trace
// and the serial history name the two open ones, the count says 2.
func TestTraceMarksOpenExceptions(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	rec := mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 10, "DOCK1"))
	put := mustAppend(t, db, move(inventory.KindPutaway, gtinLot, "L-A", "", 10, "DOCK1", "A-01"))
	ship := mustAppend(t, db, inventory.Event{Kind: inventory.KindShip, GTIN: gtinLot, Lot: "L-A", Qty: 4, From: "A-01", Doc: "SO-1"})
	unit := mustAppend(t, db, receive(gtinSerial, "L-A", "SN-9", "", 1, "DOCK1"))

	if n, err := db.OpenExceptions(ctx); err != nil || n != 0 {
		t.Fatalf("open exceptions on a clean terminal = %d, %v", n, err)
	}
	err := db.ApplyChanges(ctx, wire.Changes{Cursor: "c2", Exceptions: []inventory.Exception{
		{ID: 1, Code: "recalled_lot_moved", Message: "ships recalled lot L-A to City Hospital (SO-1)", EventID: ship.ID, Device: "term-1", Seq: ship.Seq, Version: 1},
		{ID: 2, Code: "negative_stock", Message: "old news", EventID: rec.ID, Device: "term-1", Seq: rec.Seq, Resolved: true, Version: 2},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// A rejection whose exception was pulled and resolved is not open; one
	// without a pulled exception is.
	if err := db.RecordRejections(ctx, []wire.Rejection{
		{Seq: rec.Seq, Exception: 2, Code: "negative_stock", Message: "old news"},
		{Seq: unit.Seq, Exception: 0, Code: "serial_conflict", Message: "SN-9 is in stock on term-2"},
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := db.OpenExceptions(ctx); err != nil || n != 2 {
		t.Errorf("open exceptions = %d, %v; want 2", n, err)
	}

	tr, err := db.LotTrace(ctx, "", "L-A")
	if err != nil {
		t.Fatal(err)
	}
	want := []EventException{
		{Seq: ship.Seq, EventID: ship.ID, ID: 1, Code: "recalled_lot_moved", Message: "ships recalled lot L-A to City Hospital (SO-1)"},
		{Seq: unit.Seq, EventID: unit.ID, Code: "serial_conflict", Message: "SN-9 is in stock on term-2"},
	}
	if !reflect.DeepEqual(tr.Exceptions, want) {
		t.Errorf("lot trace exceptions:\n got %+v\nwant %+v", tr.Exceptions, want)
	}
	// Narrowed to the saline, the pump's exception is not on its events.
	if tr, _ := db.LotTrace(ctx, gtinLot, "L-A"); !reflect.DeepEqual(tr.Exceptions, want[:1]) {
		t.Errorf("saline trace exceptions = %+v", tr.Exceptions)
	}
	hist, err := db.SerialHistory(ctx, gtinSerial, "SN-9")
	if err != nil {
		t.Fatal(err)
	}
	if xs, err := db.ExceptionsOn(ctx, hist); err != nil || !reflect.DeepEqual(xs, want[1:]) {
		t.Errorf("serial exceptions = %+v, %v", xs, err)
	}
	if xs, err := db.ExceptionsOn(ctx, []inventory.Event{put}); err != nil || len(xs) != 0 {
		t.Errorf("put-away has no exception, got %+v, %v", xs, err)
	}

	// The hub resolves the recall exception: it leaves the trace and the count.
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "c3", Exceptions: []inventory.Exception{
		{ID: 1, Code: "recalled_lot_moved", Message: "ships recalled lot L-A", EventID: ship.ID, Seq: ship.Seq, Resolved: true, Note: "customer called", Version: 2},
	}}); err != nil {
		t.Fatal(err)
	}
	if n, err := db.OpenExceptions(ctx); err != nil || n != 1 {
		t.Errorf("open exceptions after resolve = %d, want 1 (err %v)", n, err)
	}
	if tr, err := db.LotTrace(ctx, gtinLot, "L-A"); err != nil || len(tr.Exceptions) != 0 {
		t.Errorf("resolved exception still marked: %+v (err %v)", tr.Exceptions, err)
	}
}
