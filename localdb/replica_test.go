package localdb

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// onHand adds up the view's stock of a product and lot per location.
func onHand(t *testing.T, db *DB, gtin, lot string) map[string]int64 {
	t.Helper()
	rows, err := db.Stock(context.Background(), StockFilter{GTIN: gtin, Lot: lot})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Location] = r.Qty
	}
	return out
}

// checkView proves the view the pulls and appends kept step by step is the
// one built from scratch: the replica plus the own events after the
// included seq, each counted once.
func checkView(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	before, err := db.Stock(ctx, StockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ser := func() []inventory.SerialState {
		var out []inventory.SerialState
		for _, loc := range []string{"DOCK1", "A-01", "A-02", "STAGE", "QUAR"} {
			s, err := db.SerialsAt(ctx, loc, "")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s...)
		}
		return out
	}
	sb := ser()
	if err := db.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := db.Stock(ctx, StockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("view kept step by step:\n%+v\nbuilt from scratch:\n%+v", before, after)
	}
	if sa := ser(); !reflect.DeepEqual(sb, sa) {
		t.Fatalf("serials kept step by step:\n%+v\nbuilt from scratch:\n%+v", sb, sa)
	}
}

// sameLedger fills in the id of the event at ch.IncludesSeq as a hub
// holding this terminal's ledger would (the test pulls name the seq only).
func sameLedger(t *testing.T, db *DB, ch wire.Changes) wire.Changes {
	t.Helper()
	if ch.IncludesSeq <= 0 || ch.IncludesID != "" {
		return ch
	}
	base, err := db.SeqBase(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	evs, err := db.Events(context.Background(), ch.IncludesSeq-base-1, 1)
	if err != nil || len(evs) != 1 {
		t.Fatalf("event %d of the ledger: %v %v", ch.IncludesSeq-base, evs, err)
	}
	ch.IncludesID = evs[0].ID
	return ch
}

// TestSiteReplicaOverlay walks one terminal through pulls and its own
// scans: other terminals' stock appears at the pull that ends, its own
// events count once whether the hub has applied them or not, a page is
// never applied in part.
func TestSiteReplicaOverlay(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	pull := func(ch wire.Changes) error {
		t.Helper()
		return db.ApplyChanges(ctx, sameLedger(t, db, ch))
	}
	// Another terminal received 10 of L-A at the dock.
	if err := pull(wire.Changes{Cursor: "5", Stock: []inventory.StockLevel{{GTIN: gtinLot, Lot: "L-A", Location: "DOCK1", Qty: 10, Version: 5}}}); err != nil {
		t.Fatal(err)
	}
	if got := onHand(t, db, gtinLot, "L-A"); !reflect.DeepEqual(got, map[string]int64{"DOCK1": 10}) {
		t.Fatalf("after pull: %v", got)
	}
	checkView(t, db)
	// This terminal puts 4 away: the overlay, not yet at the hub.
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindPutaway, Operator: "op1", GTIN: gtinLot, Lot: "L-A", Qty: 4, From: "DOCK1", To: "A-01"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"DOCK1": 6, "A-01": 4}
	if got := onHand(t, db, gtinLot, "L-A"); !reflect.DeepEqual(got, want) {
		t.Fatalf("after put-away: %v", got)
	}
	checkView(t, db)
	// A pull from before the hub applied it changes nothing.
	if err := pull(wire.Changes{Cursor: "6"}); err != nil {
		t.Fatal(err)
	}
	if got := onHand(t, db, gtinLot, "L-A"); !reflect.DeepEqual(got, want) {
		t.Fatalf("after an empty pull: %v", got)
	}
	// The pull that includes it: in the replica now, not twice.
	if err := pull(wire.Changes{Cursor: "8", IncludesSeq: 1, Stock: []inventory.StockLevel{
		{GTIN: gtinLot, Lot: "L-A", Location: "DOCK1", Qty: 6, Version: 7}, {GTIN: gtinLot, Lot: "L-A", Location: "A-01", Qty: 4, Version: 8}}}); err != nil {
		t.Fatal(err)
	}
	if got := onHand(t, db, gtinLot, "L-A"); !reflect.DeepEqual(got, want) {
		t.Fatalf("after the pull that includes the put-away: %v", got)
	}
	if n, _ := db.IncludedSeq(ctx); n != 1 {
		t.Fatalf("included seq %d", n)
	}
	checkView(t, db)
	// A pull of two pages: the view moves when the last one is in.
	if err := pull(wire.Changes{Cursor: "9", More: true, IncludesSeq: 1, Stock: []inventory.StockLevel{{GTIN: gtinLot, Lot: "L-A", Location: "DOCK1", Qty: 0, Version: 9}}}); err != nil {
		t.Fatal(err)
	}
	if got := onHand(t, db, gtinLot, "L-A"); !reflect.DeepEqual(got, want) {
		t.Fatalf("half-way through a pull: %v", got)
	}
	if err := pull(wire.Changes{Cursor: "10", IncludesSeq: 1, Stock: []inventory.StockLevel{{GTIN: gtinLot, Lot: "L-A", Location: "A-02", Qty: 6, Version: 10}}}); err != nil {
		t.Fatal(err)
	}
	want = map[string]int64{"A-02": 6, "A-01": 4}
	if got := onHand(t, db, gtinLot, "L-A"); !reflect.DeepEqual(got, want) {
		t.Fatalf("after a two-page pull: %v", got)
	}
	checkView(t, db)

	// Rules read the view: the 6 at A-02 another terminal moved can be
	// picked here, and not more.
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindPick, Operator: "op1", GTIN: gtinLot, Lot: "L-A", Qty: 7, From: "A-02", To: "STAGE"}); !errors.Is(err, ErrNegativeStock) {
		t.Fatalf("picking 7 of 6: %v", err)
	}
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindPick, Operator: "op1", GTIN: gtinLot, Lot: "L-A", Qty: 6, From: "A-02", To: "STAGE"}); err != nil {
		t.Fatal(err)
	}
	checkView(t, db)

	// Units: one another terminal received, picked here, shipped there.
	at := time.Date(2026, 6, 14, 9, 0, 0, 0, time.UTC)
	if err := pull(wire.Changes{Cursor: "12", IncludesSeq: 1, Stock: []inventory.StockLevel{{GTIN: gtinSerial, Location: "A-01", Qty: 1, Version: 11}}, Serials: []inventory.SerialRecord{
		{GTIN: gtinSerial, Serial: "S1", Status: inventory.SerialInStock, Location: "A-01", LastEvent: "ev-t1-5", LastKind: inventory.KindPutaway, LastDevice: "t1", LastSeq: 5, LastAt: at, Version: 12}}}); err != nil {
		t.Fatal(err)
	}
	st, err := db.Serial(ctx, gtinSerial, "S1")
	if err != nil || st.Location != "A-01" || st.LastEvent != "ev-t1-5" || st.LastSeq != 0 || st.LastKind != inventory.KindPutaway || !st.LastAt.Equal(at) {
		t.Fatalf("a unit another terminal put away: %+v %v", st, err)
	}
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: gtinSerial, Serial: "S1", Qty: 1, To: "DOCK1"}); !errors.Is(err, ErrSerialInStock) {
		t.Fatalf("receiving a unit in stock at another terminal's bin: %v", err)
	}
	pick, err := db.Append(ctx, inventory.Event{Kind: inventory.KindPick, Operator: "op1", GTIN: gtinSerial, Serial: "S1", Qty: 1, From: "A-01", To: "STAGE"})
	if err != nil {
		t.Fatal(err)
	}
	checkView(t, db)
	if err := pull(wire.Changes{Cursor: "15", IncludesSeq: pick.Seq, Stock: []inventory.StockLevel{
		{GTIN: gtinSerial, Location: "A-01", Qty: 0, Version: 13}, {GTIN: gtinSerial, Location: "STAGE", Qty: 1, Version: 14}}, Serials: []inventory.SerialRecord{
		{GTIN: gtinSerial, Serial: "S1", Status: inventory.SerialPicked, Location: "STAGE", LastEvent: pick.ID, LastKind: inventory.KindPick, LastDevice: "term-1", LastSeq: pick.Seq, LastAt: pick.At, Version: 15}}}); err != nil {
		t.Fatal(err)
	}
	if st, err := db.Serial(ctx, gtinSerial, "S1"); err != nil || st.LastSeq != pick.Seq || st.Status != inventory.SerialPicked {
		t.Fatalf("own pick in the replica: %+v %v", st, err)
	}
	checkView(t, db)
	if err := pull(wire.Changes{Cursor: "17", IncludesSeq: pick.Seq, Stock: []inventory.StockLevel{{GTIN: gtinSerial, Location: "STAGE", Qty: 0, Version: 16}}, Serials: []inventory.SerialRecord{
		{GTIN: gtinSerial, Serial: "S1", Status: inventory.SerialShipped, LastEvent: "ev-t3-9", LastKind: inventory.KindShip, LastDevice: "t3", LastSeq: 9, LastAt: at, LastDoc: "SO-1", Version: 17}}}); err != nil {
		t.Fatal(err)
	}
	h, err := db.SerialHistory(ctx, gtinSerial, "S1")
	if err != nil || len(h) != 2 || h[1].Kind != inventory.KindShip || h[1].Doc != "SO-1" || h[1].Device != "t3" || h[1].ID != "ev-t3-9" {
		t.Fatalf("history of a unit another terminal shipped: %+v %v", h, err)
	}
	if got := onHand(t, db, gtinSerial, ""); len(got) != 0 {
		t.Fatalf("stock of a shipped unit: %v", got)
	}
	checkView(t, db)

	// Pages that cannot be right are refused whole.
	cur, _ := db.Cursor(ctx)
	bad := []wire.Changes{
		{Cursor: "20", Products: []inventory.Product{{GTIN: gtinNone, Name: "Renamed", Tracking: inventory.TrackNone, Version: 20}},
			Serials: []inventory.SerialRecord{{GTIN: gtinSerial, Serial: "S2", Status: "lost", Version: 20}}},
		{Cursor: "21", Stock: []inventory.StockLevel{{GTIN: "09506000999999", Location: "A-01", Qty: 3, Version: 21}}},
		{Cursor: "22", Stock: []inventory.StockLevel{{GTIN: gtinNone, Qty: 3, Version: 22}}},
	}
	for _, ch := range bad {
		if err := pull(ch); !errors.Is(err, ErrBadPull) {
			t.Errorf("bad page %s: %v", ch.Cursor, err)
		}
	}
	if c, _ := db.Cursor(ctx); c != cur {
		t.Errorf("cursor moved to %s on a refused page", c)
	}
	if p, _ := db.Product(ctx, gtinNone); p.Name != "Carton" {
		t.Errorf("a refused page renamed a product: %+v", p)
	}
	if got := onHand(t, db, "09506000999999", ""); len(got) != 0 {
		t.Errorf("a refused page left stock: %v", got)
	}
}
