package localdb

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/scanterm/scanterm/inventory"
)

// stockAt is the projection's quantity of gtin and lot at loc (0 when it
// holds no row).
func stockAt(tb testing.TB, db *DB, gtin, lot, loc string) int64 {
	tb.Helper()
	n, err := stockQty(context.Background(), db.sql, gtin, lot, loc)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// A serialised unit this terminal has never seen leaves no place in its
// projection, as on the hub (inventory.EffectOf): the terminal still asks
// whether the place the operator names holds one, so the refusal and the
// flag are what they were, but the place it names is no longer taken
// below what the serial projection has there.
func TestUnseenSerialLeavesNoPlace(t *testing.T) {
	ctx := context.Background()

	// Refused by default where the place holds none.
	db := openTest(t, Options{})
	_, err := db.Append(ctx, inventory.Event{Operator: "op1", Kind: inventory.KindMove, GTIN: gtinSerial, Serial: "SN-NEW", Qty: 1, From: "A-01", To: "A-02"})
	if !errors.Is(err, ErrNegativeStock) {
		t.Fatalf("move of an unseen unit from an empty place: %v, want ErrNegativeStock", err)
	}

	// Recorded and flagged when the policy allows it: the unit arrives,
	// nothing leaves A-01 (it used to read -1 there).
	db = openTest(t, Options{NegativeStock: AllowAndFlag})
	ev := mustAppend(t, db, inventory.Event{Kind: inventory.KindMove, GTIN: gtinSerial, Serial: "SN-NEW", Qty: 1, From: "A-01", To: "A-02"})
	if !reflect.DeepEqual(ev.Flags, []string{FlagNegativeStock}) {
		t.Errorf("flags %v, want [%s]", ev.Flags, FlagNegativeStock)
	}
	if a, b := stockAt(t, db, gtinSerial, "", "A-01"), stockAt(t, db, gtinSerial, "", "A-02"); a != 0 || b != 1 {
		t.Errorf("stock A-01 %d, A-02 %d; want 0 and 1", a, b)
	}

	// Where the place holds other units of the product, the move goes
	// through unflagged, and those units stay counted there.
	mustAppend(t, db, receive(gtinSerial, "", "SN-1", "", 1, "A-01"))
	ev = mustAppend(t, db, inventory.Event{Kind: inventory.KindShip, GTIN: gtinSerial, Serial: "SN-OTHER", Qty: 1, From: "A-01", Doc: "SO-1"})
	if len(ev.Flags) != 0 {
		t.Errorf("ship of an unseen unit from a place holding one: flags %v", ev.Flags)
	}
	if n := stockAt(t, db, gtinSerial, "", "A-01"); n != 1 {
		t.Errorf("stock A-01 %d after shipping an unseen unit, want 1 (SN-1 is there)", n)
	}
	st, err := db.Serial(ctx, gtinSerial, "SN-OTHER")
	if err != nil || st.Status != inventory.SerialShipped || st.Location != "" {
		t.Errorf("SN-OTHER: %v %+v, want shipped", err, st)
	}
	before := snapshot(t, db)
	if err := db.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("rebuild differs:\n%s\nwant\n%s", after, before)
	}
}

// A count under a pallet label sets the stock of the whole lot at the
// place; the pallet view keeps counting only what moved under the label
// (never more than the place holds).
func TestPalletIgnoresCountQuantity(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	mustAppend(t, db, onPallet(receive(gtinLot, "L-P", "", "2028-06-30", 10, "DOCK1"), testSSCC))
	mustAppend(t, db, receive(gtinLot, "L-P", "", "2028-06-30", 5, "DOCK1"))
	count := inventory.Event{Kind: inventory.KindCount, GTIN: gtinLot, Lot: "L-P", Qty: 15, To: "DOCK1"}
	mustAppend(t, db, onPallet(count, testSSCC))
	pl, err := db.Pallet(ctx, testSSCC)
	if err != nil {
		t.Fatal(err)
	}
	if want := []PalletPlace{{Location: "DOCK1", Qty: 10}}; len(pl) != 1 || !reflect.DeepEqual(pl[0].Places, want) {
		t.Errorf("pallet after a count of 15: %+v, want places %+v", pl, want)
	}
	// A count that finds fewer caps the pallet at what the place holds.
	count.Qty = 4
	mustAppend(t, db, onPallet(count, testSSCC))
	pl, err = db.Pallet(ctx, testSSCC)
	if err != nil {
		t.Fatal(err)
	}
	if want := []PalletPlace{{Location: "DOCK1", Qty: 4}}; len(pl) != 1 || !reflect.DeepEqual(pl[0].Places, want) {
		t.Errorf("pallet after a count of 4: %+v, want places %+v", pl, want)
	}
}
