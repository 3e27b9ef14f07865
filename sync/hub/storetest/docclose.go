package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testDocClosedWhenDone: the push that completes a document, counting
// every device's events, closes it (a new version, so terminals learn it
// at pull): a pick list picked by two terminals, a sales order, a return
// authorisation. A document not yet complete stays open, and so does a
// purchase order received in full (over-receipt stays possible, flagged);
// an import of a closed document opens it again.
func testDocClosedWhenDone(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	batch := store.Batch{
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-D", Supplier: "ACME", Status: inventory.DocOpen,
			Lines: []inventory.POLine{{Line: 1, GTIN: gtinLot, Qty: 3}, {Line: 2, GTIN: gtinLot, Qty: 2}}}},
		PickLists: []inventory.PickList{{ID: "PL-D", SalesOrder: "SO-D", Status: inventory.DocOpen,
			Lines: []inventory.PickLine{{Line: 1, GTIN: gtinLot, Lot: "L1", Qty: 2, From: "DOCK"}}}},
		SalesOrders: []inventory.SalesOrder{{ID: "SO-D", Customer: "Clinic", Status: inventory.DocOpen,
			Lines: []inventory.SOLine{{Line: 1, GTIN: gtinLot, Qty: 2}}}},
		Returns: []inventory.ReturnAuth{{ID: "RA-D", SalesOrder: "SO-D", Customer: "Clinic", Status: inventory.DocOpen,
			Lines: []inventory.RetLine{{Line: 1, GTIN: gtinLot, Lot: "L1", Qty: 1}}}},
	}
	if _, err := s.Import(ctx, batch, t0); err != nil {
		t.Fatal(err)
	}
	status := func(id string) inventory.DocStatus {
		t.Helper()
		m, err := s.Master(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range m.PurchaseOrders {
			if d.ID == id {
				return d.Status
			}
		}
		for _, d := range m.PickLists {
			if d.ID == id {
				return d.Status
			}
		}
		for _, d := range m.SalesOrders {
			if d.ID == id {
				return d.Status
			}
		}
		for _, d := range m.Returns {
			if d.ID == id {
				return d.Status
			}
		}
		t.Fatalf("no document %s", id)
		return ""
	}
	onDoc := func(e inventory.Event, doc string, line int) inventory.Event {
		e.Doc, e.DocLine, e.Expiry = doc, line, "2027-01-31"
		return e
	}
	push(t, s, "t1", onDoc(Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 3, "", "DOCK"), "PO-D", 1))
	push(t, s, "t2", onDoc(Ev("t2", 1, inventory.KindReceive, gtinLot, "L1", "", 2, "", "DOCK"), "PO-D", 2))
	if got := status("PO-D"); got != inventory.DocOpen {
		t.Fatalf("PO-D received in full: %s, want open (the ERP closes it)", got)
	}
	r := push(t, s, "t1", onDoc(Ev("t1", 2, inventory.KindReceive, gtinLot, "L1", "", 1, "", "DOCK"), "PO-D", 1))
	if len(r.Rejected) != 1 || r.Rejected[0].Code != "over_receipt" {
		t.Fatalf("a receipt past the order: %+v", r.Rejected)
	}

	_, cur := pullAll(t, s, "t1", "", 100)
	push(t, s, "t1", onDoc(Ev("t1", 3, inventory.KindPick, gtinLot, "L1", "", 1, "DOCK", "STAGE"), "PL-D", 1))
	if got := status("PL-D"); got != inventory.DocOpen {
		t.Fatalf("pick list half picked: %s", got)
	}
	push(t, s, "t2", onDoc(Ev("t2", 2, inventory.KindPick, gtinLot, "L1", "", 1, "DOCK", "STAGE"), "PL-D", 1))
	if got := status("PL-D"); got != inventory.DocClosed {
		t.Fatalf("pick list picked in full by two terminals: %s, want closed", got)
	}
	ch, _ := pullAll(t, s, "t1", cur, 100)
	if len(ch.PickLists) != 1 || ch.PickLists[0].ID != "PL-D" || ch.PickLists[0].Status != inventory.DocClosed ||
		len(ch.PickLists[0].Lines) != 1 || ch.PickLists[0].SalesOrder != "SO-D" {
		t.Fatalf("t1's next pull: %+v, want PL-D closed with its record intact", ch.PickLists)
	}
	push(t, s, "t2", onDoc(Ev("t2", 3, inventory.KindShip, gtinLot, "L1", "", 1, "STAGE", ""), "SO-D", 1))
	if got := status("SO-D"); got != inventory.DocOpen {
		t.Fatalf("order half shipped: %s, want open", got)
	}
	push(t, s, "t1", onDoc(Ev("t1", 4, inventory.KindShip, gtinLot, "L1", "", 1, "STAGE", ""), "SO-D", 1))
	push(t, s, "t2", onDoc(Ev("t2", 4, inventory.KindReturn, gtinLot, "L1", "", 1, "", "DOCK"), "RA-D", 1))
	if a, b := status("SO-D"), status("RA-D"); a != inventory.DocClosed || b != inventory.DocClosed {
		t.Fatalf("order shipped in full: %s; return received in full: %s; want both closed", a, b)
	}
	if _, err := s.Import(ctx, store.Batch{PickLists: batch.PickLists}, t0); err != nil {
		t.Fatal(err)
	}
	if got := status("PL-D"); got != inventory.DocOpen {
		t.Fatalf("PL-D imported again as open: %s", got)
	}
}

// testDocClosedConcurrent: eight devices, on two store handles, each pick
// one unit of a pick list of eight at once; the list ends closed (the
// pushes take turns on its record, so the last one sees the others).
func testDocClosedConcurrent(t *testing.T, open func(t *testing.T) store.Store) {
	a, b := open(t), open(t)
	const devices = 8
	pl := store.Batch{PickLists: []inventory.PickList{{ID: "PL-E", SalesOrder: "SO-E", Status: inventory.DocOpen,
		Lines: []inventory.PickLine{{Line: 1, GTIN: gtinLot, Qty: devices, From: "DOCK"}}}}}
	if _, err := a.Import(ctx, pl, t0); err != nil {
		t.Fatal(err)
	}
	for d := range devices {
		device(t, a, fmt.Sprintf("e%d", d))
	}
	var wg sync.WaitGroup
	errc := make(chan error, devices)
	for d := range devices {
		st, name := a, fmt.Sprintf("e%d", d)
		if d%2 == 1 {
			st = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := Ev(name, 1, inventory.KindPick, gtinLot, "L1", "", 1, "DOCK", "STAGE")
			e.Doc, e.DocLine = "PL-E", 1
			if _, err := st.Push(ctx, name, []inventory.Event{e}, t0); err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	m, err := b.Master(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range m.PickLists {
		if d.ID == "PL-E" {
			found = true
			if d.Status != inventory.DocClosed {
				t.Fatalf("%d devices picked the %d listed at once: PL-E %s, want closed", devices, devices, d.Status)
			}
		}
	}
	if !found {
		t.Fatal("no pick list PL-E")
	}
}
