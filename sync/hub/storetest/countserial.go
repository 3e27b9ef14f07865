package storetest

import (
	"testing"

	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
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
	writeOff := func(dev string, seq int64, serial, from string) wire.Event {
		e := Ev(dev, seq, wire.KindAdjust, gtinSerial, "", serial, -1, from, "")
		e.Note = "count: not found"
		return e
	}
	r := push(t, s, "t1",
		Ev("t1", 1, wire.KindReceive, gtinSerial, "", "S1", 1, "", "A-01"),
		Ev("t1", 2, wire.KindReceive, gtinSerial, "", "S2", 1, "", "A-01"),
		writeOff("t1", 3, "S2", "A-01"),
		Ev("t1", 4, wire.KindCount, gtinSerial, "", "S2", 1, "", "A-01"), // found at the next count
		writeOff("t1", 5, "S1", "A-01"),
		Ev("t1", 6, wire.KindReceive, gtinSerial, "", "S1", 1, "", "DOCK")) // a written-off unit may come in again
	if len(r.Rejected) != 0 || r.AckSeq != 6 {
		t.Fatalf("count, write-off and recount: %+v", r)
	}
	// t2 moved S2 to B-01 while t1, offline, counted A-01 without it.
	push(t, s, "t2", Ev("t2", 1, wire.KindMove, gtinSerial, "", "S2", 1, "A-01", "B-01"))
	r = push(t, s, "t1", writeOff("t1", 7, "S2", "A-01"),
		Ev("t1", 8, wire.KindCount, gtinSerial, "", "S1", 1, "", "A-01")) // S1 is on the dock
	if len(r.Rejected) != 2 || r.Rejected[0].Code != "serial_location" || r.Rejected[1].Code != "serial_location" || r.AckSeq != 8 {
		t.Fatalf("write-off and count where the hub has the unit elsewhere: %+v", r)
	}
	if n := len(events(t, s, store.EventFilter{Device: "t1"})); n != 8 {
		t.Fatalf("hub holds %d of t1's 8 events", n)
	}
}
