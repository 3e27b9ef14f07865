package storetest

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testCountedSerials: a count that does not find a unit writes it off
// (adjust -1 from where it was) and a later count that finds it brings it
// back, with no exception; a write-off or a count at a place another
// terminal moved the unit away from raises serial_location, and the
// events are kept all the same.
func testCountedSerials(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	r := push(t, s, "t1",
		Ev("t1", 1, inventory.KindReceive, gtinSerial, "", "S1", 1, "", "A-01"),
		Ev("t1", 2, inventory.KindReceive, gtinSerial, "", "S2", 1, "", "A-01"),
		writeOff("t1", 3, "S2", "A-01"),
		Ev("t1", 4, inventory.KindCount, gtinSerial, "", "S2", 1, "", "A-01"), // found at the next count
		writeOff("t1", 5, "S1", "A-01"),
		Ev("t1", 6, inventory.KindReceive, gtinSerial, "", "S1", 1, "", "DOCK")) // a written-off unit may come in again
	if len(r.Rejected) != 0 || r.AckSeq != 6 {
		t.Fatalf("count, write-off and recount: %+v", r)
	}
	// t2 moved S2 to B-01 while t1, offline, counted A-01 without it.
	push(t, s, "t2", Ev("t2", 1, inventory.KindMove, gtinSerial, "", "S2", 1, "A-01", "B-01"))
	r = push(t, s, "t1", writeOff("t1", 7, "S2", "A-01"),
		Ev("t1", 8, inventory.KindCount, gtinSerial, "", "S1", 1, "", "A-01")) // S1 is on the dock
	if len(r.Rejected) != 2 || r.Rejected[0].Code != "serial_location" || r.Rejected[1].Code != "serial_location" || r.AckSeq != 8 {
		t.Fatalf("write-off and count where the hub has the unit elsewhere: %+v", r)
	}
	if n := len(events(t, s, store.EventFilter{Device: "t1"})); n != 8 {
		t.Fatalf("hub holds %d of t1's 8 events", n)
	}
}

// testSerialCountStock: counting serialised units one by one keeps the
// hub's stock of their product at the place (a count of a serial is "this
// unit is here", not "there is 1 here"), so moving them out afterwards
// raises no negative_stock; a unit counted where another terminal had put
// it elsewhere moves in stock too.
func testSerialCountStock(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	count := func(seq int64, serial, at string) inventory.Event {
		return Ev("t1", seq, inventory.KindCount, gtinSerial, "L1", serial, 1, "", at)
	}
	r := push(t, s, "t1",
		Ev("t1", 1, inventory.KindReceive, gtinSerial, "L1", "S1", 1, "", "A-01"),
		Ev("t1", 2, inventory.KindReceive, gtinSerial, "L1", "S2", 1, "", "A-01"),
		Ev("t1", 3, inventory.KindReceive, gtinSerial, "L1", "S3", 1, "", "A-01"),
		count(4, "S1", "A-01"), count(5, "S2", "A-01"), count(6, "S3", "A-01"), // all there: 3 at A-01
		Ev("t1", 7, inventory.KindMove, gtinSerial, "L1", "S1", 1, "A-01", "B-01"),
		Ev("t1", 8, inventory.KindMove, gtinSerial, "L1", "S2", 1, "A-01", "B-01"),
		Ev("t1", 9, inventory.KindMove, gtinSerial, "L1", "S3", 1, "A-01", "B-01")) // 0 at A-01, 3 at B-01
	if len(r.Rejected) != 0 || r.AckSeq != 9 {
		t.Fatalf("receive, count each unit, move them all out: %+v", r)
	}
	// t2 moves S3 to C-01; t1, not knowing, counts it at B-01 (it is
	// there): one exception, and stock follows the count (B-01 has 3
	// again), so moving the three out of B-01 is not below zero.
	push(t, s, "t2", Ev("t2", 1, inventory.KindMove, gtinSerial, "L1", "S3", 1, "B-01", "C-01"))
	r = push(t, s, "t1", count(10, "S3", "B-01"),
		Ev("t1", 11, inventory.KindMove, gtinSerial, "L1", "S1", 1, "B-01", "D-01"),
		Ev("t1", 12, inventory.KindMove, gtinSerial, "L1", "S2", 1, "B-01", "D-01"),
		Ev("t1", 13, inventory.KindMove, gtinSerial, "L1", "S3", 1, "B-01", "D-01"))
	if len(r.Rejected) != 1 || r.Rejected[0].Seq != 10 || r.Rejected[0].Code != "serial_location" {
		t.Fatalf("count of a unit the hub had elsewhere, then moving all three out: %+v", r)
	}
}

