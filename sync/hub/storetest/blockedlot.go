package storetest

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testBlockedLotOut: the hub re-checks the terminal's rule that a
// quarantined or expired lot is not picked or shipped. Such an event (a
// terminal that had not pulled the quarantine yet, or whose lot record was
// stale) is kept and applied, and raises an exception naming the lot and,
// for a ship, the customer. Moving a quarantined lot anywhere but into a
// quarantine location raises quarantined_lot_moved; moving it into
// quarantine is no breach, and neither is a pick before the expiry date.
func testBlockedLotOut(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	if _, err := s.Import(ctx, demoBatch(), t0); err != nil {
		t.Fatal(err)
	}
	so := store.Batch{
		SalesOrders: []inventory.SalesOrder{{ID: "SO-9", Customer: "Clinic North", Lines: []inventory.SOLine{{Line: 1, GTIN: gtinLot, Qty: 5}}}},
		Locations:   []inventory.Location{{Code: "QUAR", Kind: inventory.LocQuarantine, Warehouse: "W1"}, {Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1"}},
	}
	if _, err := s.Import(ctx, so, t0); err != nil {
		t.Fatal(err)
	}
	rcv := func(seq int64, lot, expiry string) inventory.Event {
		e := Ev("t1", seq, inventory.KindReceive, gtinLot, lot, "", 10, "", "A-01")
		e.Expiry = expiry
		return e
	}
	// Events are dated t0 (2026-11-26) plus seq seconds.
	push(t, s, "t1", rcv(1, "LQ", "2027-12-31"), rcv(2, "LX", "2026-11-25"), rcv(3, "LOK", "2026-11-26"))
	if _, err := s.SetLotStatus(ctx, gtinLot, "LQ", inventory.LotQuarantine, t0); err != nil {
		t.Fatal(err)
	}
	ship := func(seq int64, lot string) inventory.Event {
		e := Ev("t1", seq, inventory.KindShip, gtinLot, lot, "", 1, "STAGE", "")
		e.Doc = "SO-9"
		return e
	}
	r := push(t, s, "t1",
		Ev("t1", 4, inventory.KindMove, gtinLot, "LQ", "", 5, "A-01", "QUAR"), // into quarantine: fine
		Ev("t1", 5, inventory.KindPick, gtinLot, "LQ", "", 1, "A-01", "STAGE"),
		ship(6, "LQ"),
		Ev("t1", 7, inventory.KindPick, gtinLot, "LX", "", 1, "A-01", "STAGE"),
		ship(8, "LX"),
		Ev("t1", 9, inventory.KindPick, gtinLot, "LOK", "", 1, "A-01", "STAGE"),   // expires today: still pickable
		Ev("t1", 10, inventory.KindMove, gtinLot, "LQ", "", 2, "QUAR", "A-02"),    // out of quarantine into a bin
		Ev("t1", 11, inventory.KindPutaway, gtinLot, "LQ", "", 1, "A-01", "QUAR"), // into quarantine again: fine
		Ev("t1", 12, inventory.KindMove, gtinLot, "LX", "", 1, "A-01", "A-02"))    // expired is no hold on a move
	want := map[int64]string{5: "quarantined_lot_picked", 6: "quarantined_lot_shipped", 7: "expired_lot_picked", 8: "expired_lot_shipped", 10: "quarantined_lot_moved"}
	if r.AckSeq != 12 || len(r.Rejected) != len(want) {
		t.Fatalf("picks and ships of blocked lots: %+v", r)
	}
	for _, x := range r.Rejected {
		if want[x.Seq] != x.Code {
			t.Errorf("seq %d raised %s, want %q", x.Seq, x.Code, want[x.Seq])
		}
		if x.Code == "quarantined_lot_shipped" && (!strings.Contains(x.Message, "Clinic North (SO-9)") || !strings.Contains(x.Message, "quarantine")) {
			t.Errorf("ship of a quarantined lot: %q does not name the customer and the reason", x.Message)
		}
		if x.Code == "expired_lot_shipped" && !strings.Contains(x.Message, "expired 2026-11-25") {
			t.Errorf("ship of an expired lot: %q does not say when it expired", x.Message)
		}
		if x.Code == "quarantined_lot_moved" && (!strings.Contains(x.Message, "lot LQ") || !strings.Contains(x.Message, "to A-02, which is not a quarantine location")) {
			t.Errorf("move of a quarantined lot: %q does not name the lot and where it went", x.Message)
		}
	}
	if n := len(events(t, s, store.EventFilter{Device: "t1"})); n != 12 {
		t.Fatalf("hub holds %d of 12 events: a breach must not drop the event", n)
	}
}
