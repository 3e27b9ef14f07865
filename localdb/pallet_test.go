package localdb

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/scanterm/scanterm/inventory"
)

// testSSCC is a valid pallet label, (00)095060001234567893 (check digit 3).
const testSSCC = "095060001234567893"

// otherSSCC is a second valid SSCC (check digit 6).
const otherSSCC = "095060001234567886"

func onPallet(d inventory.Event, sscc string) inventory.Event {
	d.SSCC = sscc
	return d
}

func TestPalletContentsAndWhereaboutsFollowTheLedger(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	// A mixed pallet: 10 saline of lot L-P, two pumps; a second pallet and
	// a loose receipt of the same lot that must not be counted as ours.
	mustAppend(t, db, onPallet(receive(gtinLot, "L-P", "", "2028-06-30", 10, "DOCK1"), testSSCC))
	mustAppend(t, db, onPallet(receive(gtinSerial, "", "SN-1", "", 1, "DOCK1"), testSSCC))
	mustAppend(t, db, onPallet(receive(gtinSerial, "", "SN-2", "", 1, "DOCK1"), testSSCC))
	mustAppend(t, db, onPallet(receive(gtinLot, "L-P", "", "2028-06-30", 4, "DOCK1"), otherSSCC))
	mustAppend(t, db, receive(gtinLot, "L-P", "", "2028-06-30", 3, "DOCK1"))

	pl, err := db.Pallet(ctx, testSSCC)
	if err != nil {
		t.Fatal(err)
	}
	want := []PalletLine{
		{GTIN: gtinLot, Lot: "L-P", Expiry: "2028-06-30", Qty: 10, Doc: "PO-1", DocLine: 1,
			Places: []PalletPlace{{Location: "DOCK1", Qty: 10}}},
		{GTIN: gtinSerial, Qty: 2, Serials: []string{"SN-1", "SN-2"}, Doc: "PO-1", DocLine: 1,
			Places: []PalletPlace{{Location: "DOCK1", Qty: 2, Serials: []string{"SN-1", "SN-2"}}}},
	}
	if !reflect.DeepEqual(pl, want) {
		t.Fatalf("pallet at receipt:\n got %+v\nwant %+v", pl, want)
	}

	// Put away 6 of the saline under the pallet label, one pump without it
	// (a serial is found by its projection anyway), ship the other pump.
	mustAppend(t, db, onPallet(move(inventory.KindPutaway, gtinLot, "L-P", "", 6, "DOCK1", "A-01"), testSSCC))
	mustAppend(t, db, move(inventory.KindPutaway, gtinSerial, "", "SN-1", 1, "DOCK1", "A-02"))
	mustAppend(t, db, inventory.Event{Kind: inventory.KindShip, GTIN: gtinSerial, Serial: "SN-2", Qty: 1, From: "DOCK1", Doc: "SO-1"})
	// Loose units leave DOCK1 without the label: the 3 loose and 4 of the
	// other pallet go first, then 2 more, so only 2 of ours can still be
	// at DOCK1 (stock there is 17-6-9 = 2).
	mustAppend(t, db, move(inventory.KindMove, gtinLot, "L-P", "", 9, "DOCK1", "A-02"))

	pl, err = db.Pallet(ctx, testSSCC)
	if err != nil {
		t.Fatal(err)
	}
	want[0].Places = []PalletPlace{{Location: "A-01", Qty: 6}, {Location: "DOCK1", Qty: 2}}
	want[1].Places = []PalletPlace{{Location: "A-02", Qty: 1, Serials: []string{"SN-1"}}}
	if !reflect.DeepEqual(pl, want) {
		t.Fatalf("pallet after moves:\n got %+v\nwant %+v", pl, want)
	}

	// The other pallet is its own; events read back carry their SSCC.
	if other, err := db.Pallet(ctx, otherSSCC); err != nil || len(other) != 1 || other[0].Qty != 4 {
		t.Errorf("other pallet: %v %+v", err, other)
	}
	evs, err := db.Events(ctx, 0, 100)
	if err != nil || evs[0].SSCC != testSSCC || evs[4].SSCC != "" {
		t.Errorf("events: %v %+v", err, evs)
	}
	// And the field travels in the wire JSON the outbox hands the sync client.
	batch, err := db.OutboxBatch(ctx, 1, 1<<20)
	if err != nil || len(batch) != 1 {
		t.Fatal(err, batch)
	}
	b, _ := json.Marshal(batch[0])
	var back inventory.Event
	if err := json.Unmarshal(b, &back); err != nil || back.SSCC != testSSCC {
		t.Errorf("wire JSON %s -> %+v, %v", b, back, err)
	}
}

func TestPalletUnknownAndBadSSCC(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	mustAppend(t, db, receive(gtinLot, "L-P", "", "2028-06-30", 10, "DOCK1"))
	for _, s := range []string{testSSCC, "", "  "} {
		if _, err := db.Pallet(ctx, s); !errors.Is(err, ErrNotFound) {
			t.Errorf("Pallet(%q) = %v, want ErrNotFound", s, err)
		}
	}
	for _, bad := range []string{"09506000123456789", "095060001234567894", "09506000123456789X", "0950600012345678931"} {
		_, err := db.Append(ctx, onPallet(receive(gtinLot, "L-P", "", "2028-06-30", 1, "DOCK1"), bad))
		var re *RuleError
		if !errors.As(err, &re) || !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("SSCC %q: err = %v, want an invalid-event refusal", bad, err)
		}
	}
	// Refusals wrote nothing.
	if evs, err := db.Events(ctx, 0, 100); err != nil || len(evs) != 1 {
		t.Errorf("%d events after refusals, want 1 (err %v)", len(evs), err)
	}
	// Surrounding blanks from a keyed SSCC are trimmed on both sides.
	mustAppend(t, db, onPallet(receive(gtinLot, "L-P", "", "2028-06-30", 1, "DOCK1"), " "+testSSCC+" "))
	if pl, err := db.Pallet(ctx, " "+testSSCC); err != nil || len(pl) != 1 || pl[0].Qty != 1 {
		t.Errorf("trimmed pallet: %v %+v", err, pl)
	}
}

// TestHugeQuantityIsRefused: three receipts of MaxInt64 used to overflow
// the stock and document sums into floating point, after which every stock
// read failed.
func TestHugeQuantityIsRefused(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	for _, q := range []int64{MaxQty + 1, 1 << 62, -(MaxQty + 1)} {
		kind := inventory.KindReceive
		if q < 0 {
			kind = inventory.KindAdjust
		}
		_, err := db.Append(ctx, inventory.Event{Operator: "op1", Kind: kind, GTIN: gtinNone, Qty: q, To: "DOCK1", Doc: "PO-X", DocLine: 1})
		if !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("qty %d: err = %v, want ErrInvalidEvent", q, err)
		}
	}
	for i := 0; i < 3; i++ {
		mustAppend(t, db, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinNone, Qty: MaxQty, To: "DOCK1", Doc: "PO-X", DocLine: 1})
	}
	if got, err := db.Received(ctx, "PO-X"); err != nil || got[1] != 3*MaxQty {
		t.Errorf("Received = %v, %v", got, err)
	}
	if rows, err := db.Stock(ctx, StockFilter{Location: "DOCK1"}); err != nil || len(rows) != 1 || rows[0].Qty != 3*MaxQty {
		t.Errorf("stock = %+v, %v", rows, err)
	}
}
