package storetest

import (
	"strconv"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testDocProgress: what each device received on a PO line (and picked,
// shipped, returned on other documents) reaches the other devices on
// pull, one total per line and device, its own too (the terminal counts
// its events up to IncludesSeq from it; the HTTP layer leaves it out for a
// terminal that does not ask for it); a later
// push replaces the total under a newer version; an event stored but not
// applied does not count; paging one item at a time loses nothing.
func testDocProgress(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	for _, d := range []string{"t1", "t2", "t3"} {
		device(t, s, d)
	}
	rcv := func(dev string, seq int64, line int, qty int64) inventory.Event {
		e := Ev(dev, seq, inventory.KindReceive, gtinLot, "L1", "", qty, "", "DOCK")
		e.Doc, e.DocLine = "PO-1", line
		return e
	}
	pick := Ev("t1", 3, inventory.KindPick, gtinLot, "L1", "", 2, "DOCK", "STAGE")
	pick.Doc, pick.DocLine = "PL-1", 1
	bad := rcv("t1", 4, 1, 0) // quantity 0: stored, not applied
	push(t, s, "t1", rcv("t1", 1, 1, 5), rcv("t1", 2, 1, 3), pick, bad)
	push(t, s, "t2", rcv("t2", 1, 1, 4), rcv("t2", 2, 2, 1))

	byKey := func(ps []inventory.DocProgress) map[string]int64 {
		m := map[string]int64{}
		for _, p := range ps {
			m[p.Device+" "+p.Doc+" "+string(p.Kind)+" "+strconv.Itoa(p.Line)] = p.Qty
		}
		return m
	}
	ch, cur1 := pullAll(t, s, "t1", "", 1)
	if got := byKey(ch.Progress); len(got) != 4 || got["t2 PO-1 receive 1"] != 4 || got["t2 PO-1 receive 2"] != 1 ||
		got["t1 PO-1 receive 1"] != 8 || got["t1 PL-1 pick 1"] != 2 {
		t.Fatalf("t1 pulls t2's progress and its own: %v", got)
	}
	ch, _ = pullAll(t, s, "t3", "", 2)
	if got := byKey(ch.Progress); len(got) != 4 || got["t1 PO-1 receive 1"] != 8 || got["t1 PL-1 pick 1"] != 2 || got["t2 PO-1 receive 1"] != 4 {
		t.Fatalf("t3 pulls everyone's progress: %v", got)
	}
	// t2 receives 6 more on line 1: t1 gets the new total from its cursor.
	push(t, s, "t2", rcv("t2", 3, 1, 6))
	ch, _ = pullAll(t, s, "t1", cur1, 100)
	if len(ch.Progress) != 1 || ch.Progress[0].Device != "t2" || ch.Progress[0].Line != 1 || ch.Progress[0].Qty != 10 {
		t.Fatalf("t1 after t2 received 6 more: %+v", ch.Progress)
	}
}
