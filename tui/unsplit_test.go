package tui

import (
	"slices"
	"testing"
	"time"

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

// TestScannerThatKeepsGSIsTrusted: once the handheld's scanner has sent a
// GS between two elements, its lot that reads like lot and serial is taken
// as it reads; a scan from the keyboard wedge is still held.
func TestScannerThatKeepsGSIsTrusted(t *testing.T) {
	db := openDB(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.scan("PO-1")
	from := func(source, text string) {
		h.now = h.now.Add(time.Second)
		h.send(ScanMsg{Text: text, Source: source, At: h.now})
	}
	swallowed := "]C101" + gtinLot + "17271231" + "10L121SN-9"
	from("wedge", swallowed)
	h.must("L121SN-9 may hide", "Scan ITEM")
	from("serial", "]C101"+gtinLot+"10L7\x1d17271231") // a GS after the lot: this scanner keeps them
	h.must("Key QTY")
	h.key("esc")
	h.must("Scan ITEM")
	from("serial", "]C101"+gtinLot+"17271231"+"10LX21SN-7") // not a repeat of the held scan
	h.mustNot("may hide")
	h.must("Key QTY")
}
