package localdb

import (
	"context"
	"errors"
	"testing"

	"github.com/scanterm/scanterm/inventory"
)

// TestSerialsAtAndWriteOff: the units at a location are listed (not those
// moved away, shipped or scrapped), and a count's write-off of a unit not
// found (adjust -1 from the location) takes it out of stock, after which
// a count that finds it again brings it back.
func TestSerialsAtAndWriteOff(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	for _, sn := range []string{"S3", "S1", "S2", "S4"} {
		mustAppend(t, db, receive(gtinSerial, "", sn, "", 1, "A-01"))
	}
	mustAppend(t, db, inventory.Event{Kind: inventory.KindMove, GTIN: gtinSerial, Serial: "S4", Qty: 1, From: "A-01", To: "A-02"})
	mustAppend(t, db, receive(gtinSerial, "", "S9", "", 1, "A-02"))

	serials := func(loc, gtin string) []string {
		t.Helper()
		sts, err := db.SerialsAt(ctx, loc, gtin)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, st := range sts {
			if st.Location != loc || st.GTIN != gtinSerial {
				t.Errorf("SerialsAt(%s) row %+v", loc, st)
			}
			out = append(out, st.Serial)
		}
		return out
	}
	if got := serials("A-01", gtinSerial); !equalStrings(got, []string{"S1", "S2", "S3"}) {
		t.Errorf("SerialsAt(A-01) = %v, want S1 S2 S3", got)
	}
	if got := serials("A-02", ""); !equalStrings(got, []string{"S4", "S9"}) {
		t.Errorf("SerialsAt(A-02, any product) = %v, want S4 S9", got)
	}
	if got := serials("A-01", gtinLot); len(got) != 0 {
		t.Errorf("SerialsAt(A-01) of another product = %v", got)
	}

	// S2 not found at a count: written off.
	mustAppend(t, db, inventory.Event{Kind: inventory.KindAdjust, GTIN: gtinSerial, Serial: "S2", Qty: -1, From: "A-01", Note: "count: not found"})
	if got := serials("A-01", gtinSerial); !equalStrings(got, []string{"S1", "S3"}) {
		t.Errorf("after write-off SerialsAt(A-01) = %v, want S1 S3", got)
	}
	if st, err := db.Serial(ctx, gtinSerial, "S2"); err != nil || st.Status != inventory.SerialScrapped || st.Location != "" {
		t.Errorf("S2 after write-off = %+v, %v", st, err)
	}
	if rows, err := db.Stock(ctx, StockFilter{Location: "A-01", GTIN: gtinSerial}); err != nil || len(rows) != 1 || rows[0].Qty != 2 {
		t.Errorf("stock at A-01 after write-off = %+v (err %v)", rows, err)
	}
	// Writing it off twice is refused: it is no longer there.
	_, err := db.Append(ctx, inventory.Event{Kind: inventory.KindAdjust, GTIN: gtinSerial, Serial: "S2", Qty: -1, From: "A-01"})
	if !errors.Is(err, ErrSerialNotInStock) {
		t.Errorf("second write-off of S2: %v, want ErrSerialNotInStock", err)
	}
	// Found again at the next count.
	mustAppend(t, db, inventory.Event{Kind: inventory.KindCount, GTIN: gtinSerial, Serial: "S2", Qty: 1, To: "A-01"})
	if got := serials("A-01", gtinSerial); !equalStrings(got, []string{"S1", "S2", "S3"}) {
		t.Errorf("after recount SerialsAt(A-01) = %v, want S1 S2 S3", got)
	}
	if rows, err := db.Stock(ctx, StockFilter{Location: "A-01", GTIN: gtinSerial}); err != nil || len(rows) != 1 || rows[0].Qty != 3 {
		t.Errorf("stock at A-01 after recount = %+v (err %v)", rows, err)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
