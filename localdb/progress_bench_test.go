package localdb

import (
	"context"
	"fmt"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// BenchmarkReceived10kReceipts is the TUI's per-step question "how much of
// this PO is received?" on a PO with 10,000 receipts (5 lines of 2,000
// single-unit scans), as a receiving station with a big inbound reaches by
// the end of the day.
func BenchmarkReceived10kReceipts(b *testing.B) {
	ctx := context.Background()
	db := bigPO(b)
	b.ResetTimer()
	for b.Loop() {
		got, err := db.Received(ctx, "PO-BIG")
		if err != nil {
			b.Fatal(err)
		}
		if len(got) != bigPOLines || got[1] != bigPOReceipts/bigPOLines {
			b.Fatal(fmt.Sprint("received = ", got))
		}
	}
}

// BenchmarkReceiveStep10k is one receiving step as the TUI does it on that
// PO: append the scan (which now also updates the document progress), then
// ask what is received. It includes the fsync of the commit.
func BenchmarkReceiveStep10k(b *testing.B) {
	ctx := context.Background()
	db := bigPO(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := db.Append(ctx, inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinNone, Qty: 1, To: "DOCK1", Doc: "PO-BIG", DocLine: 1}); err != nil {
			b.Fatal(err)
		}
		if got, err := db.Received(ctx, "PO-BIG"); err != nil || got[1] != bigPOReceipts/bigPOLines+int64(i)+1 {
			b.Fatal(fmt.Sprint("received = ", got, err))
		}
	}
}

const bigPOLines, bigPOReceipts = 5, 10000

// bigPO is a fresh database with PO-BIG and its 10,000 receipts.
func bigPO(b *testing.B) *DB {
	b.Helper()
	ctx := context.Background()
	db := openTest(b, Options{})
	const lines, receipts = bigPOLines, bigPOReceipts
	po := inventory.PurchaseOrder{ID: "PO-BIG", Supplier: "Bulk", Status: inventory.DocOpen, Version: 1}
	for l := 1; l <= lines; l++ {
		po.Lines = append(po.Lines, inventory.POLine{Line: l, GTIN: gtinNone, Qty: receipts})
	}
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "big", PurchaseOrders: []inventory.PurchaseOrder{po}}); err != nil {
		b.Fatal(err)
	}
	batch := make([]inventory.Event, 0, 1000)
	for i := 0; i < receipts; i++ {
		batch = append(batch, inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinNone, Qty: 1, To: "DOCK1", Doc: "PO-BIG", DocLine: i%lines + 1})
		if len(batch) == cap(batch) {
			if _, err := db.AppendBatch(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return db
}