// testWriteOffElsewhere: a write-off takes the unit from where the hub
// has it, even when the terminal that wrote it off thought it elsewhere
// (one serial_location, stock right at both places), and a second
// write-off of a unit already gone changes nothing.
func testWriteOffElsewhere(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinSerial, "", "S1", 1, "", "A-01"))
	push(t, s, "t2", Ev("t2", 1, inventory.KindMove, gtinSerial, "", "S1", 1, "A-01", "B-01")) // 0, B-01: 1
	r := push(t, s, "t1", writeOff("t1", 2, "S1", "A-01"))                                     // B-01: 0
	if len(r.Rejected) != 1 || r.Rejected[0].Code != "serial_location" {
		t.Fatalf("write-off of a unit another terminal had moved: %+v", r)
	}
	// Had the write-off taken from A-01, this would go below zero there.
	r = push(t, s, "t1", Ev("t1", 3, inventory.KindReceive, gtinSerial, "", "S2", 1, "", "A-01"),
		Ev("t1", 4, inventory.KindMove, gtinSerial, "", "S2", 1, "A-01", "C-01"))
	if len(r.Rejected) != 0 {
		t.Fatalf("receive and move at A-01 after the write-off: %+v", r)
	}
	// t2 writes S1 off too, at B-01: it is gone already, nothing changes,
	// so B-01 is not below zero after a unit in and out.
	r = push(t, s, "t2", writeOff("t2", 2, "S1", "B-01"),
		Ev("t2", 3, inventory.KindReceive, gtinSerial, "", "S3", 1, "", "B-01"),
		Ev("t2", 4, inventory.KindMove, gtinSerial, "", "S3", 1, "B-01", "C-01"))
	if len(r.Rejected) != 0 || r.AckSeq != 4 {
		t.Fatalf("second write-off, then a unit in and out of B-01: %+v", r)
	}
	// The same for a move: t1 counts S4 at D-01 where the hub had it at
	// E-01 (stock follows: E-01 0, D-01 1); t2, not knowing, moves S4 out
	// of E-01. The hub takes it from D-01, where it has it, so E-01 does
	// not go below zero when another unit passes through.
	push(t, s, "t2", Ev("t2", 5, inventory.KindReceive, gtinSerial, "", "S4", 1, "", "E-01"))
	push(t, s, "t1", Ev("t1", 5, inventory.KindCount, gtinSerial, "", "S4", 1, "", "D-01"))
	r = push(t, s, "t2", Ev("t2", 6, inventory.KindMove, gtinSerial, "", "S4", 1, "E-01", "F-01"))
	if len(r.Rejected) != 1 || r.Rejected[0].Code != "serial_location" {
		t.Fatalf("move of a unit from where the hub no longer has it: %+v", r)
	}
	r = push(t, s, "t2", Ev("t2", 7, inventory.KindReceive, gtinSerial, "", "S6", 1, "", "E-01"),
		Ev("t2", 8, inventory.KindMove, gtinSerial, "", "S6", 1, "E-01", "F-01"),
		Ev("t2", 9, inventory.KindReceive, gtinSerial, "", "S7", 1, "", "D-01"),
		Ev("t2", 10, inventory.KindMove, gtinSerial, "", "S7", 1, "D-01", "F-01"))
	if len(r.Rejected) != 0 {
		t.Fatalf("units through E-01 and D-01 afterwards: %+v", r)
	}
}

// writeOff is the adjustment a count records for a serialised unit it did
// not find.
func writeOff(dev string, seq int64, serial, from string) inventory.Event {
	e := Ev(dev, seq, inventory.KindAdjust, gtinSerial, "", serial, -1, from, "")
	e.Note = "count: not found"
	return e
}
