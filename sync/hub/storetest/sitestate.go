package storetest

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
)

// siteView folds pulled stock and serial rows into the latest row per key,
// as a terminal's replica holds them.
type siteView struct {
	stock   map[[3]string]int64
	serials map[[2]string]inventory.SerialRecord
	incl    int64
}

// pullSite pulls every page after since for dev (limited to warehouses)
// into v and returns the new cursor.
func pullSite(t *testing.T, s store.Store, v *siteView, dev, since string, limit int, warehouses ...string) string {
	t.Helper()
	if v.stock == nil {
		v.stock, v.serials = map[[3]string]int64{}, map[[2]string]inventory.SerialRecord{}
	}
	for i := 0; i < 10000; i++ {
		ch, err := s.Changes(ctx, dev, since, limit, warehouses...)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(ch.Stock) + len(ch.Serials); n > limit {
			t.Fatalf("page of %d site rows, limit %d", n, limit)
		}
		fold(v, ch)
		since = ch.Cursor
		if !ch.More {
			v.incl = ch.IncludesSeq
			return since
		}
	}
	t.Fatal("changes never end")
	return ""
}

func fold(v *siteView, ch wire.Changes) {
	for _, r := range ch.Stock {
		v.stock[[3]string{r.GTIN, r.Lot, r.Location}] = r.Qty
	}
	for _, r := range ch.Serials {
		v.serials[[2]string{r.GTIN, r.Serial}] = r
	}
}

// testSiteChanges: a pull carries every device's effect on stock and
// serial state, paged and in version order, says which of the puller's
// seqs it includes, and a warehouse limit keeps other warehouses' rows
// out; the stock report agrees with what the pull built.
func testSiteChanges(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	b := demoBatch()
	b.Products = append(b.Products, inventory.Product{GTIN: gtinSerial, SKU: "P3", Name: "Serial", Tracking: inventory.TrackSerial})
	b.Locations = append(b.Locations,
		inventory.Location{Code: "BIN-A", Kind: inventory.LocBin, Warehouse: "W1"},
		inventory.Location{Code: "BIN-B", Kind: inventory.LocBin, Warehouse: "W2"})
	if _, err := s.Import(ctx, b, t0); err != nil {
		t.Fatal(err)
	}
	push(t, s, "t1",
		Ev("t1", 1, inventory.KindReceive, gtinSerial, "", "S1", 1, "", "DOCK"),
		Ev("t1", 2, inventory.KindReceive, gtinLot, "L1", "", 10, "", "DOCK"),
		Ev("t1", 3, inventory.KindPutaway, gtinLot, "L1", "", 4, "DOCK", "BIN-A"))
	push(t, s, "t2",
		Ev("t2", 1, inventory.KindMove, gtinSerial, "", "S1", 1, "DOCK", "BIN-B"),
		Ev("t2", 2, inventory.KindReceive, gtinPlain, "", "", 3, "", "BIN-B"))

	var all siteView
	cur := pullSite(t, s, &all, "t1", "", 3)
	want := map[[3]string]int64{
		{gtinSerial, "", "DOCK"}: 0, {gtinSerial, "", "BIN-B"}: 1,
		{gtinLot, "L1", "DOCK"}: 6, {gtinLot, "L1", "BIN-A"}: 4, {gtinPlain, "", "BIN-B"}: 3,
	}
	for k, q := range want {
		if got, ok := all.stock[k]; !ok || got != q {
			t.Errorf("stock %v: %d (pulled %v), want %d", k, got, ok, q)
		}
	}
	s1 := all.serials[[2]string{gtinSerial, "S1"}]
	if s1.Status != inventory.SerialInStock || s1.Location != "BIN-B" || s1.LastDevice != "t2" || s1.LastSeq != 1 ||
		s1.LastEvent != "t2-1" || s1.LastKind != inventory.KindMove || s1.LastAt.IsZero() {
		t.Errorf("serial S1: %+v", s1)
	}
	if all.incl != 3 {
		t.Errorf("includes seq %d, want 3 (t1 pushed 1..3)", all.incl)
	}

	// Limited to W1: nothing at BIN-B, but S1, which left W1, comes once.
	var w1 siteView
	cur1 := pullSite(t, s, &w1, "t1", "", 2, "W1")
	for k := range w1.stock {
		if k[2] == "BIN-B" {
			t.Errorf("W1 pull carried stock of W2: %v", k)
		}
	}
	if r, ok := w1.serials[[2]string{gtinSerial, "S1"}]; !ok || r.Location != "BIN-B" {
		t.Errorf("W1 pull: S1 left W1 and should say where it went: %+v %v", r, ok)
	}

	// An incremental pull: stock at 0 comes as a row of 0, and a unit
	// moving inside W2 stays out of the W1 pull.
	push(t, s, "t1", Ev("t1", 4, inventory.KindShip, gtinLot, "L1", "", 6, "DOCK", ""))
	push(t, s, "t2", Ev("t2", 3, inventory.KindShip, gtinSerial, "", "S1", 1, "BIN-B", ""))
	var inc siteView
	pullSite(t, s, &inc, "t1", cur, 100)
	if q, ok := inc.stock[[3]string{gtinLot, "L1", "DOCK"}]; !ok || q != 0 || len(inc.stock) != 2 {
		t.Errorf("incremental stock: %v", inc.stock)
	}
	if r := inc.serials[[2]string{gtinSerial, "S1"}]; r.Status != inventory.SerialShipped || inc.incl != 4 {
		t.Errorf("incremental: S1 %+v, includes %d", r, inc.incl)
	}
	var inc1 siteView
	pullSite(t, s, &inc1, "t1", cur1, 100, "W1")
	if _, ok := inc1.serials[[2]string{gtinSerial, "S1"}]; ok {
		t.Errorf("W1 pull carried a unit shipped from W2")
	}

	rows, err := s.Stock(ctx, store.StockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[[3]string]store.StockRow{}
	for _, r := range rows {
		got[[3]string{r.GTIN, r.Lot, r.Location}] = r
	}
	if len(got) != 2 || got[[3]string{gtinLot, "L1", "BIN-A"}].Qty != 4 || got[[3]string{gtinPlain, "", "BIN-B"}].Warehouse != "W2" {
		t.Errorf("stock report: %+v", rows)
	}
	if r := got[[3]string{gtinLot, "L1", "BIN-A"}]; r.Expiry != "2027-01-31" || r.LotStatus != inventory.LotReleased || r.Warehouse != "W1" {
		t.Errorf("stock report lot columns: %+v", r)
	}
	if rows, err := s.Stock(ctx, store.StockFilter{Warehouse: "W1", GTINs: []string{gtinLot}}); err != nil || len(rows) != 1 || rows[0].Location != "BIN-A" {
		t.Errorf("stock report of W1: %+v %v", rows, err)
	}
}
