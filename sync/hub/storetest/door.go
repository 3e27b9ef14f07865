package storetest

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testDoorRefusesImpossible: events no warehouse can produce (a quantity
// that would wrap stock, a 100 kB lot, markup for a GTIN, a path for a
// location) are stored as invalid_event exceptions, never applied to stock
// or master data, and the queue behind them continues.
func testDoorRefusesImpossible(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	bad := []inventory.Event{
		Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 9223372036854775807, "", "A-01"),
		Ev("t1", 2, inventory.KindReceive, gtinLot, strings.Repeat("L", 100<<10), "", 5, "", "A-01"),
		Ev("t1", 3, inventory.KindReceive, "<script>alert(1)</script>", "", "", 5, "", "A-01"),
		Ev("t1", 4, inventory.KindReceive, gtinPlain, "", "", 5, "", "../../etc/shadow"),
		Ev("t1", 5, inventory.KindReceive, gtinLot, "L 1", "", 5, "", "A-01"),
	}
	r := push(t, s, "t1", append(bad, Ev("t1", 6, inventory.KindReceive, gtinLot, "L1", "", 5, "", "A-01"))...)
	if r.AckSeq != 6 || len(r.Rejected) != len(bad) {
		t.Fatalf("push = %+v, want ack 6 and %d rejections", r, len(bad))
	}
	for i, rj := range r.Rejected {
		if rj.Seq != int64(i+1) || rj.Code != "invalid_event" {
			t.Errorf("rejection %d = %+v, want invalid_event for seq %d", i, rj, i+1)
		}
		if len(rj.Message) > 400 {
			t.Errorf("rejection %d message of %d bytes: the value must be shortened", i, len(rj.Message))
		}
	}
	// Stock of L1 at A-01 is the valid receipt's 5, not 5 + 2^63-1: a pick
	// of 6 goes below zero.
	r = push(t, s, "t1", Ev("t1", 7, inventory.KindPick, gtinLot, "L1", "", 6, "A-01", "STAGE"))
	if len(r.Rejected) != 1 || r.Rejected[0].Code != "negative_stock" {
		t.Fatalf("pick of 6 after the refusals = %+v, want negative_stock (stock 5)", r)
	}
	m, err := s.Master(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range m.Lots {
		if len(l.Lot) > inventory.MaxLotLen || strings.Contains(l.Lot, " ") {
			t.Fatalf("a refused event's lot became master data: %.40q", l.Lot)
		}
	}
}
