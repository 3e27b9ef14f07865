package storetest

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testShortShelfLife: the hub re-checks the minimum remaining shelf life
// (the stricter of the product's and the order's customer's) on every
// pick and ship of a lot, judged on the event's date. A pick or ship of a
// lot with fewer days left is applied and raises short_shelf_life naming
// the expiry, the date it needed and whose rule it was; a lot with
// enough, or an order and product without a minimum, raises nothing.
func testShortShelfLife(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	if _, err := s.Import(ctx, demoBatch(), t0); err != nil {
		t.Fatal(err)
	}
	b := store.Batch{
		Products: []inventory.Product{{GTIN: gtinLot, SKU: "P2", Name: "Lotted", Tracking: inventory.TrackLot, ExpiryRequired: true, MinShelfLifeDays: 30}},
		SalesOrders: []inventory.SalesOrder{
			{ID: "SO-H", Customer: "Hospital", MinShelfLifeDays: 180, Lines: []inventory.SOLine{{Line: 1, GTIN: gtinLot, Qty: 5}}},
			{ID: "SO-P", Customer: "Pharmacy", Lines: []inventory.SOLine{{Line: 1, GTIN: gtinLot, Qty: 5}}},
		},
		PickLists: []inventory.PickList{{ID: "PL-H", SalesOrder: "SO-H", Lines: []inventory.PickLine{{Line: 1, GTIN: gtinLot, Qty: 5}}}},
	}
	if _, err := s.Import(ctx, b, t0); err != nil {
		t.Fatal(err)
	}
	rcv := func(seq int64, lot, expiry string) inventory.Event {
		e := Ev("t1", seq, inventory.KindReceive, gtinLot, lot, "", 10, "", "A-01")
		e.Expiry = expiry
		return e
	}
	out := func(seq int64, kind inventory.EventKind, lot, doc string) inventory.Event {
		e := Ev("t1", seq, kind, gtinLot, lot, "", 1, "A-01", "STAGE")
		if kind == inventory.KindShip {
			e.To = ""
		}
		e.Doc, e.DocLine = doc, 1
		return e
	}
	// Events are dated t0 (2026-11-26) plus seq seconds: 180 days on is
	// 2027-05-25, 30 days on 2026-12-26.
	push(t, s, "t1", rcv(1, "SHORT", "2027-03-31"), rcv(2, "LONG", "2027-12-31"), rcv(3, "EDGE", "2027-05-25"), rcv(4, "WEEK", "2026-12-03"))
	r := push(t, s, "t1",
		out(5, inventory.KindPick, "SHORT", "PL-H"), // the customer's 180 days, through the pick list's order
		out(6, inventory.KindShip, "SHORT", "SO-H"),
		out(7, inventory.KindPick, "LONG", "PL-H"),
		out(8, inventory.KindShip, "EDGE", "SO-H"),  // exactly 180 days left: enough
		out(9, inventory.KindShip, "SHORT", "SO-P"), // no customer rule; the product's 30 days are met
		out(10, inventory.KindShip, "WEEK", "SO-P"), // the product's 30 days are not
	)
	want := map[int64]string{5: "short_shelf_life", 6: "short_shelf_life", 10: "short_shelf_life"}
	if r.AckSeq != 10 || len(r.Rejected) != len(want) {
		t.Fatalf("picks and ships of short lots: %+v", r)
	}
	for _, x := range r.Rejected {
		if want[x.Seq] != x.Code {
			t.Errorf("seq %d raised %s, want %q", x.Seq, x.Code, want[x.Seq])
		}
		switch x.Seq {
		case 5, 6:
			if !strings.Contains(x.Message, "expires 2027-03-31, short of the 180 days' shelf life Hospital (SO-H) asks (2027-05-25 or later)") {
				t.Errorf("seq %d: %q does not say the expiry, the date needed and whose rule", x.Seq, x.Message)
			}
		case 10:
			if !strings.Contains(x.Message, "30 days' shelf life the product "+gtinLot) || !strings.Contains(x.Message, "Pharmacy (SO-P)") {
				t.Errorf("seq 10: %q does not name the product's rule and the customer", x.Message)
			}
		}
	}
	if n := len(events(t, s, store.EventFilter{Device: "t1"})); n != 10 {
		t.Fatalf("hub holds %d of 10 events: a breach must not drop the event", n)
	}
}

// testReasonsInChanges: override reason codes are master data: imported,
// pulled by terminals with a version, re-imported unchanged without a new
// one, and listed by Master.
func testReasonsInChanges(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	b := store.Batch{Reasons: []inventory.Reason{{Code: "NOTFOUND", Label: "listed lot not found", Active: true}, {Code: "OLD", Label: "retired"}}}
	if res, err := s.Import(ctx, b, t0); err != nil || res.Inserted != 2 {
		t.Fatalf("import reasons: %+v, %v", res, err)
	}
	ch, cur := pullAll(t, s, "t1", "", 0)
	if len(ch.Reasons) != 2 || ch.Reasons[0].Version == 0 {
		t.Fatalf("pulled reasons %+v", ch.Reasons)
	}
	got := map[string]inventory.Reason{}
	for _, r := range ch.Reasons {
		got[r.Code] = r
	}
	if !got["NOTFOUND"].Active || got["NOTFOUND"].Label != "listed lot not found" || got["OLD"].Active {
		t.Fatalf("pulled reasons %+v", ch.Reasons)
	}
	if res, err := s.Import(ctx, b, t0); err != nil || res.Unchanged != 2 {
		t.Fatalf("re-import: %+v, %v", res, err)
	}
	if ch, _ := pullAll(t, s, "t1", cur, 0); len(ch.Reasons) != 0 {
		t.Fatalf("unchanged reasons pulled again: %+v", ch.Reasons)
	}
	if m, err := s.Master(ctx); err != nil || len(m.Reasons) != 2 {
		t.Fatalf("master reasons %+v, %v", m.Reasons, err)
	}
}
