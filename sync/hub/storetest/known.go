package storetest

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testUnknownReferences: an event at a location or on a document the
// hub's master data does not hold is applied (the goods are where the
// floor says) and flagged, unknown_location or unknown_document, naming
// the code; a document of the wrong kind for the event (a pick on a sales
// order's id) counts as unknown. Known ones raise nothing.
func testUnknownReferences(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	if _, err := s.Import(ctx, demoBatch(), t0); err != nil { // DOCK, PO1, PL1, SO1, RA1
		t.Fatal(err)
	}
	doc := func(e inventory.Event, d string) inventory.Event {
		e.Doc, e.Expiry = d, "2027-01-31"
		return e
	}
	r := push(t, s, "t1",
		doc(Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 10, "", "DOCK"), "PO1"),
		doc(Ev("t1", 2, inventory.KindReceive, gtinLot, "L1", "", 5, "", "GATE-9"), "PO-404"),
		doc(Ev("t1", 3, inventory.KindPick, gtinLot, "L1", "", 2, "DOCK", "STAGE"), "PL1"),
		doc(Ev("t1", 4, inventory.KindPick, gtinLot, "L1", "", 1, "DOCK", "STAGE"), "SO1"), // a sales order, not a pick list
		doc(Ev("t1", 5, inventory.KindShip, gtinLot, "L1", "", 2, "STAGE", ""), "SO1"),
		doc(Ev("t1", 6, inventory.KindReturn, gtinLot, "L1", "", 1, "", "DOCK"), "RA1"),
		doc(Ev("t1", 7, inventory.KindReturn, gtinLot, "L1", "", 1, "", "DOCK"), "SO1"),
		Ev("t1", 8, inventory.KindMove, gtinLot, "L1", "", 1, "GATE-9", "YARD"))
	want := map[int64][]string{
		2: {"unknown_location", "GATE-9", "unknown_document", "PO-404", "no purchase order"},
		4: {"unknown_document", "SO1", "no pick list"},
		8: {"unknown_location", "locations GATE-9 and YARD"},
	}
	got := map[int64]string{}
	for _, x := range r.Rejected {
		got[x.Seq] += x.Code + " " + x.Message + "\n"
	}
	for seq, w := range want {
		for _, part := range w {
			if !strings.Contains(got[seq], part) {
				t.Errorf("seq %d: exceptions %q lack %q", seq, got[seq], part)
			}
		}
	}
	for seq, g := range got {
		if want[seq] == nil {
			t.Errorf("seq %d at known places on known documents raised %q", seq, g)
		}
	}
	if r.AckSeq != 8 {
		t.Fatalf("ack %d, want 8: the queue goes on", r.AckSeq)
	}
	rows, err := s.Stock(ctx, store.StockFilter{GTINs: []string{gtinLot}, Locations: []string{"GATE-9", "YARD"}})
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int64{}
	for _, row := range rows {
		at[row.Location] += row.Qty
	}
	if at["GATE-9"] != 4 || at["YARD"] != 1 {
		t.Errorf("stock at the unknown places %v, want GATE-9 4 and YARD 1: flagged events are applied", at)
	}
}
