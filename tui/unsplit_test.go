package tui

import (
	"slices"
	"testing"

	"github.com/scanterm/scanterm/tui/flow"
)

// A receipt scan whose lot swallowed the serial (the scanner dropped the
// GS) is held with the reading a GS would give; the same scan again keeps
// the lot whole and the event notes it.
func TestReceiveHoldsLotThatMayHideSerial(t *testing.T) {
	db := openDB(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.scan("PO-1")
	swallowed := "]C101" + gtinLot + "17271231" + "10L121SN-9"
	h.scan(swallowed)
	h.must("L121SN-9 may hide", "(10)L1(21)SN-9", "Scan ITEM")
	golden(t, h, "receive_unsplit_held")
	h.scan(swallowed)
	h.must("Key QTY")
	h.key("2")
	h.key("enter")
	h.scan("DOCK1")
	h.must("✓")
	ev := lastEvent(t, db)
	if ev.Lot != "L121SN-9" || !slices.Contains(ev.Flags, flow.FlagKeptWhole) {
		t.Fatalf("recorded %+v", ev)
	}
}
