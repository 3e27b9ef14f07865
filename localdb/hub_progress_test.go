package localdb

import (
	"context"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// TestHubProgress: what the hub says other terminals received on a PO
// adds to this terminal's own receipts; a newer report replaces an older
// one, an older one arriving late changes nothing.
func TestHubProgress(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 5, "A-01")) // PO-1 line 1, this terminal
	got := func() map[int]int64 {
		t.Helper()
		m, err := db.Received(ctx, "PO-1")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if m := got(); m[1] != 5 || len(m) != 1 {
		t.Fatalf("own receipts only: %v", m)
	}
	apply := func(ps ...inventory.DocProgress) {
		t.Helper()
		if err := db.ApplyChanges(ctx, wire.Changes{Progress: ps}); err != nil {
			t.Fatal(err)
		}
	}
	apply(inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t2", Qty: 30, Version: 10},
		inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 2, Device: "t2", Qty: 1, Version: 10},
		inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t3", Qty: 4, Version: 11},
		inventory.DocProgress{Doc: "PL-1", Kind: inventory.KindPick, Line: 1, Device: "t2", Qty: 7, Version: 12})
	if m := got(); m[1] != 39 || m[2] != 1 || len(m) != 2 {
		t.Fatalf("own 5 + t2 30 + t3 4 on line 1, t2 1 on line 2: %v", m)
	}
	if m, _ := db.Picked(ctx, "PL-1"); m[1] != 7 {
		t.Fatalf("picked by t2: %v", m)
	}
	apply(inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t2", Qty: 35, Version: 13}) // t2 received 5 more
	apply(inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t2", Qty: 30, Version: 10}) // a stale copy
	if m := got(); m[1] != 44 {
		t.Fatalf("after t2's newer total and a stale one: %v, want 44 on line 1", m)
	}
}
