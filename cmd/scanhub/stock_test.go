package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// TestStock: scanhub stock reports what every terminal's events left on
// hand, with warehouse, expiry and lot status, filtered and as JSON.
func TestStock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	db := "sqlite:" + path
	st, err := hub.OpenStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	const gtin = "09506000134369"
	_, err = st.Import(ctx, store.Batch{
		Products:  []inventory.Product{{GTIN: gtin, Name: "Lotted", Tracking: inventory.TrackLot}},
		Locations: []inventory.Location{{Code: "DOCK", Kind: inventory.LocDock, Warehouse: "W1"}, {Code: "B-01", Kind: inventory.LocBin, Warehouse: "W2"}},
		Lots:      []inventory.Lot{{GTIN: gtin, Lot: "L1", Expiry: "2027-01-31", Status: inventory.LotQuarantine}},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"t1", "t2"} {
		if err := st.AddDevice(ctx, d, "code-"+d, now.Add(time.Hour), now); err != nil {
			t.Fatal(err)
		}
	}
	ev := func(dev string, seq int64, kind inventory.EventKind, qty int64, from, to string) inventory.Event {
		return inventory.Event{ID: dev + "-" + string(rune('0'+seq)), Device: dev, Seq: seq, Operator: "1001", At: now, Kind: kind, GTIN: gtin, Lot: "L1", Qty: qty, From: from, To: to}
	}
	if _, err := st.Push(ctx, "t1", []inventory.Event{ev("t1", 1, inventory.KindReceive, 10, "", "DOCK")}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Push(ctx, "t2", []inventory.Event{ev("t2", 1, inventory.KindMove, 4, "DOCK", "B-01")}, now); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := scanhub(t, "stock", "--db", db)
	for _, want := range []string{"WAREHOUSE", "W1  ", "DOCK", "B-01", "2027-01-31", "quarantine", "2 rows", "10"} {
		if !strings.Contains(out, want) {
			t.Errorf("stock table lacks %q:\n%s", want, out)
		}
	}
	out = scanhub(t, "stock", "--db", db, "--warehouse", "W2", "--gtin", gtin, "--json")
	var r store.StockRow
	if err := json.Unmarshal([]byte(out), &r); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("stock --json: %v\n%s", err, out)
	}
	if r.Location != "B-01" || r.Qty != 4 || r.Warehouse != "W2" || r.LotStatus != inventory.LotQuarantine {
		t.Errorf("stock --warehouse W2: %+v", r)
	}
	if out := scanhub(t, "stock", "--db", db, "--location", "NOWHERE"); !strings.Contains(out, "no stock on hand matches") {
		t.Errorf("empty stock: %q", out)
	}
	if _, err := try("stock", "--db", db, "--gtin", "12ab"); err == nil {
		t.Error("a bad --gtin was accepted")
	}
}
