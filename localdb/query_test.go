package localdb

import (
	"context"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

func TestStockFEFOAndProgress(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	mustAppend(t, db, receive(gtinLot, "L-LATE", "", "2027-09-30", 10, "A-01"))
	mustAppend(t, db, receive(gtinLot, "L-SOON", "", "2026-08-31", 4, "A-02"))
	mustAppend(t, db, receive(gtinLot, "L-SOON", "", "2026-08-31", 6, "A-01"))
	mustAppend(t, db, receive(gtinLot, "L-OLD", "", "", 3, "A-01"))    // expired per master data
	mustAppend(t, db, receive(gtinLot, "L-QUAR", "", "", 3, "A-01"))   // quarantined
	mustAppend(t, db, receive(gtinLot, "L-RECALL", "", "", 2, "A-02")) // recalled
	mustAppend(t, db, receive(gtinNone, "", "", "", 7, "A-02"))

	got, err := db.FEFO(ctx, gtinLot, testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.FEFOCandidate{
		{GTIN: gtinLot, Lot: "L-SOON", Expiry: "2026-08-31", Location: "A-01", Qty: 6},
		{GTIN: gtinLot, Lot: "L-SOON", Expiry: "2026-08-31", Location: "A-02", Qty: 4},
		{GTIN: gtinLot, Lot: "L-LATE", Expiry: "2027-09-30", Location: "A-01", Qty: 10},
	}
	if len(got) != len(want) {
		t.Fatalf("FEFO = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("FEFO[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	// On 2026-09-01 L-SOON is expired.
	got, _ = db.FEFO(ctx, "9506000134352", time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
	if len(got) != 1 || got[0].Lot != "L-LATE" {
		t.Errorf("FEFO after L-SOON expiry = %+v", got)
	}

	rows, _ := db.Stock(ctx, StockFilter{Location: "A-02"})
	if len(rows) != 3 {
		t.Fatalf("stock at A-02 = %+v", rows)
	}
	if rows[0].GTIN != gtinNone || rows[0].Qty != 7 || rows[1].Lot != "L-RECALL" || rows[1].LotStatus != inventory.LotRecalled {
		t.Errorf("stock at A-02 = %+v", rows)
	}
	if rows, err := db.Stock(ctx, StockFilter{Lot: "L-SOON"}); err != nil || len(rows) != 2 {
		t.Errorf("stock of lot = %+v (err %v)", rows, err)
	}
	if rows, err := db.Stock(ctx, StockFilter{GTIN: gtinLot, Location: "A-01", Lot: "L-LATE"}); err != nil || len(rows) != 1 || rows[0].Qty != 10 || rows[0].Expiry != "2027-09-30" {
		t.Errorf("stock filtered = %+v (err %v)", rows, err)
	}
	rec, _ := db.Received(ctx, "PO-1")
	if rec[1] != 35 {
		t.Errorf("received PO-1 = %v", rec)
	}
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 5, "A-01"))
	mustAppend(t, db, inventory.Event{Kind: inventory.KindPick, GTIN: gtinLot, Lot: "L-A", Qty: 1, From: "A-01", To: "STAGE", Doc: "PL-1", DocLine: 1})
	if p, _ := db.Picked(ctx, "PL-1"); p[1] != 1 {
		t.Errorf("picked = %v", p)
	}
	mustAppend(t, db, inventory.Event{Kind: inventory.KindShip, GTIN: gtinLot, Lot: "L-A", Qty: 1, From: "STAGE", Doc: "SO-1", DocLine: 1})
	mustAppend(t, db, inventory.Event{Kind: inventory.KindReturn, GTIN: gtinLot, Lot: "L-A", Qty: 1, To: "QUAR", Doc: "RA-1", DocLine: 2})
	if s, err := db.Shipped(ctx, "SO-1"); err != nil || len(s) != 1 || s[1] != 1 {
		t.Errorf("shipped = %v (err %v)", s, err)
	}
	if r, err := db.Returned(ctx, "RA-1"); err != nil || len(r) != 1 || r[2] != 1 {
		t.Errorf("returned = %v (err %v)", r, err)
	}
}

func TestSerialHistoryAndLotTrace(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	// Two pumps of lot LP arrive on PO-1; one ships on SO-1 and comes back.
	for _, s := range []string{"P1", "P2"} {
		mustAppend(t, db, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinSerial, Lot: "LP", Serial: s, Qty: 1, To: "DOCK1", Doc: "PO-1", DocLine: 2})
		mustAppend(t, db, move(inventory.KindPutaway, gtinSerial, "", s, 1, "DOCK1", "A-01"))
	}
	mustAppend(t, db, inventory.Event{Kind: inventory.KindPick, GTIN: gtinSerial, Serial: "P1", Qty: 1, From: "A-01", To: "STAGE", Doc: "PL-1", DocLine: 2})
	mustAppend(t, db, inventory.Event{Kind: inventory.KindShip, GTIN: gtinSerial, Serial: "P1", Qty: 1, From: "STAGE", Doc: "SO-1"})
	// Saline lot L-A: received, part moved, part shipped.
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-03-31", 20, "DOCK1"))
	mustAppend(t, db, move(inventory.KindPutaway, gtinLot, "L-A", "", 20, "DOCK1", "A-02"))
	mustAppend(t, db, inventory.Event{Kind: inventory.KindShip, GTIN: gtinLot, Lot: "L-A", Qty: 8, From: "A-02", Doc: "SO-1"})
	mustAppend(t, db, inventory.Event{Kind: inventory.KindShip, GTIN: gtinLot, Lot: "L-A", Qty: 2, From: "A-02", Doc: "SO-1"})

	st, err := db.Serial(ctx, "", "P1")
	if err != nil || st.Status != inventory.SerialShipped || st.Location != "" || st.Lot != "LP" || st.LastKind != inventory.KindShip {
		t.Fatalf("serial P1 = %+v %v", st, err)
	}
	mustAppend(t, db, inventory.Event{Kind: inventory.KindReturn, GTIN: gtinSerial, Serial: "P1", Qty: 1, To: "QUAR", Doc: "SO-1", Note: "quarantine"})
	hist, _ := db.SerialHistory(ctx, "", "P1")
	kinds := ""
	for _, ev := range hist {
		kinds += string(ev.Kind) + " "
		if ev.Lot != "LP" {
			t.Errorf("event %d lost the lot: %+v", ev.Seq, ev)
		}
	}
	if kinds != "receive putaway pick ship return " {
		t.Errorf("history = %s", kinds)
	}
	if st, _ := db.Serial(ctx, gtinSerial, "P1"); st.Status != inventory.SerialReturned || st.Location != "QUAR" {
		t.Errorf("after return = %+v", st)
	}

	tr, err := db.LotTrace(ctx, "", "LP")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Receipts) != 2 || tr.Receipts[0].PO != "PO-1" || tr.Receipts[0].Supplier != "Acme Pharma" {
		t.Errorf("receipts = %+v", tr.Receipts)
	}
	if len(tr.Movements) != 7 {
		t.Errorf("movements = %d", len(tr.Movements))
	}
	if len(tr.Shipments) != 1 || tr.Shipments[0].Customer != "City Hospital" || tr.Shipments[0].Qty != 1 || tr.Shipments[0].Serials[0] != "P1" {
		t.Errorf("shipments = %+v", tr.Shipments)
	}
	if len(tr.Lots) != 1 || tr.Lots[0].OnHand != 2 || len(tr.Locations) != 2 {
		t.Errorf("lots = %+v locations = %+v", tr.Lots, tr.Locations)
	}

	tr, _ = db.LotTrace(ctx, gtinLot, "L-A")
	if len(tr.Shipments) != 1 || tr.Shipments[0].Qty != 10 || tr.Shipments[0].SalesOrder != "SO-1" {
		t.Errorf("L-A shipments = %+v", tr.Shipments)
	}
	if len(tr.Locations) != 1 || tr.Locations[0].Location != "A-02" || tr.Locations[0].Qty != 10 {
		t.Errorf("L-A now = %+v", tr.Locations)
	}
	empty, err := db.LotTrace(ctx, "", "NOPE")
	if err != nil || len(empty.Movements) != 0 || empty.Lots == nil {
		t.Errorf("unknown lot: %+v %v", empty, err)
	}
}

// TestLotTraceLeavesNoOpenTransaction: the trace's read snapshot must end
// even when its context is cancelled, or the pooled connection would pin an
// old snapshot and block checkpoints.
func TestLotTraceLeavesNoOpenTransaction(t *testing.T) {
	db := openTest(t, Options{})
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-03-31", 5, "A-01"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.LotTrace(ctx, gtinLot, "L-A"); err == nil {
		t.Error("trace with a cancelled context succeeded")
	}
	for i := 0; i < 8; i++ { // more than the pool size
		if _, err := db.LotTrace(context.Background(), gtinLot, "L-A"); err != nil {
			t.Fatal(err)
		}
	}
	mustAppend(t, db, move(inventory.KindMove, gtinLot, "L-A", "", 2, "A-01", "A-02"))
	tr, err := db.LotTrace(context.Background(), "", "L-A")
	if err != nil || len(tr.Movements) != 2 || len(tr.Locations) != 2 {
		t.Fatalf("trace after append: %+v %v", tr, err)
	}
	var busy, log, ckpt int
	if err := db.sql.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &log, &ckpt); err != nil || busy != 0 {
		t.Errorf("checkpoint blocked by an open read transaction: busy=%d %v", busy, err)
	}
}
