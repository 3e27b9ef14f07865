package client_test

import (
	"context"
	"errors"
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

// TestProgressCopiedAndRestored: a document's progress on a terminal whose
// data folder was copied onto a second handheld, or restored from a
// backup, counts each receipt once, whoever holds it in their ledger: the
// copy's shared receipts are the original's on the hub, and the receipts
// the hub holds but a restored folder lost still count. On both stores.
func TestProgressCopiedAndRestored(t *testing.T) {
	for name, dsn := range dsns(t) {
		t.Run(name, func(t *testing.T) { testProgressCopiedAndRestored(t, dsn(t)) })
	}
}

func testProgressCopiedAndRestored(t *testing.T, dsn string) {
	h := startHub(t, dsn)
	ctx := context.Background()
	po := inventory.PurchaseOrder{ID: "PO-88", Supplier: "ACME", Lines: []inventory.POLine{{Line: 1, GTIN: gtinBox, Qty: 1000}}}
	if _, err := h.store().Import(ctx, hub.Batch{PurchaseOrders: []inventory.PurchaseOrder{po}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	recv := func(tm *terminal, n int) {
		t.Helper()
		for range n {
			if _, err := tm.db.Append(ctx, inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: gtinBox, Qty: 1, To: "DOCK1", Doc: "PO-88", DocLine: 1}); err != nil {
				t.Fatal(err)
			}
		}
	}
	hubTotal := func() int64 {
		t.Helper()
		ps, err := h.store().DocProgress(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, p := range ps {
			if p.Doc == "PO-88" && p.Kind == string(inventory.KindReceive) {
				n += p.Qty
			}
		}
		return n
	}
	check := func(tm *terminal, want int64, when string) {
		t.Helper()
		m, err := tm.db.Received(ctx, "PO-88")
		if err != nil || m[1] != want {
			t.Fatalf("%s: %s shows %d received (%v), want %d", when, tm.dir, m[1], err, want)
		}
	}
	synced := func(tm *terminal, when string) {
		t.Helper()
		if rep, err := tm.syncOnce(); err != nil || rep.Queue != 0 {
			t.Fatalf("%s: sync of %s: %+v %v", when, tm.dir, rep, err)
		}
	}

	a := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	recv(a, 10)
	synced(a, "first sync")
	check(a, 10, "after the first sync")

	b := a.clone("t1-copy")
	check(b, 10, "the copy as copied")
	recv(a, 5)
	synced(a, "the original's sync")
	recv(b, 4)
	check(b, 14, "the copy offline") // the hub's 10 as of the copy, and its own 4
	if _, err := b.syncOnce(); !errors.Is(err, client.ErrDiverged) {
		t.Fatalf("the copy's sync: %v, want ErrDiverged", err)
	}
	check(b, 14, "the copy refused")
	b.enrolWith(h.url(), h.addDevice("t2"))
	synced(b, "the copy's sync as t2")
	if n := hubTotal(); n != 19 {
		t.Fatalf("hub counts %d received, want 10 + 5 + 4", n)
	}
	check(b, 19, "the copy synced")
	synced(a, "the original's next sync")
	check(a, 19, "the original synced")

	backup := a.snapshot()
	recv(a, 6)
	synced(a, "before the restore")
	check(a, 25, "before the restore")
	a.restore(backup)
	check(a, 19, "restored") // the backup's view: stale, never doubled
	recv(a, 2)
	check(a, 21, "restored, two new receipts")
	if _, err := a.syncOnce(); !errors.Is(err, client.ErrDiverged) {
		t.Fatalf("the restored terminal's sync: %v, want ErrDiverged", err)
	}
	code, err := hub.ReinstateDevice(ctx, h.store(), "t1", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	a.enrolWith(h.url(), code)
	// Enrolled again but not yet synced: its ledger's included part is
	// still the hub's, not counted again.
	check(a, 21, "reinstated, before its sync")
	synced(a, "the reinstated terminal's sync")
	if n := hubTotal(); n != 27 {
		t.Fatalf("hub counts %d received, want 25 + 2", n)
	}
	check(a, 27, "reinstated and synced") // the 6 its folder lost still count
	synced(b, "the copy's last sync")
	check(b, 27, "the copy at the end")
}
