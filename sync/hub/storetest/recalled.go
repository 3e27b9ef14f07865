package storetest

import (
	"slices"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
)

// testRecalledLotMessages: the exception for a recalled lot says what
// happened in the supervisor's terms: a ship names the customer and sales
// order (whom to call), a move inside the building says it moves the lot.
// The code stays recalled_lot_moved for every kind.
func testRecalledLotMessages(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	if _, err := s.Import(ctx, demoBatch(), t0); err != nil {
		t.Fatal(err)
	}
	push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 10, "", "DOCK"))
	if _, err := s.SetLotStatus(ctx, gtinLot, "L1", inventory.LotRecalled, t0); err != nil {
		t.Fatal(err)
	}
	ship := func(seq int64, qty int64, doc string) inventory.Event {
		e := Ev("t1", seq, inventory.KindShip, gtinLot, "L1", "", qty, "DOCK", "")
		e.Doc = doc
		return e
	}
	r := push(t, s, "t1",
		Ev("t1", 2, inventory.KindMove, gtinLot, "L1", "", 5, "DOCK", "A-01"),
		ship(3, 2, "SO1"),
		ship(4, 1, "SO-404"),
		ship(5, 1, ""),
		ship(6, 1, "SO1"))
	want := map[int64][]string{
		2: {"event t1-2 (move by t1 seq 2", "moves lot L1 of " + gtinLot + ", recalled at the hub"},
		3: {"event t1-3 (ship by t1 seq 3", "ships recalled lot L1 of " + gtinLot + " to Shop (SO1): 2 units, recalled at the hub"},
		4: {"ships recalled lot L1 of " + gtinLot + " to an unknown customer (SO-404, no such sales order on the hub): 1 unit"},
		5: {"ships recalled lot L1 of " + gtinLot + " to an unknown customer (the ship names no sales order)"},
		6: {"to Shop (SO1): 1 unit"},
	}
	// SO-404 is also an unknown document: that one is not this test's.
	r.Rejected = slices.DeleteFunc(r.Rejected, func(x wire.Rejection) bool { return x.Seq == 4 && x.Code == "unknown_document" })
	if len(r.Rejected) != len(want) {
		t.Fatalf("rejections: %+v", r.Rejected)
	}
	for _, x := range r.Rejected {
		if x.Code != "recalled_lot_moved" {
			t.Errorf("seq %d: code %q, want recalled_lot_moved", x.Seq, x.Code)
		}
		for _, w := range want[x.Seq] {
			if !strings.Contains(x.Message, w) {
				t.Errorf("seq %d: message %q lacks %q", x.Seq, x.Message, w)
			}
		}
	}
	// The stored exceptions (what scanhub exceptions and the terminal's
	// pull show) carry the same words.
	found := false
	for _, x := range exceptions(t, s) {
		if x.EventID == "t1-3" {
			found = true
			if !strings.Contains(x.Message, "to Shop (SO1)") {
				t.Errorf("stored exception: %+v", x)
			}
		}
	}
	if !found {
		t.Error("no stored exception for the ship t1-3")
	}
}
