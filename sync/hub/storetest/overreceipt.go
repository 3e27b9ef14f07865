package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
)

// testOverReceipt: two terminals receiving one purchase order line, each
// within it on its own, take it past what was ordered together; the hub
// raises over_receipt on the receipt that does, once per line, and
// counts receipts within one push too. Receipts without a line, or on an
// order the hub does not have, are nothing to compare.
func testOverReceipt(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	if _, err := s.Import(ctx, demoBatch(), t0); err != nil { // PO1 line 1: 10 of gtinLot
		t.Fatal(err)
	}
	po2 := store.Batch{PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO2", Supplier: "ACME", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: gtinLot, Qty: 3}}}}}
	if _, err := s.Import(ctx, po2, t0); err != nil {
		t.Fatal(err)
	}
	rcv := func(dev string, seq, qty int64, doc string, line int) inventory.Event {
		e := Ev(dev, seq, inventory.KindReceive, gtinLot, "L1", "", qty, "", "DOCK")
		e.Expiry, e.Doc, e.DocLine = "2027-01-31", doc, line
		return e
	}
	codes := func(r wire.PushResponse) map[int64]string {
		out := map[int64]string{}
		for _, x := range r.Rejected {
			out[x.Seq] = x.Code
		}
		return out
	}
	if r := push(t, s, "t1", rcv("t1", 1, 6, "PO1", 1)); len(r.Rejected) != 0 {
		t.Fatalf("6 of 10: %+v", r.Rejected)
	}
	if r := push(t, s, "t2", rcv("t2", 1, 4, "PO1", 1)); len(r.Rejected) != 0 {
		t.Fatalf("10 of 10, the order filled exactly: %+v", r.Rejected)
	}
	r := push(t, s, "t2", rcv("t2", 2, 1, "PO1", 1))
	if len(r.Rejected) != 1 || r.Rejected[0].Code != "over_receipt" {
		t.Fatalf("11 of 10 across two terminals: %+v", r.Rejected)
	}
	for _, w := range []string{"event t2-2", "PO1 line 1", "11 received of 10 ordered", "1 unit more"} {
		if !strings.Contains(r.Rejected[0].Message, w) {
			t.Errorf("over_receipt message %q lacks %q", r.Rejected[0].Message, w)
		}
	}
	r = push(t, s, "t1",
		rcv("t1", 2, 2, "PO1", 1),     // the line is already over: no second exception
		rcv("t1", 3, 5, "PO1", 0),     // no line to compare with
		rcv("t1", 4, 2, "PO2", 1),     // 2 of 3
		rcv("t1", 5, 2, "PO2", 1),     // 4 of 3, in the same push
		rcv("t1", 6, 50, "PO-404", 1)) // an order the hub does not have
	if got := codes(r); len(got) != 2 || got[5] != "over_receipt" || got[6] != "unknown_document" {
		t.Fatalf("one push: rejections %v, want over_receipt for seq 5 and unknown_document for the order the hub lacks", got)
	}
	n := 0
	for _, x := range exceptions(t, s) {
		if x.Code == "over_receipt" {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("hub holds %d over_receipt exceptions, want 2", n)
	}
}

// testOverReceiptConcurrent: devices receiving on one order line at the
// same moment, through two store handles (two hub processes), take their
// turns on the order: the line goes over once and raises once.
func testOverReceiptConcurrent(t *testing.T, open func(t *testing.T) store.Store) {
	a, b := open(t), open(t)
	const devices, ordered = 8, 5
	po := store.Batch{PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-C", Supplier: "ACME", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: gtinLot, Qty: ordered}}}}}
	if _, err := a.Import(ctx, po, t0); err != nil {
		t.Fatal(err)
	}
	for d := range devices {
		device(t, a, fmt.Sprintf("c%d", d))
	}
	var wg sync.WaitGroup
	errc := make(chan error, devices)
	for d := range devices {
		st, name := a, fmt.Sprintf("c%d", d)
		if d%2 == 1 {
			st = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := Ev(name, 1, inventory.KindReceive, gtinLot, "L1", "", 1, "", "DOCK")
			e.Doc, e.DocLine = "PO-C", 1
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
	n := 0
	for _, x := range exceptions(t, a) {
		if x.Code == "over_receipt" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d devices received 1 each on a line of %d: %d over_receipt exceptions, want 1", devices, ordered, n)
	}
}
