package client_test

import (
	"context"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
)

// TestTwoTerminalsReceiveOnePO: two dock terminals receive one purchase
// order; after a sync each one's Received (what the receiving screen
// shows, and what its over-receipt warning compares with) counts the
// other's receipts as well as its own, on both stores.
func TestTwoTerminalsReceiveOnePO(t *testing.T) {
	for name, dsn := range dsns(t) {
		t.Run(name, func(t *testing.T) { testTwoTerminalsReceiveOnePO(t, dsn(t)) })
	}
}

func testTwoTerminalsReceiveOnePO(t *testing.T, dsn string) {
	h := startHub(t, dsn)
	ctx := context.Background()
	po := inventory.PurchaseOrder{ID: "PO-77", Supplier: "ACME", Lines: []inventory.POLine{{Line: 1, GTIN: gtinBox, Qty: 20}, {Line: 2, GTIN: gtinPump, Qty: 2}}}
	if _, err := h.store().Import(ctx, hub.Batch{PurchaseOrders: []inventory.PurchaseOrder{po}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	a := newTerminal(t, h, h.url(), "ta", localdb.Options{})
	b := newTerminal(t, h, h.url(), "tb", localdb.Options{})
	ca, cb := a.client(client.Options{}), b.client(client.Options{})
	recv := func(tm *terminal, line int, qty int64, serial string) {
		t.Helper()
		gtin := gtinBox
		if serial != "" {
			gtin = gtinPump
		}
		if _, err := tm.db.Append(ctx, inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: gtin, Serial: serial, Qty: qty, To: "DOCK1", Doc: "PO-77", DocLine: line}); err != nil {
			t.Fatal(err)
		}
	}
	received := func(tm *terminal) map[int]int64 {
		t.Helper()
		m, err := tm.db.Received(ctx, "PO-77")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	recv(a, 1, 12, "")
	recv(a, 2, 1, "SN-1")
	recv(b, 1, 5, "")
	syncUntilEmpty(t, ca, 3)
	syncUntilEmpty(t, cb, 3)
	if m := received(b); m[1] != 17 || m[2] != 1 {
		t.Fatalf("tb after sync: %v, want 17 on line 1 (12 by ta + 5) and 1 on line 2", m)
	}
	if _, err := ca.SyncOnce(ctx); err != nil { // ta pulls tb's 5
		t.Fatal(err)
	}
	if m := received(a); m[1] != 17 || m[2] != 1 {
		t.Fatalf("ta after sync: %v, want 17 and 1", m)
	}
	// ta receives more while tb is offline: tb sees it on its next pull,
	// its own unsent receipts counted meanwhile.
	recv(a, 1, 3, "")
	syncUntilEmpty(t, ca, 3)
	recv(b, 2, 1, "SN-2")
	if m := received(b); m[1] != 17 || m[2] != 2 {
		t.Fatalf("tb offline: %v, want 17 and 2 (its own new serial)", m)
	}
	syncUntilEmpty(t, cb, 3)
	if m := received(b); m[1] != 20 || m[2] != 2 {
		t.Fatalf("tb after the next sync: %v, want 20 and 2", m)
	}
}
