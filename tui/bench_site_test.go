package tui

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// BenchmarkScanToScreenSite is BenchmarkScanToScreen on a terminal that
// holds a large site's replica, so every rule reads the merged view
// (replica plus this terminal's overlay) at that size: SITE_BENCH_SCALE
// of 1 M serialised units over 1,000 bins, 100 k lots and 200 k stock rows
// (default 0.1, as sync/client's site benchmarks). The replica is written
// through ApplyChanges in pull-sized pages, as a first pull leaves it.
// "serial" receives new units of the serialised product (the serial is
// looked up in the view); "lot" receives cases of a lot the site holds
// stock of.
func BenchmarkScanToScreenSite(b *testing.B) {
	scale := 0.1
	if s := os.Getenv("SITE_BENCH_SCALE"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 {
			b.Fatalf("SITE_BENCH_SCALE %q: want a positive number", s)
		}
		scale = v
	}
	serials, lots, stock := int(1_000_000*scale), int(100_000*scale), int(200_000*scale)
	db := openDB(b)
	ctx := context.Background()
	seedReplica(b, db, serials, lots, stock)
	// The view holds the site: the last unit seeded, where it was put.
	last := fmt.Sprintf("S%d", serials-1)
	if st, err := db.Serial(ctx, gtinSerial, last); err != nil || st.Status != inventory.SerialInStock || st.Location != fmt.Sprintf("BIN-%d", (serials-1)%1000) {
		b.Fatalf("serial %s in the view: %+v %v", last, st, err)
	}
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "bench-po", PurchaseOrders: []inventory.PurchaseOrder{
		{ID: "PO-B", Supplier: "Bench", Status: inventory.DocOpen, Version: 1, Lines: []inventory.POLine{
			{Line: 1, GTIN: gtinLot, Qty: 1 << 40}, {Line: 2, GTIN: gtinSerial, Qty: 1 << 40}}},
	}}); err != nil {
		b.Fatal(err)
	}
	// The benchmark runs each case more than once on the same database
	// (b.N = 1 first): new serials go on numbering across runs.
	next := 0
	for _, tc := range []struct {
		name string
		scan func(i int) string
	}{
		// Serials in letters: a serial with digits such as "10" or "30"
		// in it, read without any GS, is held once as a value that may
		// hide another AI (tui/flow/unsplit.go), which is not what this
		// measures. The lot scan carries a GS, so it is not suspected.
		{"serial", func(i int) string { return fmt.Sprintf("]C101%s21NEW%s", gtinSerial, letters(i)) }},
		{"lot", func(i int) string { return fmt.Sprintf("]C101%s10L%d\x1d17271231", gtinLot, i%max(lots, 1)) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			scanToScreen(b, db, func(int) string { next++; return tc.scan(next) })
		})
	}
}

// seedReplica writes a site into db's replica through ApplyChanges, 5,000
// rows a page, the last page ending the pull (the view is built then).
func seedReplica(b *testing.B, db interface {
	ApplyChanges(context.Context, wire.Changes) error
}, serials, lots, stock int) {
	b.Helper()
	ctx := context.Background()
	const page = 5000
	var ch wire.Changes
	n, v := 0, int64(100)
	flush := func(last bool) {
		n++
		ch.Cursor, ch.More = fmt.Sprintf("site-%d", n), !last
		if err := db.ApplyChanges(ctx, ch); err != nil {
			b.Fatalf("replica page %d: %v", n, err)
		}
		ch = wire.Changes{}
	}
	rows := func() int { return len(ch.Lots) + len(ch.Stock) + len(ch.Serials) }
	for i := range lots {
		v++
		ch.Lots = append(ch.Lots, inventory.Lot{GTIN: gtinLot, Lot: fmt.Sprintf("L%d", i), Expiry: "2027-12-31", Status: inventory.LotReleased, Version: v})
		if rows() == page {
			flush(false)
		}
	}
	for i := range stock {
		v++
		ch.Stock = append(ch.Stock, inventory.StockLevel{GTIN: gtinLot, Lot: fmt.Sprintf("L%d", i%max(lots, 1)), Location: fmt.Sprintf("BIN-%d", i/max(lots, 1)), Qty: 5, Version: v})
		if rows() == page {
			flush(false)
		}
	}
	for i := range serials {
		v++
		ch.Serials = append(ch.Serials, inventory.SerialRecord{GTIN: gtinSerial, Serial: fmt.Sprintf("S%d", i), Status: inventory.SerialInStock,
			Location: fmt.Sprintf("BIN-%d", i%1000), LastEvent: fmt.Sprintf("seed-%d", i), LastKind: inventory.KindPutaway, LastDevice: "seed", LastSeq: int64(i + 1), Version: v})
		if rows() == page {
			flush(false)
		}
	}
	for i := range 1000 {
		v++
		ch.Stock = append(ch.Stock, inventory.StockLevel{GTIN: gtinSerial, Location: fmt.Sprintf("BIN-%d", i), Qty: int64(serials / 1000), Version: v})
	}
	flush(true)
}

// letters writes i in the letters A to Z (bijective base 26).
func letters(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
